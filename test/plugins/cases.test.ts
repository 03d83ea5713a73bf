/**
 * Every folder here is a plugin case: its system.yaml loads the plugins beside it (with a stand-in
 * built-in `terraform`, so the real built-ins stay out) and the diagnostics are compared with
 * `_expected/diagnostics.txt`; cases that build also compare their files. UPDATE=1 rewrites them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTarget, PLUGIN_API_VERSION } from '../../compiler/plugin-api.ts';
import { runTargets } from '../../compiler/targets.ts';
import { caseFolders, expectGolden, expectTree } from '../helpers/golden.ts';
import { buildCase, CASES } from './build-case.ts';

const cases = caseFolders(CASES);

describe('plugin cases', () => {
  for (const name of cases) {
    it(name, async () => {
      const result = await buildCase(name);
      expect(result.model, 'the case system itself is valid').toBeDefined();
      expectGolden(path.join(CASES, name, '_expected', 'diagnostics.txt'), result.printed);
      // A case that writes files (beyond the manifest) keeps them as goldens too.
      if (result.tree && result.tree.size > 1) {
        result.tree.set('diagnostics.txt', result.printed);
        expectTree(path.join(CASES, name, '_expected'), result.tree);
      }
    });
  }
});

describe('failure modes', () => {
  it('a missing plugin is reported and the others still run and report', async () => {
    const { diagnostics } = await buildCase('missing-plugin');
    expect(diagnostics.filter((item) => item.code === 'PLUGIN_NOT_FOUND').map((item) => item.span?.start.line)).toEqual([10, 11, 12]);
    expect(diagnostics.some((item) => item.code === 'REPORTS_SEEN' && item.source === 'reports')).toBe(true);
  });

  it('a plugin that throws is TARGET_FAILED naming it; the next plugin still reports', async () => {
    const { diagnostics } = await buildCase('plugin-throws');
    const failed = diagnostics.find((item) => item.code === 'TARGET_FAILED');
    expect(failed?.message).toBe('target "throws" failed: the cloud is not reachable');
    expect(diagnostics.some((item) => item.code === 'REPORTS_SEEN')).toBe(true);
  });

  it('garbage output and invalid exports name the plugin', async () => {
    const { diagnostics } = await buildCase('returns-garbage');
    expect(diagnostics.filter((item) => item.code === 'TARGET_FAILED').map((item) => item.message.split(':')[0])).toEqual([
      'target "bad-files" failed',
      'target "bad-files" failed',
      'target "not-a-list" failed',
    ]);
    expect(diagnostics.filter((item) => item.code === 'PLUGIN_INVALID')).toHaveLength(3);
  });

  it('paths outside the folder are rejected; template path patterns are checked when loading', async () => {
    const { diagnostics } = await buildCase('bad-path');
    expect(diagnostics.filter((item) => item.code === 'TARGET_PATH').map((item) => item.message.match(/"([^"]+)":/)?.[1])).toEqual([
      '../terraform/main.tf.json',
      '/etc/passwd',
      'a/./b.txt',
      'same.txt',
    ]);
    expect(diagnostics.find((item) => item.code === 'PLUGIN_INVALID')?.message).toContain('"../{{name}}.txt"');
  });

  it('wrong options point at the exact line and the target does not run', async () => {
    const { diagnostics } = await buildCase('bad-options');
    const options = diagnostics.filter((item) => item.code === 'PLUGIN_OPTIONS');
    expect(options.map((item) => [item.span?.start.line, item.message])).toEqual([
      [11, 'targets.configurable: missing the required option "region"'],
      [12, 'targets.configurable: "replicas" must be integer'],
      [13, 'targets.configurable: "tier" must be one of "basic", "standard"'],
      [15, 'targets.configurable: "network.subnets.1" must be string'],
      [16, 'targets.configurable: unknown option "colour"'],
    ]);
    expect(diagnostics.some((item) => item.code === 'TARGET_FAILED')).toBe(false);
  });

  it('a targets section or overrides key naming no target is PLUGIN_UNKNOWN_TARGET at its key; defaults reach the plugin', async () => {
    const result = await buildCase('unknown-targets-section');
    const unknown = result.diagnostics.filter((item) => item.code === 'PLUGIN_UNKNOWN_TARGET');
    expect(unknown.map((item) => [item.span?.start.line, /^did you mean "(\w+)"/.exec(item.hint ?? '')?.[1]])).toEqual([[10, 'terraform'], [13, 'configurable'], [14, undefined]]);
    const entry = result.targets.find((item) => item.id === 'configurable')!;
    const { files } = await runTargets(result.model!, [entry], {});
    expect(files.map((file) => [file.path, file.contents])).toEqual([['configurable/region.txt', 'us-east-1\n']]);
  });

  it('a plugin for another plugin API version is refused with PLUGIN_API_VERSION; one naming none runs', async () => {
    const { diagnostics, targets } = await buildCase('api-version');
    expect(diagnostics.map((item) => item.code)).toEqual(['PLUGIN_API_VERSION', 'PLUGIN_INVALID']);
    expect(targets.map((entry) => entry.id)).toEqual(['terraform', 'current']);
    expect(defineTarget({ id: 'stamped', description: 'd', emit: () => [] }).apiVersion).toBe(PLUGIN_API_VERSION);
    expect(defineTarget({ id: 'pinned', description: 'd', apiVersion: 7, emit: () => [] }).apiVersion).toBe(7);
  });

  it('an id taken by a built-in or an earlier plugin is PLUGIN_INVALID', async () => {
    const { diagnostics, targets } = await buildCase('id-collision');
    expect(diagnostics.map((item) => [item.code, item.span?.start.line])).toEqual([['PLUGIN_INVALID', 9], ['PLUGIN_INVALID', 9]]);
    expect(targets.map((entry) => `${entry.id} ${entry.origin}`)).toEqual(['terraform built-in', 'twin ./first.mjs']);
  });

  it('a plugin cannot change the model the targets after it see', async () => {
    const result = await buildCase('mutation-attempt');
    expect(result.diagnostics.map((item) => item.code)).toEqual(['TARGET_FAILED']);
    const { files } = await runTargets(result.model!, result.targets, {});
    expect(files.find((file) => file.path === 'observer/replicas.txt')?.contents).toBe('1\n');
    expect(result.model!.base.services.api!.ports.map((port) => port.name)).toEqual(['http']);
    expect(result.model!.base.services.api!.image).toBe('nginx:1.27');
    expect(result.model!.environments[0]!.environment!.vars).toEqual({});
    expect(result.model!.name).toBe('shop');
  });

  it('template failures name the template and the entity', async () => {
    const { diagnostics } = await buildCase('template-errors');
    expect(diagnostics.map((item) => `${item.code} ${item.source}`)).toEqual([
      'TARGET_FAILED infragen',
      'STRICT_FIFO strict',
      'STRICT_FIFO strict',
      'PLUGIN_INVALID infragen',
      'PLUGIN_INVALID infragen',
    ]);
    expect(diagnostics[0]!.message).toBe('target "strict" failed: service.txt.hbs for service.api in prod: "port" not defined (line 1, column 22)');
  });
});
