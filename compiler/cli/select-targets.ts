/** Which targets a build runs: the built-ins plus loaded plugins, narrowed by `--target`. */
import { BUILTIN_TARGETS } from '../../targets/index.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { LoadedSystem } from '../load/load.ts';
import type { SystemModel } from '../model/types.ts';
import { loadPlugins } from '../plugins/load.ts';
import type { TargetEntry } from '../targets.ts';

export interface TargetSelection {
  entries: TargetEntry[];
  diagnostics: Diagnostic[];
}

export async function resolveTargets(
  loaded: LoadedSystem | undefined,
  model: SystemModel | undefined,
  request: { only: string[]; plugins: string[] },
): Promise<TargetSelection> {
  const plugins = await loadPlugins(loaded, model, request.plugins);
  const all = [...BUILTIN_TARGETS, ...plugins.entries];
  const diagnostics = [...plugins.diagnostics];
  const known = all.map((entry) => entry.id);
  for (const id of request.only) {
    if (!known.includes(id)) diagnostics.push(catalogue.pluginUnknownTarget(id, known, { path: `--target ${id}` }, closest(id, known)));
  }
  const entries = request.only.length ? all.filter((entry) => request.only.includes(entry.id)) : all;
  return { entries, diagnostics };
}
