/**
 * Workload labels are made from the system's labels (made once per model) and the selector
 * labels in one pass: the same labels, in the same order, as sorting their union gives.
 */
import { describe, expect, it } from 'vitest';
import { selectorLabels, systemLabels, workloadLabels } from '../../../targets/kubernetes/labels.ts';
import { mulberry32 } from '../../helpers/random.ts';

const TAG_WORDS = ['team', 'Team', 'app.kubernetes.io-name', '10', '9', 'cost:center', 'a/b', 'zz', '_x', 'app'];

/** The labels as the union of both maps, its keys sorted (what every object of the workload carries). */
function expected(system: string, tags: Record<string, string>, identity: Parameters<typeof workloadLabels>[0]) {
  const union: Record<string, string> = { ...systemLabels(system, tags), ...selectorLabels(identity) };
  return Object.fromEntries(Object.keys(union).sort().map((key) => [key, union[key]!]));
}

describe('workloadLabels', () => {
  it('gives the sorted union of the system and selector labels, on 500 random tag sets', () => {
    const next = mulberry32(41);
    for (let run = 0; run < 500; run++) {
      const tags: Record<string, string> = {};
      for (let count = Math.floor(next() * 6); count > 0; count--) tags[TAG_WORDS[Math.floor(next() * TAG_WORDS.length)]!] = TAG_WORDS[Math.floor(next() * TAG_WORDS.length)]!;
      const identity = { system: 'shop', environment: 'prod', name: `svc-${run % 7}`, qualifiedName: `svc-${run % 7}` };
      const labels = workloadLabels(identity, tags);
      expect(JSON.stringify(labels), JSON.stringify(tags)).toBe(JSON.stringify(expected('shop', tags, identity)));
    }
  });

  it('makes the system labels once per tags object and system', () => {
    const tags = { team: 'a' };
    expect(systemLabels('shop', tags)).toBe(systemLabels('shop', tags));
    expect(systemLabels('other', tags)['app.kubernetes.io/part-of']).toBe('other');
    expect(systemLabels('shop', { team: 'a' })).toStrictEqual(systemLabels('shop', tags));
  });
});
