/**
 * One build in memory, as `infragen build` writes it: validate, select the targets (built-ins and
 * plugins), emit, plan the output tree. `build` writes the tree; `diff` compares two of them.
 */
import path from 'node:path';
import { sortDiagnostics } from '../diagnostics/order.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SourceHost } from '../load/host.ts';
import { checkWithTargets, emitTargets, hasErrors, validateSystem, type ValidateResult } from '../pipeline.ts';
import type { TargetEntry } from '../targets.ts';
import type { TargetThreads } from '../target-threads.ts';
import { BUILTIN_CLOUDS } from '../clouds/registry.ts';
import type { RawData } from '../load/load.ts';
import { planOutput } from '../write/writer.ts';
import { resolveTargets, type TargetSelection } from './select-targets.ts';

export interface BuildRequest {
  systemFile: string;
  host?: SourceHost;
  environments: string[];
  /** `--image-tag` / `IMAGE_TAG`. */
  imageTag?: string;
  /** `--target`: only these (all when empty). */
  only: string[];
  /** `--plugin` specs, on top of the system's `plugins:`. */
  plugins: string[];
  /** The built-in targets (tests pass stand-ins). */
  builtins?: readonly TargetEntry[];
  /** Worker threads started before loading (`build` starts them; see compiler/target-workers.ts). */
  threads?: TargetThreads;
}

export interface SystemBuild {
  validated: ValidateResult;
  /** The targets that were selected and ran. */
  targets: TargetEntry[];
  /** Every finding: the system's, plugin loading's and the targets'. */
  diagnostics: Diagnostic[];
  /** The output tree, manifest included; undefined when anything is an error. */
  tree?: Map<string, string>;
}

/**
 * Validation and target selection, shared by `validate`, `build`, `graph` and `model`. Plugins
 * load only once the file validates, so a cloud a plugin contributes is checked in a second
 * validation with the plugins' catalogues; systems on built-in clouds validate once.
 */
export async function selectTargets(request: BuildRequest): Promise<{ validated: ValidateResult; selection: TargetSelection }> {
  const options = { ...(request.host ? { host: request.host } : {}), environments: request.environments, ...(request.imageTag !== undefined ? { imageTag: request.imageTag } : {}) };
  const validated = validateSystem(request.systemFile, { ...options, deferPluginClouds: true });
  if (!validated.model) return { validated, selection: { entries: [], diagnostics: [], pluginsHeldBack: true, cloudCatalogues: [] } };
  const selection = await resolveTargets(validated, { only: request.only, plugins: request.plugins }, request.builtins);
  if (!namesPluginCloud(validated.loaded!.data)) return { validated, selection };
  const revalidated = validateSystem(request.systemFile, { ...options, clouds: selection.cloudCatalogues });
  // Both passes count: the timings say what the run cost.
  for (const [stage, ms] of Object.entries(validated.timings)) revalidated.timings[stage] = (revalidated.timings[stage] ?? 0) + ms;
  return { validated: revalidated, selection };
}

/** Whether the (valid) file names a cloud that is not built in, anywhere: a plugin's catalogue must check it. */
const namesPluginCloud = (data: RawData) => {
  const builtin = BUILTIN_CLOUDS.map((cloud) => cloud.id);
  const environments = Object.values((data.environments ?? {}) as Record<string, { cloud?: string }>);
  const named = [(data.defaults as { cloud?: string } | undefined)?.cloud, ...environments.map((environment) => environment.cloud)];
  return named.some((cloud) => cloud !== undefined && !builtin.includes(cloud));
};

/**
 * What `infragen validate` checks: the system, the plugins and every selected target's check, so
 * that a system it passes builds (for the same environments and targets). Nothing is emitted.
 */
export async function validateBuild(request: BuildRequest): Promise<Omit<SystemBuild, 'tree'>> {
  const { validated, selection } = await selectTargets(request);
  const checked = await checkWithTargets(validated, selection.entries);
  return { validated: checked, targets: selection.entries, diagnostics: sortDiagnostics([...checked.diagnostics, ...selection.diagnostics]) };
}

export async function buildSystem(request: BuildRequest): Promise<SystemBuild> {
  const { validated, selection } = await selectTargets(request);
  // Targets that did load still run when another failed to load: every finding comes out in one
  // run. Any error still means no tree.
  const emitted = await emitTargets(validated, selection.entries, request.threads);
  const diagnostics = sortDiagnostics([...emitted.diagnostics, ...selection.diagnostics]);
  const targets = selection.entries;
  if (!validated.model || hasErrors(diagnostics)) return { validated, targets, diagnostics };
  return { validated, targets, diagnostics, tree: planOutput(validated.model.name, emitted.files, validated.loaded) };
}

/** The folder of the system file as the user reaches it: diagnostics print paths relative to the current folder. */
export function projectFolder(file: string): string {
  return path.relative(process.cwd(), path.dirname(path.resolve(file))).split(path.sep).join('/');
}
