/**
 * Every folder under test/fixtures is a case: its system.yaml is compiled with all built-in
 * targets and compared byte for byte with `_expected/` — `diagnostics.txt` (printed as a user
 * sees it, colour off) and, for valid cases, every emitted file. UPDATE=1 rewrites the goldens.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { formatText, summary } from '../compiler/diagnostics/print.ts';
import { compile } from '../compiler/pipeline.ts';
import { planOutput } from '../compiler/write/writer.ts';
import { BUILTIN_TARGETS } from '../targets/index.ts';
import { expectGolden, expectTree } from './helpers/golden.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(FIXTURES, entry.name, 'system.yaml')))
  .map((entry) => entry.name)
  .sort();

/** The diagnostics exactly as `infragen validate` prints them, with the summary line. */
export function printedDiagnostics(result: Awaited<ReturnType<typeof compile>>): string {
  const body = formatText(result.diagnostics, { sources: result.sources, color: false });
  return `${body}${body ? '\n\n' : ''}${summary(result.diagnostics)}\n`;
}

describe('fixtures', () => {
  for (const name of cases) {
    it(name, async () => {
      const folder = path.join(FIXTURES, name);
      const result = await compile(path.join(folder, 'system.yaml'), { targets: BUILTIN_TARGETS });
      expectGolden(path.join(folder, '_expected', 'diagnostics.txt'), printedDiagnostics(result));
      if (result.model) {
        const tree = planOutput(result.model.name, result.files, result.loaded);
        tree.set('diagnostics.txt', printedDiagnostics(result));
        expectTree(path.join(folder, '_expected'), tree);
      }
    });
  }
});
