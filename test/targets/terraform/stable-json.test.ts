import { describe, expect, it } from 'vitest';
import { sortKeysDeep, toStableJson } from '../../../compiler/plugin-api.ts';
import { sortedKeys, stackJson } from '../../../targets/terraform/stable-json.ts';
import { mulberry32 } from '../../helpers/random.ts';

/** Deterministic whole numbers from `seed`. */
function integers(seed: number): () => number {
  const random = mulberry32(seed);
  return () => Math.floor(random() * 2 ** 31);
}

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

/** Every object and list in `value`. */
function containersOf(value: unknown, into = new Set<object>()): Set<object> {
  if (value !== null && typeof value === 'object') {
    into.add(value);
    for (const member of Object.values(value)) containersOf(member, into);
  }
  return into;
}

describe('sortedKeys', () => {
  it('gives what sortKeysDeep gives, for sorted, unsorted and odd maps', () => {
    const next = integers(11);
    for (let round = 0; round < 3000; round++) {
      const value = { resource: randomValue(next, 0), output: randomValue(next, 1) };
      expect(`${JSON.stringify(sortedKeys(value), null, 2)}\n`).toBe(toStableJson(value));
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
    expect(Object.keys(sortedKeys({ a: 1, b: undefined }) as object)).toEqual(['a']);
  });

  it('reads each member of maps nested 20 deep, each out of order, a bounded number of times', () => {
    // counted through proxies: a check whose result the copy threw away and made again would read 2^20
    let reads = 0;
    const counted = (map: Record<string, unknown>) => new Proxy(map, { get: (target, key) => (reads++, Reflect.get(target, key)) });
    let nested: Record<string, unknown> = { z: 'bottom', y: { b: 1, a: 2 } };
    let plain: Record<string, unknown> = { z: 'bottom', y: { b: 1, a: 2 } };
    for (let depth = 0; depth < 20; depth++) {
      nested = counted({ m: nested, k: { sorted: true }, a: depth });
      plain = { m: plain, k: { sorted: true }, a: depth };
    }
    expect(JSON.stringify(sortedKeys(nested))).toBe(JSON.stringify(sortKeysDeep(plain)));
    expect(reads).toBeLessThan(20 * 20);
  });
});

describe('stackJson', () => {
  it('writes what toStableJson writes when every object was merged into', () => {
    const next = integers(5);
    for (let round = 0; round < 2000; round++) {
      const value = { resource: randomValue(next, 0), data: randomValue(next, 1) };
      expect(stackJson(value, containersOf(value))).toBe(toStableJson(value));
    }
  });

  it('sorts the objects merged into and trusts the rest, as resolveElement made them', () => {
    const body = { name: 'x', tags: { a: '1', b: '2' } };
    const byType = { zeta: body, alpha: { name: 'y' } };
    const document = { resource: { aws_b: byType, aws_a: { one: { name: 'z' } } }, data: {} };
    const merged = new Set<object>([document, document.resource, byType]);
    expect(stackJson(document, merged)).toBe(toStableJson(document));
    // an object outside `merged` is written as it is
    expect(stackJson({ resource: { b: 1, a: 2 } }, new Set())).toBe('{\n  "resource": {\n    "b": 1,\n    "a": 2\n  }\n}\n');
  });
});
