/**
 * toStableYaml writes YAML directly for speed; it must give exactly the bytes the yaml library
 * gives for the same data, and read back (as YAML 1.1, like kubectl) to the same value.
 */
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sortKeysDeep, toStableJson, toStableYaml, toStableYamlOfPlainData } from '../../compiler/serialize.ts';
import { mulberry32, randomData } from '../helpers/random.ts';
import { byTier } from '../helpers/tiers.ts';

/** Random values compared with the yaml library: fewer in the quick tier, 3000 in the slow one (test/helpers/tiers.ts). */
const VALUES = byTier(1000, 3000);

const LIBRARY_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN', version: '1.1' } as const;

const TRICKY = [
  'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', '~', 'true', '', ' ', ' lead', 'trail ', '0755', '08', '1e3', '0x1F', '1_000',
  '12:30', '2021-01-01', '.inf', '-', '- item', '? q', 'a: b', 'a #b', '#c', '&anchor', '*alias', '!tag', '|', '>', '%x', '@at',
  '`tick', '"quoted"', "'single'", '[x]', '{y}', 'a, b', 'multi\nline', 'multi\nline\n', 'key: x\n  - y\n', 'tab\there', 'ünïcödé',
  'sh -c "exec $APP"', '$${VAR}', 'http://host:8080/path?q=1', 'arn:aws:sqs:us-east-1:123456789012:q', 'dist/api.handler',
  '/health', '/', '//x', '/a: b', 'a:', 'a::b', 'a:b:', '/yes', 'https://svc.example.com:443', '{{ .secret }}', '10.0.0.0/16', '1Gi',
];
/** Multi-line text a block literal cannot hold without indicators: double-quoted, so only round-trips are compared. */
const IRREGULAR = ['two\n\n', '\n', '\n\nlead', ' indented\nx', 'trailing \nspace', 'line\r\nbreak', 'bell\u0007\nx'];

/** Random data over `strings`: keys are those strings or `key0`…`key19`. */
const value = (next: () => number, strings: readonly string[] = TRICKY) =>
  randomData(next, { strings, keys: [...strings, ...Array.from({ length: 20 }, (_, index) => `key${index}`)] });

describe('toStableYaml', () => {
  it(`matches the yaml library byte for byte and round-trips, on ${VALUES} random values`, () => {
    const next = mulberry32(7);
    for (let run = 0; run < VALUES; run++) {
      const input = value(next);
      const written = toStableYaml(input);
      expect(written, JSON.stringify(input)).toBe(stringify(sortKeysDeep(input), LIBRARY_OPTIONS));
      expect(parse(written, { version: '1.1' }), JSON.stringify(input)).toEqual(sortKeysDeep(input));
    }
  });

  describe('maps with undefined members, maps left empty, null prototypes and deep nesting', () => {
    /** 2,000 random values over `keys`, a fifth of the maps without a prototype, a fifth of the leaves undefined. */
    const oddValues = (seed: number, keys: readonly string[]) => {
      const next = mulberry32(seed);
      return Array.from({ length: 2000 }, () => randomData(next, { keys, strings: ['v1', 'v2'], undefinedLeaves: 0.2, nullPrototypes: 0.2 }) ?? {});
    };
    /** The same data with every map's keys inserted in the reverse order. */
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reversed((value as Record<string, unknown>)[key])]));
    };

    it('match the library', () => {
      for (const input of oddValues(19, ['a', 'b', 'B', 'key1', 'key10', 'key2', '_', 'z'])) {
        expect(toStableYaml(input), JSON.stringify(input)).toBe(stringify(sortKeysDeep(input), LIBRARY_OPTIONS));
      }
    });

    it('come out the same whatever order their keys were made in, integer-like keys ("9", "10") included', () => {
      for (const input of oddValues(23, ['10', '9', '0', 'a', 'b', 'B', 'key1', '_'])) {
        expect(toStableYaml(reversed(input)), JSON.stringify(input)).toBe(toStableYaml(input));
      }
    });
  });

  it('sorts short and long maps (insertion in place up to 16 keys, Array#sort above) as the library does', () => {
    const next = mulberry32(31);
    for (const size of [2, 5, 15, 16, 17, 40]) {
      const keys = Array.from({ length: size }, (_, index) => `k${(index * 7919) % 1000}`);
      for (let run = 0; run < 20; run++) {
        const shuffled = [...keys].sort(() => next() - 0.5);
        const input = Object.fromEntries(shuffled.map((key) => [key, { [shuffled[0]!]: 1, b: [{ z: 1, a: 2 }] }]));
        expect(toStableYaml(input), shuffled.join()).toBe(stringify(sortKeysDeep(input), LIBRARY_OPTIONS));
      }
    }
  });

  it('reads each member of maps nested 20 deep, each with its keys out of order, a bounded number of times', () => {
    // Members are counted as read through proxies: a writer that rewrote a level after finding it
    // out of order would read 2^20 of them.
    let reads = 0;
    const counted = (map: Record<string, unknown>) => new Proxy(map, { get: (target, key) => (reads++, Reflect.get(target, key)) });
    let nested: Record<string, unknown> = { z: 'bottom' };
    let plain: Record<string, unknown> = { z: 'bottom' };
    for (let depth = 0; depth < 20; depth++) {
      nested = counted({ m: nested, a: depth });
      plain = { m: plain, a: depth };
    }
    expect(toStableYaml(nested)).toBe(stringify(sortKeysDeep(plain), LIBRARY_OPTIONS));
    expect(reads).toBeLessThan(20 * 20);
  });

  it('writes plain exactly the strings the library writes plain, on 5000 random strings', () => {
    const next = mulberry32(5);
    const alphabet = 'aZy0_./@+=:-  ()#?';
    for (let run = 0; run < 5000; run++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 10) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      // Text starting with a document marker is double-quoted wherever it is (the library writes
      // it plain where it may); the other strings are written exactly as the library writes them.
      if (/^(?:---|\.\.\.)/.test(text)) continue;
      expect(toStableYaml({ [text]: text }), JSON.stringify(text)).toBe(stringify({ [text]: text }, LIBRARY_OPTIONS));
    }
  });

  it('double-quotes Go template references ({{ .name }}) exactly as the library does, on 2000 random ones', () => {
    const next = mulberry32(37);
    const alphabet = 'azAZ09_y';
    for (let run = 0; run < 2000; run++) {
      const name = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      for (const text of [`{{ .${name} }}`, `{{ .${name} }} `, `{{ .${name}}}`, `{{ ${name} }}`]) {
        expect(toStableYaml({ [name]: text, list: [text] }), text).toBe(stringify(sortKeysDeep({ [name]: text, list: [text] }), LIBRARY_OPTIONS));
      }
    }
  });

  it('keeps text that starts with a document marker on its line, at every depth, and reads it back', () => {
    for (const text of ['---', '--- a', '...', '...x', '---x', '---\nb']) {
      const input = { [text]: text, nested: { [text]: [text, { [text]: text }] } };
      const written = toStableYaml(input);
      if (!text.includes('\n')) expect(written.split('\n').filter(Boolean), written).toHaveLength(5);
      expect(parse(written, { version: '1.1' }), written).toEqual(sortKeysDeep(input));
    }
  });

  it('round-trips irregular multi-line text (double-quoted), on 1000 random values', () => {
    const next = mulberry32(11);
    for (let run = 0; run < 1000; run++) {
      const input = value(next, [...TRICKY, ...IRREGULAR]);
      expect(parse(toStableYaml(input), { version: '1.1' }), JSON.stringify(input)).toEqual(sortKeysDeep(input));
    }
  });

  it('quotes words YAML 1.1 reads as booleans and keeps insertion order when asked', () => {
    expect(toStableYaml({ b: 'yes', a: 'on' })).toBe('a: "on"\nb: "yes"\n');
    expect(toStableYaml({ b: 1, a: 2 }, { sortKeys: false })).toBe('b: 1\na: 2\n');
  });

  describe('toStableYamlOfPlainData', () => {
    /** A copy of `value` without its null map members. */
    const withoutNullMembers = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(withoutNullMembers);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== null).map(([key, member]) => [key, withoutNullMembers(member)]));
    };

    it('writes what toStableYaml writes without the null map members, on 2000 random values', () => {
      const next = mulberry32(29);
      let nulls = 0;
      for (let run = 0; run < 2000; run++) {
        const input = randomData(next, { keys: ['a', 'b', 'B', 'key1', '_', 'z', '10', '9'], strings: TRICKY, undefinedLeaves: 0.15 });
        const expected = toStableYaml(withoutNullMembers(input));
        if (expected !== toStableYaml(input)) nulls++;
        expect(toStableYamlOfPlainData(input), JSON.stringify(input)).toBe(expected);
      }
      expect(nulls).toBeGreaterThan(200);
    });

    it('gives undefined for a value that is not plain data, at any depth', () => {
      class Box {
        constructor(readonly value: number) {}
      }
      const notPlain: unknown[] = [
        new Box(1), () => 1, Symbol('s'), 10n, Object.create(null), new Date(0), new Map(),
        JSON.parse('{"__proto__": 1}'), Object.assign([1], { resolve: () => 1 }), Object.assign([], { value: 2 }),
        Object.setPrototypeOf([1], Object.create(Array.prototype)),
      ];
      for (const value of notPlain) {
        for (const input of [{ a: value }, { a: { b: [1, value] } }, [{ a: null }, [value]]]) {
          expect(toStableYamlOfPlainData(input), String(typeof value)).toBeUndefined();
        }
      }
      expect(toStableYamlOfPlainData({ a: [null, undefined, 1], b: null, c: { d: null }, e: [] })).toBe('a:\n  - null\n  - null\n  - 1\nc: {}\ne: []\n');
      // a key named `constructor` is a key like any other
      expect(toStableYamlOfPlainData({ a: { constructor: 'x' } })).toBe('a:\n  constructor: x\n');
    });
  });

  it('writes JSON with sorted keys and a trailing newline', () => {
    expect(toStableJson({ b: [1], a: { d: 1, c: 2 } })).toBe('{\n  "a": {\n    "c": 2,\n    "d": 1\n  },\n  "b": [\n    1\n  ]\n}\n');
  });
});

describe('toStableYaml and the characters YAML 1.1 reads as line breaks', () => {
  // go-yaml (kubectl, docker compose) and PyYAML break lines at U+0085, U+2028 and U+2029; YAML 1.2
  // and the yaml library do not, and wrote them raw, which those readers fold or fail on.
  const BREAKS = ['\u0085', '\u2028', '\u2029'];
  const values = BREAKS.flatMap((mark) => [`a${mark}b`, `${mark}`, `"q${mark}`, `key: ${mark} #x`, `line1\nline${mark}two\n`, `{{ .x }}${mark}`]);

  it('writes none of them raw, in values or keys, and reads back the same text', () => {
    const value = Object.fromEntries(values.map((text, index) => [`${index}${text}`, text]));
    const written = toStableYaml({ value, list: values });
    expect(written).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(parse(written)).toEqual({ value, list: values });
    expect(written).toContain('"a\\Lb"');
    expect(written).toContain('"a\\Nb"');
    expect(written).toContain('"a\\Pb"');
  });
});
