/**
 * Order carries no meaning: YAML maps are unordered, so reversing the keys of every map in an
 * example's system.yaml (environments, entities, ports, node groups, env vars, …) must change no
 * byte of any generated file. The manifest is compared with its line numbers left out (the
 * entities move in the file), and the findings by code and message.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildSystem } from '../compiler/cli/build-system.ts';
import { diskHost, type SourceHost } from '../compiler/load/host.ts';
import { caseFolders } from './helpers/golden.ts';
import { reverseKeys } from './helpers/reverse-keys.ts';

const EXAMPLES = path.join(import.meta.dirname, '..', 'examples');

/** The disk, except that `file` reads as `text`. */
function hostWith(file: string, text: string): SourceHost {
  return {
    ...diskHost,
    readFile: (absolutePath) => (absolutePath === file ? text : diskHost.readFile(absolutePath)),
    fileSize: (absolutePath) => (absolutePath === file ? Buffer.byteLength(text) : diskHost.fileSize(absolutePath)),
  };
}

async function build(file: string, host?: SourceHost) {
  const result = await buildSystem({ systemFile: file, ...(host ? { host } : {}), environments: [], only: [], plugins: [] });
  const findings = result.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`).sort();
  const tree = new Map([...(result.tree ?? new Map<string, string>())].map(([name, text]) => [name, name === 'manifest.json' ? text.replace(/"line": \d+/g, '"line": 0') : text]));
  return { findings, tree };
}

describe('the order of keys in system.yaml', () => {
  it('reverseKeys reverses every map and keeps every list', () => {
    expect(stringify(reverseKeys(parse('a: 1\nb: { c: [3, 2], d: { e: 5, f: 6 } }\n')))).toBe('b:\n  d:\n    f: 6\n    e: 5\n  c:\n    - 3\n    - 2\na: 1\n');
  });

  for (const example of caseFolders(EXAMPLES)) {
    it(`changes no output byte of ${example}`, async () => {
      const file = path.join(EXAMPLES, example, 'system.yaml');
      const reversed = stringify(reverseKeys(parse(diskHost.readFile(file)!)), { lineWidth: 0 });
      const original = await build(file);
      const shuffled = await build(file, hostWith(file, reversed));
      expect(original.tree.size).toBeGreaterThan(0);
      expect(shuffled.findings).toEqual(original.findings);
      expect([...shuffled.tree.keys()]).toEqual([...original.tree.keys()]);
      for (const [name, text] of original.tree) expect(shuffled.tree.get(name), name).toBe(text);
    });
  }
});
