/**
 * The compose target's fast paths give what the plain rules they replace give: host ports as the
 * list scan served them, override files as the yaml library writes them.
 */
import { describe, expect, it } from 'vitest';
import { allocateHostPorts, type HostRange, type PortClaim } from '../../../targets/compose/host-ports.ts';
import { parse, Scalar, YAMLSeq } from 'yaml';
import { isPlainObject, sortKeysDeep } from '../../../compiler/plugin-api.ts';
import { libraryOverrideYaml, overrideOf, overrideYaml } from '../../../targets/compose/override-diff.ts';
import { mulberry32 } from '../../helpers/random.ts';

/** The rule as first written: each claim checked against every range served before it. */
function listScanHostPorts(claims: PortClaim[]): Map<string, HostRange> {
  const taken: HostRange[] = [];
  const overlaps = (range: HostRange) => taken.some((other) => range.start <= other.end && other.start <= range.end);
  const result = new Map<string, HostRange>();
  const moved: PortClaim[] = [];
  for (const claim of claims) {
    const wanted = { start: claim.port, end: claim.port + claim.count - 1 };
    if (wanted.end > 65535 || overlaps(wanted)) moved.push(claim);
    else {
      taken.push(wanted);
      result.set(claim.key, wanted);
    }
  }
  for (const claim of moved) {
    let start = claim.port + 1;
    while (start + claim.count - 1 <= 65535 && overlaps({ start, end: start + claim.count - 1 })) start++;
    const range = { start, end: start + claim.count - 1 };
    if (range.end > 65535) continue;
    taken.push(range);
    result.set(claim.key, range);
  }
  return result;
}

describe('allocateHostPorts', () => {
  it('serves 500 random claim lists as the list scan does (crowded ports, no replicas, the top of the range)', () => {
    const next = mulberry32(14);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
    for (let run = 0; run < 500; run++) {
      const claims = Array.from({ length: 1 + Math.floor(next() * 40) }, (_, index) => ({
        key: `s${index}/http`,
        port: pick([80, 81, 8080, 8081, 8082, 9090, 65530, 65534, 65535, 1 + Math.floor(next() * 65535)]),
        count: pick([0, 1, 1, 1, 2, 3, 5, 20]),
      }));
      expect([...allocateHostPorts(claims)], JSON.stringify(claims)).toEqual([...listScanHostPorts(claims)]);
    }
  });

  it('moves a claim past every range in its way', () => {
    const ranges = allocateHostPorts([
      { key: 'a/http', port: 8080, count: 2 },
      { key: 'b/http', port: 8082, count: 1 },
      { key: 'c/http', port: 8080, count: 3 },
      { key: 'd/http', port: 65535, count: 2 },
    ]);
    expect([...ranges]).toEqual([
      ['a/http', { start: 8080, end: 8081 }],
      ['b/http', { start: 8082, end: 8082 }],
      ['c/http', { start: 8083, end: 8085 }],
    ]);
  });
});

const WORDS = ['api', 'yes', 'on', '8080', '/run/secrets/db-password', 'http://localstack:4566', '${INFRAGEN_SOURCE_DIR:-../..}/api', 'a: b', '- x', '', ' lead', 'no-new-privileges:true', '#c', "it's", 'line\u2028separator'];
const NUMBERS = [0, 1, 0.25, 8080, -3];
/** Values the fast path leaves to the library: rare, so that most overrides take the fast path. */
const ODD = ['multi\nline', 'two\n\n', Number.NaN, -0, Number.POSITIVE_INFINITY];

function plain(next: () => number, depth: number): unknown {
  const roll = next();
  if (depth > 3 || roll < 0.5) {
    if (next() < 0.01) return ODD[Math.floor(next() * ODD.length)];
    const kind = Math.floor(next() * 4);
    if (kind === 0) return WORDS[Math.floor(next() * WORDS.length)];
    if (kind === 1) return NUMBERS[Math.floor(next() * NUMBERS.length)];
    if (kind === 2) return next() < 0.5;
    return null;
  }
  if (roll < 0.7) return Array.from({ length: Math.floor(next() * 3) }, () => plain(next, depth + 1));
  const map: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 4); i > 0; i--) map[next() < 0.2 ? WORDS[Math.floor(next() * WORDS.length)]! : `key${Math.floor(next() * 6)}`] = plain(next, depth + 1);
  return map;
}

/** A variant of `value`: some members changed, dropped, added or made undefined, lists replaced. */
function variant(next: () => number, value: unknown, depth: number): unknown {
  if (depth > 0 && next() < 0.15) return next() < 0.1 ? undefined : plain(next, depth);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (next() > 0.15) result[key] = variant(next, member, depth + 1);
  if (next() < 0.2) result[`added${Math.floor(next() * 3)}`] = next() < 0.2 ? undefined : plain(next, depth + 1);
  return result;
}

/** The diff as first written: every level compared as JSON with sorted keys. */
function sortedJsonOverrideOf(base: unknown, target: unknown): unknown {
  if (JSON.stringify(sortKeysDeep(base)) === JSON.stringify(sortKeysDeep(target))) return undefined;
  const tag = (node: YAMLSeq | Scalar, name: string) => Object.assign(node, { tag: name });
  if (isPlainObject(base) && isPlainObject(target)) {
    const result: Record<string, unknown> = {};
    for (const key of [...new Set([...Object.keys(base), ...Object.keys(target)])].sort()) {
      if (!(key in target)) result[key] = tag(new Scalar(null), '!reset');
      else if (!(key in base)) result[key] = sortKeysDeep(target[key]);
      else {
        const change = sortedJsonOverrideOf(base[key], target[key]);
        if (change !== undefined) result[key] = change;
      }
    }
    return result;
  }
  if (Array.isArray(target)) return Object.assign(tag(new YAMLSeq(), '!override'), { items: sortKeysDeep(target) });
  return sortKeysDeep(target);
}

describe('overrideOf', () => {
  it('gives what comparing every level as sorted JSON gives, on 2000 random pairs (undefined members included)', () => {
    const next = mulberry32(2014);
    for (let run = 0; run < 2000; run++) {
      const base = { services: { api: plain(next, 1), worker: plain(next, 1) }, volumes: plain(next, 1) };
      const target = variant(next, base, 0);
      expect(overrideOf(base, target), JSON.stringify(target)).toEqual(sortedJsonOverrideOf(base, target));
    }
  });
});

describe('overrideYaml', () => {
  it('writes 2000 random overrides (tagged lists, resets, nested maps, odd scalars) as the yaml library does', () => {
    const next = mulberry32(1414);
    let tagged = 0;
    for (let run = 0; run < 2000; run++) {
      const base = { services: { api: plain(next, 1), worker: plain(next, 1) }, volumes: plain(next, 1) };
      const override = (overrideOf(base, variant(next, base, 0)) ?? {}) as Record<string, unknown>;
      const written = overrideYaml(override);
      if (/!override|!reset/.test(written)) tagged++;
      expect(written, JSON.stringify(override)).toBe(libraryOverrideYaml(override));
    }
    // The comparison is only worth something if it covered the tags.
    expect(tagged).toBeGreaterThan(500);
  });
});

describe('libraryOverrideYaml', () => {
  it('escapes what YAML 1.1 reads as a line break, as toStableYaml does, in keys and values', () => {
    // the multi-line value sends the whole override down the library's path
    const override = { services: { api: { environment: { LS: 'a\u2028b', MULTI: 'one\ntwo', ['k\u0085']: 'p\u2029' } } } };
    const written = libraryOverrideYaml(override);
    expect(written).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(written).toContain('LS: "a\\Lb"');
    expect(parse(written)).toEqual(override);
  });
});

