import { describe, expect, it } from 'vitest';
import { toStableJson } from '../../../compiler/plugin-api.ts';
import { sortedKeys, stackJson } from '../../../targets/terraform/stable-json.ts';

/** Deterministic pseudo-random JSON-like values: maps with keys in any order, undefined members, lists, odd keys. */
function randomValue(next: () => number, depth: number): unknown {
  const pick = next() % (depth > 3 ? 4 : 7);
  if (pick === 0) return `s${next() % 5}`;
  if (pick === 1) return next() % 100;
  if (pick === 2) return next() % 2 === 0;
  if (pick === 3) return next() % 3 === 0 ? null : undefined;
  if (pick === 4) return Array.from({ length: next() % 4 }, () => randomValue(next, depth + 1));
  const keys = ['b', 'a', 'c', '10', '9', 'a_b', 'B', '', '__proto__'];
  const map: Record<string, unknown> = {};
  for (let count = next() % 5; count > 0; count--) {
    const key = keys[next() % keys.length]!;
    Object.defineProperty(map, key, { value: randomValue(next, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return map;
}

describe('stackJson', () => {
  it('writes what toStableJson writes, for sorted, unsorted and odd maps', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) >> 8;
    for (let round = 0; round < 3000; round++) {
      const value = { resource: randomValue(next, 0), output: randomValue(next, 1) };
      expect(stackJson(value)).toBe(toStableJson(value));
    }
  });

  it('keeps what is sorted already and copies only the maps that are not', () => {
    const sorted = { a: { x: 1, y: [{ m: 1, n: 2 }] }, b: 'text' };
    expect(sortedKeys(sorted)).toBe(sorted);
    const inner = { x: 1, y: 2 };
    const unsorted = { b: inner, a: 1 };
    const result = sortedKeys(unsorted) as Record<string, unknown>;
    expect(result).not.toBe(unsorted);
    expect(Object.keys(result)).toEqual(['a', 'b']);
    expect(result.b).toBe(inner);
    expect(sortedKeys({ a: 1, b: undefined })).toEqual({ a: 1 });
    expect(Object.keys(sortedKeys({ a: 1, b: undefined }) as object)).toEqual(['a']);
  });
});
