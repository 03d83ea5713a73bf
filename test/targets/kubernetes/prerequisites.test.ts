/** docs/deploy.md lists every prerequisite targets/kubernetes/prerequisites.ts declares, word for word. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../../compiler/model/types.ts';
import { clusterPrerequisites } from '../../../targets/kubernetes/prerequisites.ts';

const DEPLOY = readFileSync(path.resolve(import.meta.dirname, '../../../docs/deploy.md'), 'utf8');

/** The defaults, with the optional names written as the placeholders the docs use. */
const environment = {
  name: 'production',
  regions: ['us-east-1'],
  kubernetes: { cluster: '<cluster>', namespace: 'shop', ingressClass: { public: 'nginx', internal: 'nginx-internal' }, certIssuer: '<certIssuer>', secretStore: 'aws-secrets-manager' },
} as unknown as Environment;

describe('cluster prerequisites', () => {
  it.each(clusterPrerequisites(environment).map((prerequisite) => [prerequisite.what, prerequisite.why]))('docs/deploy.md lists %s', (what, why) => {
    expect(DEPLOY).toContain(`| ${what} | ${why} |`);
  });

  it('names the issuer and the cluster only when the environment sets them', () => {
    const bare = { ...environment, kubernetes: { ...environment.kubernetes, cluster: undefined, certIssuer: undefined } } as Environment;
    const listed = clusterPrerequisites(bare).map((prerequisite) => prerequisite.what).join('\n');
    expect(listed).not.toMatch(/ClusterIssuer|EKS cluster/);
    expect(clusterPrerequisites(environment)).toHaveLength(8);
  });
});
