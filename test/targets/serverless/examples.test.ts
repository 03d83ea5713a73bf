/**
 * Golden tests: every example compiles with the serverless target and its files equal the
 * committed out/<example>/serverless/ (UPDATE=1 rewrites them). Examples without functions emit none.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/pipeline.ts';
import { bundledExamples } from '../../../compiler/plugin-testing.ts';
import { BUILTIN_TARGETS } from '../../../compiler/builtin-targets.ts';
import { EXAMPLE_CLOUDS } from '../../helpers/example-clouds.ts';
import { expectTree } from '../../helpers/golden.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const targets = BUILTIN_TARGETS.filter((target) => target.id === 'serverless');

describe('serverless target on the examples', () => {
  for (const system of bundledExamples()) {
    const example = path.basename(path.dirname(system));
    it(example, async () => {
      const result = await compile(system, { targets, clouds: EXAMPLE_CLOUDS });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tree = new Map(result.files.map((file) => [file.path.replace(/^serverless\//, ''), file.contents]));
      // it serves aws: an example on another cloud gets nothing
      const withFunctions = result.model!.environments.some((env) => env.environment!.cloud === 'aws' && Object.keys(env.functions).length > 0);
      expect(tree.size > 0).toBe(withFunctions);
      expectTree(path.join(ROOT, 'out', example, 'serverless'), tree);
    });
  }
});
