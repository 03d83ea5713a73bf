/** docs/deploy.md lists every prerequisite targets/kubernetes/prerequisites.ts declares, word for word. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterPrerequisites } from '../../../targets/kubernetes/prerequisites.ts';
import { kubernetesSettings } from '../../../targets/kubernetes/settings.ts';

const DEPLOY = readFileSync(path.resolve(import.meta.dirname, '../../../docs/deploy.md'), 'utf8');

/** The defaults, with the optional names written as the placeholders the docs use. */
const settings = kubernetesSettings({ cluster: '<cluster>', certIssuer: '<certIssuer>' }, 'shop');

describe('cluster prerequisites', () => {
  it.each(clusterPrerequisites(settings).map((prerequisite) => [prerequisite.what, prerequisite.why]))('docs/deploy.md lists %s', (what, why) => {
    expect(DEPLOY).toContain(`| ${what} | ${why} |`);
  });

  it('names the issuer and the cluster only when the environment sets them', () => {
    const listed = clusterPrerequisites(kubernetesSettings({}, 'shop')).map((prerequisite) => prerequisite.what).join('\n');
    expect(listed).not.toMatch(/ClusterIssuer|EKS cluster/);
    expect(clusterPrerequisites(settings)).toHaveLength(8);
  });
});
