/**
 * `infragen init`: every template validates and builds with every target on the first try, the
 * editor schema line resolves, nothing is ever overwritten, and without a terminal the defaults
 * are taken.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../compiler/cli/build-system.ts';
import { runInit } from '../../compiler/cli/init-command.ts';
import { TEMPLATES } from '../../compiler/init/templates.ts';
import { memoryHost } from '../../compiler/load/host.ts';
import { checkWithTargets, validateSystem } from '../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';

const quietIo = () => {
  let stderr = '';
  return { io: { stdout: () => undefined, stderr: (text: string) => void (stderr += text), color: false }, stderr: () => stderr };
};

describe('infragen init', () => {
  it.each(TEMPLATES.map((template) => template.id))('%s validates and builds with every target', async (id) => {
    const folder = path.join(tempFolder('infragen-init-'), 'my-system');
    const { code, stderr } = await runCli(['init', folder, '--template', id, '--yes']);
    expect(code, stderr).toBe(0);
    const systemFile = path.join(folder, 'system.yaml');
    const text = readFileSync(systemFile, 'utf8');
    const schemaPath = /^# yaml-language-server: \$schema=(.+)$/m.exec(text.split('\n')[0]!)?.[1];
    expect(schemaPath).toBeDefined();
    expect(existsSync(path.resolve(folder, schemaPath!)), `${schemaPath} resolves`).toBe(true);
    expect(text).toContain('system: my-system');

    const build = await buildSystem({ systemFile, environments: [], only: [], plugins: [] });
    expect(build.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(build.tree).toBeDefined();
    expect(build.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('K8S_ACCOUNT_REQUIRED');
  });

  it('never overwrites: an existing system.yaml is refused and left as it was', async () => {
    const folder = tempFolder('infragen-init-');
    writeFileSync(path.join(folder, 'system.yaml'), 'mine\n');
    const { code, stderr } = await runCli(['init', folder, '--yes']);
    expect(code).toBe(1);
    expect(stderr).toContain('error[INIT_FILE_EXISTS]');
    expect(readFileSync(path.join(folder, 'system.yaml'), 'utf8')).toBe('mine\n');
  });

  it('keeps an existing system.schema.json', async () => {
    const folder = tempFolder('infragen-init-');
    writeFileSync(path.join(folder, 'system.schema.json'), '{"mine":true}\n');
    expect((await runCli(['init', folder, '--yes', '--template', 'blank'])).code).toBe(0);
    expect(readFileSync(path.join(folder, 'system.schema.json'), 'utf8')).toBe('{"mine":true}\n');
  });

  it('without a terminal it asks nothing and takes the defaults (service-db, the folder name, us-east-1)', async () => {
    const folder = path.join(tempFolder('infragen-init-'), 'Shop_API');
    const { io, stderr } = quietIo();
    expect(await runInit([folder], io, false)).toBe(0);
    expect(stderr()).toContain('service-db');
    const text = readFileSync(path.join(folder, 'system.yaml'), 'utf8');
    expect(text).toContain('system: shop-api');
    expect(text).toContain('regions: [us-east-1]');
    expect(text).toContain('databases:');
  });

  it('--name, --region and --cloud are checked', async () => {
    const folder = tempFolder('infragen-init-');
    expect((await runCli(['init', folder, '--name', 'Bad Name', '--yes'])).code).toBe(2);
    expect((await runCli(['init', folder, '--region', 'mars-1', '--yes'])).code).toBe(2);
    expect((await runCli(['init', folder, '--cloud', 'gcp', '--yes'])).code).toBe(2);
    expect((await runCli(['init', folder, '--template', 'nope', '--yes'])).code).toBe(2);
    expect(existsSync(path.join(folder, 'system.yaml'))).toBe(false);
  });
});

describe('a first system needs nothing it does not use', () => {
  const system = (environment: string) => `infragen: 1
system: shop
environments:
  prod: ${environment}
queues:
  jobs: {}
services:
  api: { image: shop/api:1.0.0, publishes: [queue.jobs] }
`;
  const codes = async (text: string, only: string[] = []) => {
    const host = memoryHost({ '/p/system.yaml': text });
    const validated = await checkWithTargets(validateSystem('/p/system.yaml', { host }), BUILTIN_TARGETS.filter((target) => only.length === 0 || only.includes(target.id)));
    return validated.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info').map((diagnostic) => diagnostic.code);
  };

  it('no account is asked for when no cluster would hold the IAM roles', async () => {
    // only the warning that the queue publisher's IAM role has no cluster to trust (validate reports target warnings too)
    expect(await codes(system('{ regions: [us-east-1] }'))).toEqual(['TERRAFORM_NO_CLUSTER']);
  });

  it('a named cluster with AWS-using workloads needs the account, for Kubernetes only', async () => {
    expect(await codes(system('{ regions: [us-east-1], kubernetes: { cluster: shop } }'))).toEqual(['K8S_ACCOUNT_REQUIRED']);
    expect(await codes(system('{ regions: [us-east-1], kubernetes: { cluster: shop } }'), ['compose'])).toEqual([]);
    expect(await codes(system('{ regions: [us-east-1], kubernetes: { cluster: shop }, account: "123456789012" }'))).toEqual([]);
  });
});
