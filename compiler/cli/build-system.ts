/**
 * One build in memory, as `infragen build` writes it: validate, select the targets (built-ins and
 * plugins), emit, plan the output tree. `build` writes the tree; `diff` compares two of them.
 */
import path from 'node:path';
import { sortDiagnostics } from '../diagnostics/order.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SourceHost } from '../load/host.ts';
import { emitTargets, hasErrors, validateSystem, type ValidateResult } from '../pipeline.ts';
import type { TargetEntry } from '../targets.ts';
import { planOutput } from '../write/writer.ts';
import { resolveTargets } from './select-targets.ts';

export interface BuildRequest {
  systemFile: string;
  host?: SourceHost;
  environments: string[];
  /** `--target`: only these (all when empty). */
  only: string[];
  /** `--plugin` specs, on top of the system's `plugins:`. */
  plugins: string[];
  /** The built-in targets (tests pass stand-ins). */
  builtins?: readonly TargetEntry[];
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

export async function buildSystem(request: BuildRequest): Promise<SystemBuild> {
  const validated = validateSystem(request.systemFile, { ...(request.host ? { host: request.host } : {}), environments: request.environments });
  const selection = validated.model
    ? await resolveTargets(validated, { only: request.only, plugins: request.plugins }, request.builtins)
    : { entries: [], diagnostics: [] };
  // Targets that did load still run when another failed to load: every finding comes out in one
  // run. Any error still means no tree.
  const emitted = await emitTargets(validated, selection.entries);
  const diagnostics = sortDiagnostics([...emitted.diagnostics, ...selection.diagnostics]);
  const targets = selection.entries;
  if (!validated.model || hasErrors(diagnostics)) return { validated, targets, diagnostics };
  return { validated, targets, diagnostics, tree: planOutput(validated.model.name, emitted.files, validated.loaded) };
}

/** The folder of the system file as the user reaches it: diagnostics print paths relative to the current folder. */
export function projectFolder(file: string): string {
  return path.relative(process.cwd(), path.dirname(path.resolve(file))).split(path.sep).join('/');
}
