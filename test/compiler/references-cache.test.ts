/**
 * References and interpolations are resolved once per text and reused by every view (guards for
 * the caches in compiler/validate/references.ts: what they keep must be what a fresh parse gives).
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import type { EntityKind } from '../../compiler/model/types.ts';
import { declaredNames, InterpolationParses, isDiagnostic, parseInterpolations, resolveReference } from '../../compiler/validate/references.ts';

const declared = declaredNames({ databases: { main: {} }, queues: { jobs: {} }, testnets: { chain: {} } });

describe('resolveReference', () => {
  it('gives the same frozen result for a text met again, and a fresh finding for each failure', () => {
    const first = resolveReference('database.main', 'uses', declared, {});
    expect(first).toEqual({ kind: 'database', name: 'main' });
    expect(resolveReference('database.main', 'uses', declared, {})).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // the implied kind depends on the field: the same text resolves per field
    expect(resolveReference('jobs', 'consumes', declared, {})).toEqual({ kind: 'queue', name: 'jobs' });
    expect(isDiagnostic(resolveReference('jobs', 'uses', declared, {}))).toBe(true);
    const missing = [1, 2].map(() => resolveReference('database.other', 'uses', declared, { path: 'services.api.uses.0' }));
    expect(missing.every(isDiagnostic)).toBe(true);
    expect(missing[0]).not.toBe(missing[1]);
    // another set of declared names resolves on its own
    expect(isDiagnostic(resolveReference('database.main', 'uses', declaredNames({}), {}))).toBe(true);
  });
});

describe('InterpolationParses', () => {
  const noAttributes = () => undefined;

  it('reuses a clean parse, and parses again (reporting again) a text that had findings', () => {
    const parses = new InterpolationParses(declared);
    const clean = parses.parse('${database.main.host}:${env.region}', noAttributes, {}, () => {});
    expect(clean).toEqual(parseInterpolations('${database.main.host}:${env.region}', declared, noAttributes, {}, () => {}));
    expect(parses.parse('${database.main.host}:${env.region}', noAttributes, {}, () => {})).toBe(clean);
    const found: Diagnostic[] = [];
    parses.parse('${database.main.nope}', noAttributes, {}, (diagnostic) => found.push(diagnostic));
    parses.parse('${database.main.nope}', noAttributes, {}, (diagnostic) => found.push(diagnostic));
    expect(found.map((diagnostic) => diagnostic.code)).toHaveLength(2);
  });

  it('asks for a testnet attribute in every view: its ports may differ', () => {
    const parses = new InterpolationParses(declared);
    const asked: string[] = [];
    const ports = (rpc: boolean) => (kind: EntityKind, name: string) => {
      if (kind !== 'testnet') return undefined;
      asked.push(name);
      return rpc ? ['rpc'] : ['p2p'];
    };
    const found: Diagnostic[] = [];
    expect(parses.parse('${testnet.chain.rpc}', ports(true), {}, (diagnostic) => found.push(diagnostic))).toEqual([{ kind: 'testnet', name: 'chain', attribute: 'rpc' }]);
    expect(parses.parse('${testnet.chain.rpc}', ports(false), {}, (diagnostic) => found.push(diagnostic))).toEqual([]);
    expect(asked).toEqual(['chain', 'chain']);
    expect(found).toHaveLength(1);
  });
});
