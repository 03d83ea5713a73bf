/** Golden tests: every example compiles to exactly the files committed in out/<example>/kubernetes/. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledExamples } from '../../../compiler/plugin-testing.ts';
import { servesAny } from '../../helpers/example-clouds.ts';
import { expectTree } from '../../helpers/golden.ts';
import { compileExample, errorsOf, fileTree } from './compile.ts';

const examples = bundledExamples().map((system) => path.basename(path.dirname(system)));

describe('kubernetes target: examples', () => {
  it('has examples to check', () => expect(examples.length).toBeGreaterThanOrEqual(5));

  for (const example of examples) {
    it(`${example} matches out/${example}/kubernetes`, async () => {
      const result = await compileExample(example);
      expect(errorsOf(result)).toEqual([]);
      // it serves aws: an example on another cloud gets nothing
      expect(result.files.length > 0).toBe(servesAny(result.model!, ['aws']));
      expectTree(`out/${example}/kubernetes`, fileTree(result));
    });
  }

  it('is deterministic: two builds are byte-identical', async () => {
    const first = fileTree(await compileExample('coda-testnet'));
    const second = fileTree(await compileExample('coda-testnet'));
    expect([...second]).toEqual([...first]);
  });
});
