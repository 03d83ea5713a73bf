/**
 * Golden tests: every example compiles with the terraform target and its stacks equal the
 * committed out/<example>/terraform/ (UPDATE=1 rewrites them).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWithTarget } from '../../helpers/compile.ts';
import { servesAny } from '../../helpers/example-clouds.ts';
import { caseFolders, expectTree } from '../../helpers/golden.ts';
import { toStableJson } from '../../../compiler/serialize.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const examples = caseFolders(path.join(ROOT, 'examples'));

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, member]) => [key, ...keysOf(member)]);
}

describe('terraform target on the examples', () => {
  for (const example of examples) {
    it(example, async () => {
      const { result, files } = await compileWithTarget('terraform', path.join(ROOT, 'examples', example, 'system.yaml'));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tree = new Map(Object.entries(files));
      // it serves aws: an example on another cloud gets nothing
      expect(tree.size > 0).toBe(servesAny(result.model!, ['aws']));
      for (const [file, contents] of tree) {
        expect(file).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+\/main\.tf\.json$/);
        // Hand-written look: no cdktf metadata, no absolute paths, no cdktf version.
        expect(keysOf(JSON.parse(contents))).not.toContain('//');
        expect(contents).not.toContain(ROOT);
        expect(contents).not.toContain('cdktf');
        // keys sorted everywhere, undefined members dropped: the file is its own canonical form
        expect(contents).toBe(toStableJson(JSON.parse(contents)));
      }
      expectTree(path.join(ROOT, 'out', example, 'terraform'), tree);
    });
  }
});
