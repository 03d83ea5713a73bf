/**
 * The package works outside this repository: `npm pack`, install the tarball into an empty folder,
 * then `npx infragen init --yes && npx infragen build system.yaml`. The pack skips `prepare` (which
 * bundles dist/, as `npm ci` already did): rebuilding dist/ here would pull it from under the tests
 * that run `dist/cli.mjs` in the other worker at the same time; the test checks `prepare` instead.
 * Slow (it installs the dependencies from the npm cache), so it is one test, in the slow tier
 * (test/helpers/tiers.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempFolder } from '../helpers/cli.ts';
import { SLOW_TESTS, SLOW_TIER } from '../helpers/tiers.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const npx = (args: string[], cwd: string) => execFileSync('npx', ['--no-install', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

it.skipIf(!SLOW_TESTS)(`npm pack → install in an empty folder → init --yes → build ${SLOW_TIER}`, { timeout: 300_000 }, () => {
  const work = tempFolder('infragen-pack-');
  const { version, scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
  expect(scripts.prepare, 'npm pack and npm publish bundle dist/ first').toBe('node scripts/bundle.mjs');
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const shipped = packed!.files.map((file) => file.path);
  expect(shipped).toContain('dist/cli.mjs');
  expect(shipped).toContain('schema/system.schema.json');
  expect(shipped).toContain('action.yml');
  expect(shipped.filter((file) => file.startsWith('test/') || file.startsWith('compiler/'))).toEqual([]);

  const app = path.join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  npm(['install', path.join(work, packed!.filename), '--prefer-offline', '--no-audit', '--no-fund'], app);

  expect(npx(['infragen', '--version'], app).trim()).toBe(`infragen ${version}`);
  npx(['infragen', 'init', '--yes'], app);
  const system = readFileSync(path.join(app, 'system.yaml'), 'utf8');
  expect(system.split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/infragen/schema/system.schema.json');
  expect(existsSync(path.join(app, 'node_modules/infragen/schema/system.schema.json'))).toBe(true);
  npx(['infragen', 'build', 'system.yaml'], app);
  for (const file of ['out/manifest.json', 'out/compose/docker-compose.yml', 'out/terraform/production/us-east-1/main.tf.json']) {
    expect(existsSync(path.join(app, file)), file).toBe(true);
  }
});
