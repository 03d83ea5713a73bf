/**
 * Golden tests: every example compiles with the compose target and its files equal the committed
 * out/<example>/compose/ (UPDATE=1 rewrites them). Each override file, merged over the base file
 * the way Compose merges, gives exactly the environment's project and is valid Compose.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/pipeline.ts';
import { bundledExamples } from '../../../compiler/plugin-testing.ts';
import { BUILTIN_TARGETS } from '../../../compiler/builtin-targets.ts';
import { composeProjects, overrideFile } from '../../../targets/compose/index.ts';
import { expectTree } from '../../helpers/golden.ts';
import { mergeCompose, parseCompose } from './compose-merge.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const targets = BUILTIN_TARGETS.filter((target) => target.id === 'compose');

// The Compose Specification schema the independent validator uses (../shared/validate).
const schema = JSON.parse(readFileSync(path.join(ROOT, '..', 'shared', 'validate', 'schemas', 'compose', 'compose-spec.json'), 'utf8'));
delete schema.$schema;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

describe('compose target on the examples', () => {
  for (const system of bundledExamples()) {
    const example = path.basename(path.dirname(system));
    it(example, async () => {
      const result = await compile(system, { targets });
      expect(result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
      const tree = new Map(result.files.map((file) => [file.path.replace(/^compose\//, ''), file.contents]));
      expectTree(path.join(ROOT, 'out', example, 'compose'), tree);

      const base = parseCompose(tree.get('docker-compose.yml')!);
      expect(base.version).toBeUndefined();
      expect(base.name).toBe(result.model!.name);
      expect(validate(base) ? [] : validate.errors).toEqual([]);

      const projects = composeProjects(result.model!);
      expect(base).toEqual(JSON.parse(JSON.stringify(projects.base.document)));
      for (const { env, project } of projects.environments) {
        const merged = mergeCompose(base, parseCompose(tree.get(overrideFile(env))!));
        expect(validate(merged) ? [] : validate.errors, env).toEqual([]);
        expect(merged, env).toEqual(JSON.parse(JSON.stringify(project.document)));
      }
    });
  }
});
