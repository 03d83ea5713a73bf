/** Which targets a build runs: the built-ins plus loaded plugins, each bound to its options, narrowed by `--target`. */
import { BUILTIN_TARGETS } from '../../targets/index.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { LoadedSystem } from '../load/load.ts';
import { configureTargets, loadPlugins, pluginRequests } from '../plugins/load.ts';
import type { TargetEntry } from '../targets.ts';

export interface TargetSelection {
  entries: TargetEntry[];
  diagnostics: Diagnostic[];
}

export async function resolveTargets(
  loaded: LoadedSystem | undefined,
  request: { only: string[]; plugins: string[]; cwd?: string },
  builtins: readonly TargetEntry[] = BUILTIN_TARGETS,
): Promise<TargetSelection> {
  const plugins = await loadPlugins(pluginRequests(loaded, request.plugins, request.cwd), builtins.map((entry) => entry.id));
  const all = [...builtins, ...plugins.entries];
  const configured = await configureTargets(loaded, all);
  const diagnostics = [...plugins.diagnostics, ...configured.diagnostics];
  const known = all.map((entry) => entry.id);
  for (const id of request.only) {
    if (!known.includes(id)) diagnostics.push(catalogue.pluginUnknownTarget(id, known, { path: `--target ${id}` }, closest(id, known)));
  }
  const entries = request.only.length ? configured.entries.filter((entry) => request.only.includes(entry.id)) : configured.entries;
  return { entries, diagnostics };
}
