/**
 * Plugins run only after their spec is checked, under the same rules in every command: no plugin
 * of a system file that fails `validate` is imported, and `validate`, `build` and `targets` report
 * the same plugin findings (so `validate` exit 0 ⇒ no PLUGIN_* error from `build`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';
import { caseFolders } from '../helpers/golden.ts';
import { CASES } from './build-case.ts';

/** A code plugin that leaves `marker` behind when it is imported: proof that its code ran. */
const markingPlugin = (marker: string, id = 'marks') => `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(marker)}, 'imported');
export default { id: '${id}', description: 'leaves a marker', emit: () => [] };
`;

const VALID_BODY = `environments:
  prod: { regions: [us-east-1], account: "123456789012" }
services:
  api: { image: nginx:1.27, ports: { http: 8080 } }
`;

/** A project folder with a marking plugin at `plugin.mjs` and `system.yaml` holding `system`. */
function project(system: (folder: string) => string): { folder: string; file: string; marker: string } {
  const folder = tempFolder('infragen-trust-');
  const marker = path.join(folder, 'IMPORTED');
  writeFileSync(path.join(folder, 'plugin.mjs'), markingPlugin(marker));
  const file = path.join(folder, 'system.yaml');
  writeFileSync(file, system(folder));
  return { folder, file, marker };
}

const COMMANDS = (file: string, folder: string) => ({
  validate: ['validate', file],
  build: ['build', file, '-o', path.join(folder, 'out'), '--target', 'compose'],
  targets: ['targets', file],
});

describe('a plugin of a system file that fails validation is never imported', () => {
  it('not when the schema rejects its spec (an absolute path), in any command', async () => {
    const { folder, file, marker } = project((dir) => `infragen: 1\nsystem: shop\nplugins: [${path.join(dir, 'plugin.mjs')}]\n`);
    for (const [command, args] of Object.entries(COMMANDS(file, folder))) {
      const result = await runCli(args);
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain('error[INVALID_FORMAT]');
      expect(existsSync(marker), `${command} imported the plugin`).toBe(false);
    }
  });

  it('not when anything else in the file is an error', async () => {
    const { folder, file, marker } = project(() => `infragen: 1\nsystem: shop\nplugins: [./plugin.mjs]\n${VALID_BODY}  worker: { image: nginx:1.27, replicas: many }\n`);
    for (const [command, args] of Object.entries(COMMANDS(file, folder))) {
      const result = await runCli(args);
      expect(result.code, command).toBe(1);
      expect(existsSync(marker), `${command} imported the plugin`).toBe(false);
    }
    const targets = await runCli(['targets', file]);
    expect(targets.stdout).not.toContain('marks');
    expect(targets.stderr).toContain(`plugins not loaded: ${file} has errors, and plugins run only once it validates`);
  });

  it('is imported by every command once the file is valid', async () => {
    for (const command of ['validate', 'build', 'targets'] as const) {
      const { folder, file, marker } = project(() => `infragen: 1\nsystem: shop\nplugins: [./plugin.mjs]\n${VALID_BODY}`);
      const result = await runCli(COMMANDS(file, folder)[command]);
      expect(result.code, `${command}: ${result.stderr}`).toBe(0);
      expect(existsSync(marker), command).toBe(true);
    }
  });

  it('an npm: spec must be a package name: it cannot climb out of node_modules', async () => {
    const { folder, file, marker } = project(() => `infragen: 1\nsystem: shop\nplugins: ["npm:a/../../evil"]\n${VALID_BODY}`);
    // A package-shaped folder where `node_modules/a/../../evil` would land.
    mkdirSync(path.join(folder, 'evil'));
    writeFileSync(path.join(folder, 'evil', 'package.json'), '{ "name": "evil", "main": "index.mjs" }\n');
    writeFileSync(path.join(folder, 'evil', 'index.mjs'), markingPlugin(marker, 'evil'));
    mkdirSync(path.join(folder, 'node_modules'));
    for (const [command, args] of Object.entries(COMMANDS(file, folder))) {
      const result = await runCli(args);
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain('error[PLUGIN_NOT_FOUND]: plugin "npm:a/../../evil" cannot be loaded: "a/../../evil" is not an npm package name');
      expect(existsSync(marker), `${command} imported the package`).toBe(false);
    }
    const cli = await runCli(['targets', '--plugin', 'npm:a/../../evil'], folder);
    expect(cli.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('validate, build and targets report the same plugin findings', () => {
  const pluginFindings = (stdout: string) =>
    (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics
      .filter((diagnostic) => diagnostic.code.startsWith('PLUGIN_'))
      .map((diagnostic) => `${diagnostic.code} ${diagnostic.span ? `${diagnostic.span.start.line}:${diagnostic.span.start.column}` : diagnostic.path} ${diagnostic.message}`);

  for (const name of caseFolders(CASES)) {
    it(name, async () => {
      const file = path.join(CASES, name, 'system.yaml');
      const out = tempFolder('infragen-trust-out-');
      const json = ['--format', 'json'];
      const [validate, build, targets] = await Promise.all([
        runCli(['validate', file, ...json]),
        runCli(['build', file, '-o', out, '--target', 'compose', ...json]),
        runCli(['targets', file, ...json]),
      ]);
      const found = pluginFindings(build.stdout);
      expect(pluginFindings(validate.stdout)).toEqual(found);
      expect(pluginFindings(targets.stdout)).toEqual(found);
      // validate exit 0 ⇒ build has no plugin error.
      if (found.length) expect(validate.code).toBe(1);
    });
  }

  it('validate reports PLUGIN_OPTIONS at the line, as build does', async () => {
    const result = await runCli(['validate', path.join(CASES, 'bad-options', 'system.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[PLUGIN_OPTIONS]: targets.configurable: missing the required option "region"\n  --> ');
    expect(result.stderr).toContain('system.yaml:11:3');
    expect(result.stderr).not.toContain(': valid');
  });
});
