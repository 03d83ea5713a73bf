/** The pipeline with no targets at all: the manifest alone, written deterministically. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../compiler/load/host.ts';
import { compile } from '../../compiler/pipeline.ts';
import { compareOutput, isUnchanged, planOutput } from '../../compiler/write/writer.ts';

const SYSTEM = `infragen: 1
system: shop
environments:
  prod: { regions: [eu-west-1], account: "123456789012" }
queues:
  orders: {}
services:
  api: { image: shop/api:1.0.0, ports: { http: 8080 }, consumes: [queue.orders] }
`;

describe('a build with no targets registered', () => {
  it('plans only manifest.json, identical across runs and folders, and compareOutput sees it fresh', async () => {
    const plan = async (root: string) => {
      const result = await compile(path.join(root, 'system.yaml'), { targets: [], host: memoryHost({ [path.join(root, 'system.yaml')]: SYSTEM }) });
      expect(result.diagnostics).toEqual([]);
      return planOutput(result.model!.name, result.files, result.loaded);
    };
    const first = await plan('/projects/a');
    const second = await plan('/elsewhere/b');
    expect([...first.keys()]).toEqual(['manifest.json']);
    expect(second.get('manifest.json')).toBe(first.get('manifest.json'));
    expect(JSON.parse(first.get('manifest.json')!)).toEqual({ generator: 'infragen', format: 2, system: 'shop', files: [] });
    expect(isUnchanged(compareOutput('/nonexistent-infragen-folder', first))).toBe(false);
  });
});
