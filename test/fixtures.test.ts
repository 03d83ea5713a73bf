/**
 * Every folder under test/fixtures is a case: its system.yaml is compiled with all built-in
 * targets and compared byte for byte with `_expected/` — `diagnostics.txt` (printed as a user
 * sees it, colour off) and, for valid cases, every emitted file. UPDATE=1 rewrites the goldens.
 * `validate` (the targets' checks, no emit) must find exactly what `build` finds: every error,
 * warning and info (emit reports nothing a check could not know).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../compiler/diagnostics/types.ts';
import { checkWithTargets, compile, validateSystem } from '../compiler/pipeline.ts';
import { planOutput } from '../compiler/write/writer.ts';
import { BUILTIN_TARGETS } from '../compiler/builtin-targets.ts';
import { printedDiagnostics } from './helpers/diagnostics.ts';
import { caseFolders, expectGolden, expectTree } from './helpers/golden.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

const findingsOf = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code} ${diagnostic.span?.start.line}: ${diagnostic.message}`);

describe('fixtures', () => {
  for (const name of caseFolders(FIXTURES)) {
    it(name, async () => {
      const folder = path.join(FIXTURES, name);
      const result = await compile(path.join(folder, 'system.yaml'), { targets: BUILTIN_TARGETS });
      const printed = printedDiagnostics(result.diagnostics, result.sources);
      const validated = await checkWithTargets(validateSystem(path.join(folder, 'system.yaml')), BUILTIN_TARGETS);
      expect(findingsOf(validated.diagnostics), 'validate finds what build finds').toEqual(findingsOf(result.diagnostics));
      expectGolden(path.join(folder, '_expected', 'diagnostics.txt'), printed);
      if (result.model) {
        const tree = planOutput(result.model.name, result.files, result.loaded);
        tree.set('diagnostics.txt', printed);
        expectTree(path.join(folder, '_expected'), tree);
      }
    });
  }
});
