/**
 * Which targets a command runs or checks: the built-ins plus loaded plugins, each bound to its
 * options, narrowed by `--target`. `build`, `diff`, `validate` and `targets` all select through
 * `resolveTargets`, so a plugin is imported under the same rules, with the same diagnostics, in
 * every command (docs/plugins.md, "Trust: what is checked before a plugin runs").
 */
import { performance } from 'node:perf_hooks';
import { BUILTIN_TARGETS } from '../builtin-targets.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { ValidateResult } from '../pipeline.ts';
import { configureTargets, loadPlugins, pluginRequests } from '../plugins/load.ts';
import type { TargetEntry } from '../targets.ts';
import type { CloudCatalogue } from '../clouds/types.ts';

export interface TargetSelection {
  entries: TargetEntry[];
  diagnostics: Diagnostic[];
  /**
   * True when plugins were named but none was imported because the system file has errors: its
   * `plugins:` specs (and the `targets:` options) are only trusted once the whole file validates.
   */
  pluginsHeldBack: boolean;
  /** The clouds the loaded plugins contribute (each id once: a plugin that repeats one is not loaded). */
  cloudCatalogues: CloudCatalogue[];
}

export interface SelectionRequest {
  /** `--target`: only these (all when empty). */
  only: string[];
  /** `--plugin` specs, on top of the system's `plugins:`. */
  plugins: string[];
  /** The folder `--plugin` specs are relative to (default: the current folder). */
  cwd?: string;
}

/**
 * Selects the targets for a validated system (or for no system, as `infragen targets` lists them).
 * No plugin is imported unless the system file passed every check of `validate` (its model
 * exists): a spec the schema rejects never reaches `import()`. Adds its time to the timings as
 * `plugins`.
 */
export async function resolveTargets(
  validated: ValidateResult | undefined,
  request: SelectionRequest,
  builtins: readonly TargetEntry[] = BUILTIN_TARGETS,
): Promise<TargetSelection> {
  if (validated && !validated.model) {
    const named = request.plugins.length > 0 || (Array.isArray(validated.loaded?.data.plugins) && validated.loaded.data.plugins.length > 0);
    return { entries: narrow([...builtins], request.only), diagnostics: [], pluginsHeldBack: named, cloudCatalogues: [] };
  }
  const start = performance.now();
  const loaded = validated?.loaded;
  const plugins = await loadPlugins(pluginRequests(loaded, request.plugins, request.cwd), builtins.map((entry) => entry.id));
  const all = [...builtins, ...plugins.entries];
  const configured = await configureTargets(loaded, all);
  const diagnostics = [...plugins.diagnostics, ...configured.diagnostics];
  const known = all.map((entry) => entry.id);
  for (const id of request.only) {
    if (!known.includes(id)) diagnostics.push(catalogue.pluginUnknownTarget(id, known, { path: `--target ${id}` }, closest(id, known)));
  }
  if (validated) validated.timings.plugins = (validated.timings.plugins ?? 0) + performance.now() - start;
  const cloudCatalogues = plugins.entries.flatMap((entry) => entry.target.cloudCatalogues ?? []);
  return { entries: narrow(configured.entries, request.only), diagnostics, pluginsHeldBack: false, cloudCatalogues };
}

const narrow = (entries: TargetEntry[], only: readonly string[]) => (only.length ? entries.filter((entry) => only.includes(entry.id)) : entries);
