/** Builds a plugin case folder the way `infragen build` does, against a stand-in built-in. */
import path from 'node:path';
import { resolveTargets } from '../../compiler/cli/select-targets.ts';
import { sortDiagnostics } from '../../compiler/diagnostics/order.ts';
import { formatText, summary } from '../../compiler/diagnostics/print.ts';
import { emitTargets, hasErrors, validateSystem } from '../../compiler/pipeline.ts';
import type { TargetEntry } from '../../compiler/targets.ts';

export const CASES = import.meta.dirname;

/** A built-in stand-in: collisions are checked against it, and it emits nothing. */
export const STAND_IN_BUILTINS: TargetEntry[] = [
  { id: 'terraform', description: 'stand-in built-in', origin: 'built-in', load: async () => ({ id: 'terraform', description: 'stand-in built-in', emit: () => [] }) },
];

/** Plugins that failed to load do not stop the others: the targets run, then every finding counts. */
export async function buildCase(name: string) {
  const validated = validateSystem(path.join(CASES, name, 'system.yaml'));
  const selection = await resolveTargets(validated.loaded, validated.model, { only: [], plugins: [] }, STAND_IN_BUILTINS);
  const emitted = await emitTargets(validated, selection.entries);
  const diagnostics = sortDiagnostics([...emitted.diagnostics, ...selection.diagnostics]);
  const body = formatText(diagnostics, { sources: validated.sources, color: false });
  return { ...emitted, diagnostics, files: hasErrors(diagnostics) ? [] : emitted.files, selection, printed: `${body}${body ? '\n\n' : ''}${summary(diagnostics)}\n` };
}
