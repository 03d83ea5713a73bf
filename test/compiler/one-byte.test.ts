/**
 * compiler/load/one-byte.ts: the strings of a system.yaml that is not all ASCII are held one byte a
 * character where they fit. V8's serializer tags a string with how V8 holds it: `"` one-byte, `c` two-byte.
 */
import { serialize } from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { memoryHost } from '../../compiler/load/host.ts';
import { loadSystem } from '../../compiler/load/load.ts';
import { withOneByteStrings } from '../../compiler/load/one-byte.ts';

const oneByte = (text: string) => serialize(text)[2] === 0x22;
// values longer than ten characters: JSON.parse interns shorter ones, which may be held as they were first met
const SYSTEM = `infragen: 1
system: one-byte-strings
# an em dash — makes the whole text two-byte
description: "a description of more than ten characters"
tags: { owning-team-name: platform-engineering, café: crème brûlée }
`;

describe('loading a system.yaml that is not all ASCII', () => {
  it('holds its keys and values one-byte where they fit, and the rest as they were', () => {
    const file = '/project/system.yaml';
    const { loaded } = loadSystem(file, memoryHost({ [file]: SYSTEM }));
    const data = loaded!.data as { description: string; tags: Record<string, string> };
    expect(data.description).toBe('a description of more than ten characters');
    expect(oneByte(data.description)).toBe(true);
    expect(Object.keys(data.tags)).toEqual(['owning-team-name', 'café']);
    expect(oneByte(data.tags['owning-team-name']!)).toBe(true);
    expect(oneByte(Object.keys(data.tags)[0]!)).toBe(true);
    expect(data.tags['café']).toBe('crème brûlée');
  });
});

describe('withOneByteStrings', () => {
  it('gives the same data, a list or map held twice still held twice, and other objects as they are', () => {
    const shared = { list: ['first-item-of-the-list', 2, true, null] };
    const when = new Date(0);
    const map: Record<string, unknown> = { a: shared, b: shared, when, empty: {} };
    Object.defineProperty(map, '__proto__', { value: 'kept as a key', enumerable: true, writable: true, configurable: true });
    const copy = withOneByteStrings(map) as typeof map;
    expect(copy).toEqual(map);
    expect(copy).not.toBe(map);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(Object.keys(map));
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
    expect(copy.when).toBe(when);
  });

  it('re-reads each distinct string once, however often the data holds it (aliases of one long string stay one string)', () => {
    const long = '\0'.repeat(100_000);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const copy = withOneByteStrings({ anchor: long, aliases: [long, long, long] }) as { aliases: string[] };
      expect(copy.aliases).toEqual([long, long, long]);
      const reread = stringify.mock.calls.map(([value]) => value as string[]);
      expect(reread).toHaveLength(1);
      expect(reread[0]!.filter((text) => text === long)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
  });
});
