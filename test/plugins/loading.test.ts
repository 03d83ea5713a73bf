/** Where plugins come from: npm packages, `--plugin` paths, and what `infragen targets` lists. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { resolveTargets } from '../../compiler/cli/select-targets.ts';
import { validateSystem } from '../../compiler/pipeline.ts';
import { STAND_IN_BUILTINS } from './build-case.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const plugin = (id: string) => `export default { id: '${id}', description: 'the ${id} plugin', emit: () => [] };\n`;

let project: string;
beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'infragen-plugins-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  };
  write('package.json', '{ "name": "shop", "private": true }\n');
  // ESM-only: `exports` with only an `import` condition, which `require.resolve` could not follow.
  write('node_modules/infragen-plugin-hello/package.json', '{ "name": "infragen-plugin-hello", "type": "module", "exports": { ".": { "import": "./dist/index.mjs" } } }\n');
  write('node_modules/infragen-plugin-hello/dist/index.mjs', plugin('hello'));
  write('node_modules/@acme/infragen-cloud/package.json', '{ "name": "@acme/infragen-cloud", "main": "main.mjs" }\n');
  write('node_modules/@acme/infragen-cloud/main.mjs', plugin('acme-cloud'));
  write('infra/system.yaml', 'infragen: 1\nsystem: shop\nplugins: [npm:infragen-plugin-hello, "npm:@acme/infragen-cloud"]\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('loading plugins', () => {
  it('resolves npm: packages from the node_modules above the system file', async () => {
    const validated = validateSystem(path.join(project, 'infra/system.yaml'));
    const selection = await resolveTargets(validated, { only: [], plugins: [] }, STAND_IN_BUILTINS);
    expect(selection.diagnostics).toEqual([]);
    expect(selection.entries.map((entry) => `${entry.id} ${entry.origin}`)).toEqual(['terraform built-in', 'hello npm:infragen-plugin-hello', 'acme-cloud npm:@acme/infragen-cloud']);
  });

  it('resolves --plugin paths from the current folder, not from the system file', async () => {
    const validated = validateSystem(path.join(project, 'infra/system.yaml'));
    const spec = 'test/plugins/missing-plugin/reports.mjs';
    const found = await resolveTargets(validated, { only: ['reports'], plugins: [spec], cwd: ROOT }, STAND_IN_BUILTINS);
    expect(found.entries.map((entry) => `${entry.id} ${entry.origin}`)).toEqual([`reports ${spec}`]);
    const missing = await resolveTargets(validated, { only: [], plugins: [spec], cwd: project }, STAND_IN_BUILTINS);
    expect(missing.diagnostics.map((item) => [item.code, item.path])).toEqual([['PLUGIN_NOT_FOUND', `--plugin ${spec}`]]);
  });
});

describe('infragen targets', () => {
  it('lists the plugins of a system file and of --plugin with their descriptions and origins', async () => {
    const { code, stdout } = await runCli(['targets', 'examples/gcp-shop/system.yaml', '--plugin', 'test/plugins/missing-plugin/reports.mjs']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(-2).map((line) => line.replace(/ {2,}/g, ' | '))).toEqual([
      'gcp-cloud-run | Google Cloud: Cloud Run services and Pub/Sub topics and subscriptions (Config Connector) | (template:../plugins/gcp-cloud-run)',
      'reports | reports one warning per service | (test/plugins/missing-plugin/reports.mjs)',
    ]);
  });

  it('reports a --plugin that cannot be loaded and exits 1', async () => {
    const { code, stderr } = await runCli(['targets', 'examples/hitsave/system.yaml', '--plugin', './no-such-plugin.mjs']);
    expect(code).toBe(1);
    expect(stderr).toContain('error[PLUGIN_NOT_FOUND]: plugin "./no-such-plugin.mjs" cannot be loaded: no file "no-such-plugin.mjs"');
  });
});
