/**
 * Target options through the CLI: a build of one target asks only what that target needs, and a
 * target built alone still reads another target's options (Terraform reads the Kubernetes cluster).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A named cluster, no account, a service that gets an IAM role: only the Kubernetes target needs the account. */
const NO_ACCOUNT = path.join(ROOT, 'test/fixtures/target-k8s-account-required/system.yaml');

describe('target options', () => {
  it('building only compose never asks for an AWS account', async () => {
    const out = tempFolder('infragen-compose-only-');
    const validated = await runCli(['validate', NO_ACCOUNT, '--target', 'compose']);
    expect(validated.code).toBe(0);
    const built = await runCli(['build', NO_ACCOUNT, '-o', out, '--target', 'compose']);
    expect(built.code).toBe(0);
    expect(`${validated.stdout}${validated.stderr}${built.stdout}${built.stderr}`).not.toMatch(/ACCOUNT_|"account"|account id/);
    expect(readdirSync(out).filter((entry) => entry !== 'manifest.json')).toEqual(['compose']);
    // every target together: the Kubernetes check asks for it, at the environment
    const all = await runCli(['validate', NO_ACCOUNT]);
    expect(all.code).toBe(1);
    expect(all.stdout + all.stderr).toContain('error[K8S_ACCOUNT_REQUIRED]');
  });

  it('Terraform built alone reads the cluster and namespace from environments.<env>.targets.kubernetes', async () => {
    const folder = tempFolder('infragen-terraform-alone-');
    const file = path.join(folder, 'system.yaml');
    writeFileSync(file, [
      'infragen: 1',
      'system: shop',
      'targets:',
      '  kubernetes: { namespace: shop-apps }',
      'environments:',
      '  prod:',
      '    regions: [us-east-1]',
      '    account: "123456789012"',
      '    targets: { kubernetes: { cluster: prod-eks } }',
      'queues:',
      '  jobs: {}',
      'services:',
      '  api: { image: "shop/api:1.0.0", publishes: [queue.jobs] }',
      '',
    ].join('\n'));
    const out = path.join(folder, 'out');
    const built = await runCli(['build', file, '-o', out, '--target', 'terraform', '-q']);
    expect(built.code, built.stderr).toBe(0);
    const stack = readFileSync(path.join(out, 'terraform/prod/us-east-1/main.tf.json'), 'utf8');
    expect(stack).toContain('"name": "prod-eks"');
    expect(stack).toContain('system:serviceaccount:shop-apps:api');
    expect(existsSync(path.join(out, 'kubernetes'))).toBe(false);
  });
});
