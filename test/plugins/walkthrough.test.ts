/**
 * The new-cloud walkthrough in docs/plugins.md is real: its plugin and its system are read from
 * that page, the plugin passes the conformance kit on the system, and a build does what the page
 * says (sizes from the catalogue, per-environment options, records per object, a wrong region
 * refused at its line).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertConformance } from '../../compiler/plugin-testing.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGE = readFileSync(path.join(ROOT, 'docs/plugins.md'), 'utf8');
// Inside the package, so the plugin's `import … from 'infragen/plugin'` resolves as a user's would.
const FOLDER = path.join(import.meta.dirname, `.walkthrough-${process.pid}`);

/** The fenced block that follows `<!-- walkthrough:<name> -->` on the page. */
function block(name: string): string {
  const found = new RegExp(`<!-- walkthrough:${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(PAGE);
  if (!found) throw new Error(`docs/plugins.md has no walkthrough:${name} block`);
  return `${found[1]}\n`;
}

const system = (text = block('system')) => {
  writeFileSync(path.join(FOLDER, 'system.yaml'), text);
  return path.join(FOLDER, 'system.yaml');
};

beforeAll(() => {
  mkdirSync(FOLDER, { recursive: true });
  writeFileSync(path.join(FOLDER, 'my-cloud.mjs'), block('plugin'));
});
afterAll(() => rmSync(FOLDER, { recursive: true, force: true }));

describe('the new-cloud walkthrough (docs/plugins.md)', () => {
  it('passes the conformance kit on its own system', async () => {
    const result = await assertConformance('./my-cloud.mjs', { cwd: FOLDER, examples: [system()] });
    expect(result.examples[0]!.files.map((file) => file.path)).toEqual(['my-cloud/prod/fra1/apps.yaml', 'my-cloud/prod/nyc1/apps.yaml']);
  });

  it('builds what the page says: sizes from the catalogue, prod options, a record per object', async () => {
    const out = path.join(tempFolder('walkthrough-'), 'out');
    const { code, stderr } = await runCli(['build', system(), '-o', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('TARGET_CLOUD_SKIPPED');
    const apps = readFileSync(path.join(out, 'my-cloud/prod/fra1/apps.yaml'), 'utf8');
    expect(apps).toContain('team: team-a1b2c3');
    expect(apps).toMatch(/web:\n\s+cpu: "?1"?\n\s+image: registry.example.com\/shop\/web:1.4.0\n\s+memory: 1Gi\n\s+plan: large\n/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const file = manifest.files.find((entry: { path: string }) => entry.path === 'my-cloud/prod/nyc1/apps.yaml');
    const webLine = block('system').split('\n').indexOf('  web:') + 1;
    expect(file.objects).toEqual([{ id: 'apps.web', entity: 'service.web', file: 'system.yaml', line: webLine }]);
  });

  it('refuses an AWS region and a wrong plan at their lines, as the page says', async () => {
    const text = block('system').replace('regions: [fra1, nyc1]', 'regions: [fra1, us-east-1]').replace('{ plan: large }', '{ plan: huge }');
    const { code, stderr } = await runCli(['validate', system(text)]);
    expect(code).toBe(1);
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(stderr).toMatch(new RegExp(`error\\[CLOUD_REGION\\]: us-east-1 [^\\n]*\\n\\s*--> [^\\n]*system.yaml:${lineOf('us-east-1')}:`));
    expect(stderr).toMatch(new RegExp(`error\\[PLUGIN_OPTIONS\\][^\\n]*"plan"[^\\n]*\\n\\s*--> [^\\n]*system.yaml:${lineOf('plan: huge')}:`));
  });
});
