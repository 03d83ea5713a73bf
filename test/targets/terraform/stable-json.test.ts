import { describe, expect, it } from 'vitest';
import { sortKeysDeep, toStableJson } from '../../../compiler/plugin-api.ts';
import { sortedKeys, stackJson } from '../../../targets/terraform/stable-json.ts';
import { mulberry32, randomData } from '../../helpers/random.ts';

/** Random JSON-like values: keys in any order, odd ones (`__proto__`, integer-like, empty), undefined members. */
const SHAPE = { keys: ['b', 'a', 'c', '10', '9', 'a_b', 'B', '', '__proto__'], strings: ['s0', 's1', 's2'], undefinedLeaves: 0.1 };

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
    const next = mulberry32(11);
    for (let round = 0; round < 3000; round++) {
      const value = { resource: randomData(next, SHAPE), output: randomData(next, SHAPE, 1) };
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
    const next = mulberry32(5);
    for (let round = 0; round < 2000; round++) {
      const value = { resource: randomData(next, SHAPE), data: randomData(next, SHAPE, 1) };
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
