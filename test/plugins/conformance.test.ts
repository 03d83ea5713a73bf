/**
 * The example plugins pass the conformance kit (`infragen/plugin/testing`), and the kit itself
 * catches each kind of misbehaviour it promises to.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertConformance, bundledExamples, checkConformance } from '../../compiler/plugin-testing.ts';
import type { Target } from '../../compiler/target.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ECS_OPTIONS = { network: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60010'], efsFileSystemId: 'fs-0a1b2c3d4e5f60020' } };
const GCP_OPTIONS = { projectNumbers: { production: '123456789012', staging: '210987654321' } };

describe('example plugins conform', () => {
  it('runs on every bundled example', () => {
    expect(bundledExamples().map((file) => path.basename(path.dirname(file)))).toEqual(['atala-credentials', 'coda-testnet', 'event-pipeline', 'gcp-shop', 'guardian-partner', 'hathor-wallet', 'hitsave', 'k8s-saas', 'social-app']);
  });

  it('ecs-fargate (code plugin)', async () => {
    const result = await assertConformance('examples/plugins/ecs-fargate/index.mjs', { cwd: ROOT, options: ECS_OPTIONS });
    expect(result.examples.find((run) => run.example.endsWith('atala-credentials/system.yaml'))?.files.length).toBe(24); // per environment: 4 services × 2 files, 3 execution role policies, register.sh
  });

  it('gcp-cloud-run (template plugin)', async () => {
    const result = await assertConformance('template:examples/plugins/gcp-cloud-run', { cwd: ROOT, options: GCP_OPTIONS });
    // It serves gcp only: nothing on the AWS examples, each service in each of its regions on gcp-shop.
    expect(result.examples.find((run) => run.example.endsWith('guardian-partner/system.yaml'))?.files).toEqual([]);
    expect(result.examples.find((run) => run.example.endsWith('gcp-shop/system.yaml'))?.files.map((file) => file.path)).toEqual([
      'gcp-cloud-run/production/europe-west1/services/fulfilment.service.json',
      'gcp-cloud-run/production/europe-west1/services/orders.service.json',
      'gcp-cloud-run/production/europe-west1/services/storefront.service.json',
      'gcp-cloud-run/production/pubsub/orders.pubsub.json',
      'gcp-cloud-run/production/us-central1/services/orders.service.json',
      'gcp-cloud-run/production/us-central1/services/storefront.service.json',
      'gcp-cloud-run/staging/europe-west1/services/fulfilment.service.json',
      'gcp-cloud-run/staging/europe-west1/services/orders.service.json',
      'gcp-cloud-run/staging/europe-west1/services/storefront.service.json',
      'gcp-cloud-run/staging/pubsub/orders.pubsub.json',
    ]);
  });
});

const example = [path.join(ROOT, 'examples/hitsave/system.yaml')];
const target = (emit: Target['emit'], extra: Partial<Target> = {}): Target => ({ id: 'probe', description: 'a target under test', emit, ...extra });

describe('the kit finds', () => {
  it('output that differs between runs', async () => {
    let run = 0;
    const result = await checkConformance(target(() => [{ path: 'run.txt', contents: `${run++}\n`, sources: [] }]), { examples: example });
    expect(result.problems).toEqual(['examples/hitsave/system.yaml: a second run gave different output (probe/run.txt)']);
  });

  it('a diff format that cannot read its files, or does not find the objects they record', async () => {
    const diff = { matches: (relative: string) => relative.endsWith('.list'), parse: (file: string, contents: string) => contents.trim().split('\n').map((id) => { if (id === '?') throw new Error('not a list'); return { id, type: 'item', value: id, file }; }), risks: [] };
    const result = await checkConformance(target(() => [
      { path: 'a.list', contents: 'one\ntwo\n', sources: [], objects: [{ id: 'one', source: 'service.api' }, { id: 'three', source: 'service.api' }] },
      { path: 'b.list', contents: '?\n', sources: [] },
    ], { diff }), { examples: example });
    expect(result.problems).toEqual([
      'examples/hitsave/system.yaml: probe/a.list records objects its diff format does not find: three',
      'examples/hitsave/system.yaml: its diff format cannot read probe/b.list: not a list',
    ]);
  });

  it('paths outside the folder', async () => {
    const result = await checkConformance(target(() => [{ path: '../x.txt', contents: 'x\n', sources: [] }]), { examples: example });
    expect(result.problems[0]).toMatch(/TARGET_PATH: target "probe" returned the file "..\/x.txt"/);
  });

  it('attempts to change the model', async () => {
    const result = await checkConformance(target((model) => ((model as { name: string }).name = 'x', [])), { examples: example });
    expect(result.problems[0]).toMatch(/TARGET_FAILED: .*read only property 'name'/);
  });

  it('a schema that accepts wrong options, and one that does not compile', async () => {
    const lax = await checkConformance(target(() => [], { optionsSchema: { type: 'object' } }), { examples: [], badOptions: [{ replicas: 'many' }] });
    expect(lax.problems).toEqual(['the options {"replicas":"many"} were accepted; its schema should reject them']);
    const broken = await checkConformance(target(() => [], { optionsSchema: { type: 'no-such-type' } }), { examples: [] });
    expect(broken.problems[0]).toMatch(/^its options schema does not compile/);
  });

  it('options its schema requires but the example does not give', async () => {
    const result = await checkConformance(target(() => [], { optionsSchema: { type: 'object', required: ['project'] } }), { examples: example });
    expect(result.problems).toEqual(['examples/hitsave/system.yaml: the options were rejected: targets.probe: missing the required option "project"']);
  });

  it('a finding only emit makes (validate would not show it), and a code missing from the catalogue', async () => {
    const result = await checkConformance(
      target((_model, context) => (context.report({ code: 'PROBE_LATE', message: 'found while emitting' }), []), { diagnostics: { PROBE_OTHER: { severity: 'warning', summary: 's' } } }),
      { examples: example },
    );
    expect(result.problems).toEqual([
      'examples/hitsave/system.yaml: emit reported PROBE_LATE ("found while emitting"), which check did not: `infragen validate` would not show it',
      "examples/hitsave/system.yaml: reported PROBE_LATE, which is not in the target's `diagnostics` catalogue",
    ]);
  });

  it('a malformed catalogue', async () => {
    const diagnostics = { lowercase: { severity: 'warning', summary: 's' }, PROBE_LOUD: { severity: 'fatal', summary: '' } } as unknown as Target['diagnostics'];
    const result = await checkConformance(target(() => [], { diagnostics }), { examples: [] });
    expect(result.problems).toEqual([
      'catalogue: "lowercase" is not an UPPER_SNAKE code with a prefix (e.g. MY_CLOUD_NO_REGION)',
      'catalogue: PROBE_LOUD has severity "fatal", not error, warning or info',
      'catalogue: PROBE_LOUD has no summary',
    ]);
  });

  it('a finding check makes and emit repeats is fine; so is one from check alone', async () => {
    const report = (_model: unknown, context: Parameters<Target['emit']>[1]) => context.report({ code: 'PROBE_NOTE', message: 'noted', severity: 'info' });
    const result = await checkConformance(target(() => [], { check: report, diagnostics: { PROBE_NOTE: { severity: 'info', summary: 's' } } }), { examples: example });
    expect(result.problems).toEqual([]);
  });

  it('nothing wrong with a well-behaved target', async () => {
    const result = await checkConformance(target((model) => [{ path: 'name.txt', contents: `${model.name}\n`, sources: [] }]), { examples: example });
    expect(result.problems).toEqual([]);
  });
});
