/** Builds a plugin case folder the way `infragen build` does, against a stand-in built-in. */
import path from 'node:path';
import { buildSystem } from '../../compiler/cli/build-system.ts';
import type { TargetEntry } from '../../compiler/targets.ts';
import { printedDiagnostics } from '../helpers/diagnostics.ts';

export const CASES = import.meta.dirname;

/** A built-in stand-in: collisions are checked against it, and it emits nothing. */
export const STAND_IN_BUILTINS: TargetEntry[] = [
  { id: 'terraform', description: 'stand-in built-in', origin: 'built-in', load: async () => ({ id: 'terraform', description: 'stand-in built-in', emit: () => [] }) },
];

/** Plugins that failed to load do not stop the others: the targets run, then every finding counts. */
export async function buildCase(name: string) {
  const build = await buildSystem({ systemFile: path.join(CASES, name, 'system.yaml'), environments: [], only: [], plugins: [], builtins: STAND_IN_BUILTINS });
  return { ...build, model: build.validated.model, printed: printedDiagnostics(build.diagnostics, build.validated.sources) };
}
