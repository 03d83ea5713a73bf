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
import { selectTargets } from '../compiler/cli/build-system.ts';
import { sortDiagnostics } from '../compiler/diagnostics/order.ts';
import { checkWithTargets, emitTargets, hasErrors } from '../compiler/pipeline.ts';
import { planOutput } from '../compiler/write/writer.ts';
import { BUILTIN_TARGETS } from '../compiler/builtin-targets.ts';
import { printedDiagnostics } from './helpers/diagnostics.ts';
import { caseFolders, expectGolden, expectTree } from './helpers/golden.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** The findings as a sorted list: the printer orders them by place, so the order they come in means nothing. */
const findingsOf = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code} ${diagnostic.span?.start.line}: ${diagnostic.message}`).sort();

describe('fixtures', () => {
  for (const name of caseFolders(FIXTURES)) {
    it(name, async () => {
      const folder = path.join(FIXTURES, name);
      // As the CLI selects them: a fixture's `plugins:` load (and contribute their clouds) too.
      const { validated, selection } = await selectTargets({ systemFile: path.join(folder, 'system.yaml'), environments: [], only: [], plugins: [], builtins: BUILTIN_TARGETS });
      // a selection that failed (bad options, a broken plugin) emits nothing, as `build` writes nothing then
      const emitted = hasErrors(selection.diagnostics) ? { ...validated, files: [] } : await emitTargets(validated, selection.entries);
      const result = { ...emitted, diagnostics: sortDiagnostics([...emitted.diagnostics, ...selection.diagnostics]) };
      const printed = printedDiagnostics(result.diagnostics, result.sources);
      const checked = await checkWithTargets(validated, selection.entries);
      expect(findingsOf([...checked.diagnostics, ...selection.diagnostics]), 'validate finds what build finds').toEqual(findingsOf(result.diagnostics));
      expectGolden(path.join(folder, '_expected', 'diagnostics.txt'), printed);
      if (result.model) {
        const tree = planOutput(result.model.name, result.files, result.loaded);
        tree.set('diagnostics.txt', printed);
        expectTree(path.join(folder, '_expected'), tree);
      }
    });
  }
});
