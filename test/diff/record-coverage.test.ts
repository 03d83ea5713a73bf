/**
 * Every object a built-in target's diff format finds in an example's committed output has a record
 * in its manifest, so `infragen diff` names a system.yaml line for every change: an entity's, or
 * the environment's (the network, providers, namespace defaults), or the system's (the local
 * stand-ins). (out/ is kept fresh by CI's `build-examples --check`.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import type { DiffFormat } from '../../compiler/plugin-api.ts';
import { diffFormatsOf } from '../../compiler/targets.ts';
import type { Manifest } from '../../compiler/write/writer.ts';
import { caseFolders } from '../helpers/golden.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLES = caseFolders(path.join(ROOT, 'examples'));
const TARGETS = BUILTIN_TARGETS.map((entry) => entry.id).sort();

interface Coverage {
  /** Objects the format finds, per target. */
  objects: Record<string, number>;
  /** `<file> <id>` of each object without a record. */
  unrecorded: string[];
}

/** The coverage of one output folder's manifest: `read` gives a listed file's contents. */
function coverage(manifest: Manifest, read: (file: string) => string, formats: ReadonlyMap<string, DiffFormat>): Coverage {
  const result: Coverage = { objects: {}, unrecorded: [] };
  for (const entry of manifest.files) {
    const format = formats.get(entry.target);
    const relative = entry.path.slice(entry.target.length + 1);
    const contents = read(entry.path);
    if (!format?.matches(relative, contents)) continue;
    const recorded = new Set((entry.objects ?? []).map((object) => object.id));
    for (const object of format.parse(entry.path, contents)) {
      result.objects[entry.target] = (result.objects[entry.target] ?? 0) + 1;
      if (!recorded.has(object.id)) result.unrecorded.push(`${entry.path} ${object.id}`);
    }
  }
  return result;
}

const outputOf = (example: string) => {
  const folder = path.join(ROOT, 'out', example);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  return { manifest, read: (file: string) => readFileSync(path.join(folder, file), 'utf8') };
};

describe('object records in the examples', () => {
  it('every example has a built output', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(9);
    expect(EXAMPLES.filter((example) => !existsSync(path.join(ROOT, 'out', example, 'manifest.json')))).toEqual([]);
  });

  it('every object a built-in diff format parses in any example has a record naming a line', async () => {
    const formats = await diffFormatsOf(BUILTIN_TARGETS);
    const totals: Record<string, number> = {};
    const unrecorded: string[] = [];
    for (const example of EXAMPLES) {
      const { manifest, read } = outputOf(example);
      const found = coverage(manifest, read, formats);
      for (const [target, count] of Object.entries(found.objects)) totals[target] = (totals[target] ?? 0) + count;
      unrecorded.push(...found.unrecorded.map((object) => `${example}: ${object}`));
      const lineless = manifest.files.flatMap((entry) => (entry.objects ?? []).filter((object) => !(object.line > 0) || !object.file).map((object) => `${example}: ${entry.path} ${object.id}`));
      expect(lineless, example).toEqual([]);
    }
    expect(unrecorded).toEqual([]);
    // Every built-in target was looked at, with many objects each.
    expect(Object.keys(totals).sort()).toEqual(TARGETS);
    for (const target of TARGETS) expect(totals[target], target).toBeGreaterThan(20);
  });

  it('the check finds an object without a record (it can fail)', async () => {
    const formats = await diffFormatsOf(BUILTIN_TARGETS);
    const { manifest, read } = outputOf('event-pipeline');
    const terraform = manifest.files.find((entry) => entry.target === 'terraform' && entry.path.endsWith('.tf.json'))!;
    const dropped = terraform.objects![0]!;
    const doctored: Manifest = { ...manifest, files: manifest.files.map((entry) => (entry === terraform ? { ...entry, objects: entry.objects!.slice(1) } : entry)) };
    expect(coverage(doctored, read, formats).unrecorded).toEqual([`${terraform.path} ${dropped.id}`]);
  });

  it('objects no single entity made are the environment’s: the network at `network:`, the rest at the environment’s key', () => {
    const { manifest } = outputOf('social-app');
    const text = readFileSync(path.join(ROOT, 'examples/social-app/system.yaml'), 'utf8').split('\n');
    const records = manifest.files.flatMap((entry) => (entry.objects ?? []).map((object) => ({ ...object, path: entry.path })));
    const record = (id: string) => records.find((candidate) => candidate.path === 'terraform/production/us-east-1/main.tf.json' && candidate.id === id);
    expect(record('aws_vpc.main')).toMatchObject({ entity: 'environment.production', file: 'system.yaml' });
    expect(text[record('aws_vpc.main')!.line - 1]).toMatch(/^network:/);
    expect(record('provider.aws')).toMatchObject({ entity: 'environment.production', file: 'system.yaml' });
    expect(text[record('provider.aws')!.line - 1]).toMatch(/^  production:/);
    // The local stack's stand-ins are the system's, at the `system:` line.
    const localstack = records.find((candidate) => candidate.path === 'compose/docker-compose.yml' && candidate.id === 'services.localstack');
    expect(localstack).toMatchObject({ entity: 'system.fedi' });
    expect(text[localstack!.line - 1]).toMatch(/^system:/);
  });
});
