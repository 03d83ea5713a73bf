/**
 * Clouds as catalogues: sizes become each cloud's classes, an override's class or size wins over
 * the base's, targets see only the environments of the clouds they serve (and say so once), a
 * plugin's catalogue is checked before it counts, and `infragen model` prints the same bytes twice.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectTargets } from '../../compiler/cli/build-system.ts';
import { modelJson } from '../../compiler/cli/model-command.ts';
import { AWS_CATALOGUE } from '../../compiler/clouds/aws.ts';
import { cloudCatalogueProblem } from '../../compiler/clouds/registry.ts';
import { memoryHost } from '../../compiler/load/host.ts';
import { invalidTargetReason } from '../../compiler/plugins/check-target.ts';
import { validateSystem } from '../../compiler/pipeline.ts';
import type { Target } from '../../compiler/target.ts';
import { runTargets, type TargetEntry } from '../../compiler/targets.ts';
import { runCli } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FILE = '/project/system.yaml';
const validate = (text: string) => validateSystem(FILE, { host: memoryHost({ [FILE]: text }) });

const SIZED = `infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1] }
databases:
  orders-db:
    engine: postgres
    version: "16.3"
    size: medium
    environments: { prod: { class: db.r6g.large } }
caches:
  sessions: { version: "7.1", size: small }
services:
  api:
    image: api:1.0.0
    size: large
    resources: { memory: 3Gi }
`;

describe('sizes', () => {
  it('become the classes and resources of the cloud; an override\'s class wins over the base size', () => {
    const { model, diagnostics } = validate(SIZED);
    expect(diagnostics).toEqual([]);
    expect(model!.base.databases['orders-db']).toMatchObject({ class: 'db.t3.medium', size: 'medium' });
    expect(model!.environments[0]!.databases['orders-db']!.class).toBe('db.r6g.large');
    expect(model!.environments[0]!.databases['orders-db']!.size).toBeUndefined();
    expect(model!.base.caches.sessions).toMatchObject({ class: AWS_CATALOGUE.classes.cache!.sizes.small, size: 'small' });
    // the size gives the CPU, the written memory wins
    expect(model!.base.services.api).toMatchObject({ size: 'large', resources: { cpu: '1', memory: '3Gi' } });
    expect(model!.environments[0]!.environment).toMatchObject({ cloud: 'aws' });
    expect(model!.defaults).toEqual({ cloud: 'aws', region: 'us-east-1', runtime: 'nodejs20.x', api: 'rest' });
  });

  it('a size on a cloud without service sizes is CLOUD_CLASS at the size', async () => {
    const catalogue = { ...AWS_CATALOGUE, id: 'tiny', description: 'a cloud without service sizes', serviceSizes: undefined };
    const text = `${SIZED.replace('prod: { regions: [us-east-1] }', 'prod: { cloud: tiny, regions: [us-east-1] }')}`;
    const { diagnostics } = validateSystem(FILE, { host: memoryHost({ [FILE]: text }), clouds: [catalogue] });
    expect(diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.span?.start.line}`)).toEqual(['CLOUD_CLASS 16']);
  });
});

describe('before plugins load', () => {
  const ON_GCP = 'infragen: 1\nsystem: shop\nenvironments:\n  prod: { cloud: gcp, regions: [europe-west1], account: shop-prod }\n';

  it('a cloud no built-in catalogue knows is left for the plugins (deferPluginClouds), else UNKNOWN_CLOUD', () => {
    const deferred = validateSystem(FILE, { host: memoryHost({ [FILE]: ON_GCP }), deferPluginClouds: true });
    expect(deferred.diagnostics).toEqual([]);
    expect(deferred.model!.environments[0]!.environment).toMatchObject({ cloud: 'gcp', regions: ['europe-west1'], account: 'shop-prod' });
    expect(validate(ON_GCP).diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.span?.start.line}`)).toEqual(['UNKNOWN_CLOUD 4']);
  });
});

describe('targets serve clouds', () => {
  const GCP_ONLY = `infragen: 1
system: shop
environments:
  a: { cloud: other, regions: [us-east-1] }
  b: { regions: [us-east-1] }
services:
  api: { image: api:1.0.0 }
`;
  const other = { ...AWS_CATALOGUE, id: 'other', description: 'another cloud' };
  const seen: string[][] = [];
  const target: Target = { id: 'probe', description: 'records the environments it sees', emit: (model) => (seen.push(model.environments.map((resolved) => resolved.environment!.name)), []) };
  const entry = (clouds?: string[]): TargetEntry => ({ id: 'probe', description: 'probe', origin: 'test', ...(clouds ? { clouds } : {}), load: async () => target });

  it('a target sees only the environments of its clouds, and an info names the others once', async () => {
    const { model } = validateSystem(FILE, { host: memoryHost({ [FILE]: GCP_ONLY }), clouds: [other] });
    seen.length = 0;
    const served = await runTargets(model!, [entry(['aws'])], {});
    expect(seen).toEqual([['b']]);
    expect(served.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.message])).toEqual([
      ['TARGET_CLOUD_SKIPPED', 'info', 'target "probe" serves "aws": nothing emitted for environment "a" (other)'],
    ]);
    const none = await runTargets(model!, [entry(['gcp'])], {});
    expect(seen).toEqual([['b']]); // not run at all
    expect(none.diagnostics).toHaveLength(1);
    await runTargets(model!, [entry()], {});
    expect(seen.at(-1)).toEqual(['a', 'b']);
  });
});

describe('a contributed catalogue', () => {
  it('is checked: patterns compile, examples and sizes match them, the default region is one of its own', () => {
    expect(cloudCatalogueProblem(AWS_CATALOGUE)).toBeUndefined();
    expect(cloudCatalogueProblem({ ...AWS_CATALOGUE, defaultRegion: 'mars-1' })).toBe('cloud catalogue "aws": `defaultRegion` must be one of its regions');
    expect(cloudCatalogueProblem({ ...AWS_CATALOGUE, account: { label: 'id', pattern: '(', example: '1' } })).toMatch(/^cloud catalogue "aws": account.pattern is not a valid regular expression/);
    const classes = { database: { ...AWS_CATALOGUE.classes.database!, sizes: { ...AWS_CATALOGUE.classes.database!.sizes, xlarge: 'huge' } } };
    expect(cloudCatalogueProblem({ ...AWS_CATALOGUE, classes })).toBe('cloud catalogue "aws": classes.database.sizes.xlarge must be a class that matches the pattern');
    const target = { id: 'x', description: 'x', emit: () => [], cloudCatalogues: [{ id: 'Bad' }] };
    expect(invalidTargetReason(target)).toBe('a cloud catalogue needs an `id` matching [a-z][a-z0-9-]*');
  });

  it('may not take a cloud id already taken (PLUGIN_INVALID)', async () => {
    // Code plugins are imported from disk: test/clouds/aws-again holds the system and the plugin.
    const { selection } = await selectTargets({ systemFile: path.join(ROOT, 'test/clouds/aws-again/system.yaml'), environments: [], only: [], plugins: [] });
    expect(selection.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['PLUGIN_INVALID', 'plugin "./plugin.mjs" is not a valid target: it contributes cloud "aws", which the built-in catalogue already describes'],
    ]);
  });
});

describe('infragen model', () => {
  it('prints the model without spans or absolute paths, the same bytes every run; --spans keeps them', async () => {
    const first = await runCli(['model', 'examples/gcp-shop/system.yaml', '-q']);
    const second = await runCli(['model', 'examples/gcp-shop/system.yaml', '-q']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).not.toContain('"span"');
    expect(first.stdout).not.toContain(ROOT);
    const model = JSON.parse(first.stdout);
    expect(model.environments.map((resolved: { environment: { name: string; cloud: string; regions: string[] } }) => resolved.environment))
      .toMatchObject([{ name: 'production', cloud: 'gcp', regions: ['europe-west1', 'us-central1'] }, { name: 'staging', cloud: 'gcp' }]);
    const spans = await runCli(['model', 'examples/gcp-shop/system.yaml', '-q', '--spans']);
    expect(spans.stdout).toContain('"fieldSpans"');
    expect(spans.stdout).not.toContain(ROOT);
  });

  it('is what examples/<name>/model.json holds (modelJson is the one printer)', () => {
    const { model } = validate(SIZED);
    expect(modelJson(model!)).toBe(modelJson(model!));
    expect(modelJson(model!)).not.toContain('fieldSpans');
  });

  it('reports errors as validate does and prints nothing', async () => {
    const result = await runCli(['model', 'test/fixtures/cloud-gcp-aws-names/system.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error[CLOUD_REGION]: us-east-1 is not a region of cloud "gcp" (it is a region of "aws")');
  });
});
