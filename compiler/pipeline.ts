/**
 * load ──► validate ──► normalize ──► emit. `compile` never throws for a user mistake: it returns
 * the model, the files and every diagnostic; the CLI alone decides exit codes and printing.
 */
import type { Diagnostic } from './diagnostics/types.ts';
import { onceEach } from './diagnostics/once.ts';
import { sortDiagnostics } from './diagnostics/order.ts';
import { diskHost, type SourceHost } from './load/host.ts';
import { loadSystem, type LoadedSystem } from './load/load.ts';
import { checkClouds } from './clouds/check.ts';
import { BUILTIN_CLOUDS, CloudCatalogues } from './clouds/registry.ts';
import type { CloudCatalogue } from './clouds/types.ts';
import type { SystemModel } from './model/types.ts';
import type { TargetThreads } from './target-threads.ts';
import { normalize } from './normalize/normalize.ts';
import { configureTargets } from './plugins/load.ts';
import { checkTargets, runTargets, type OutputFile, type TargetEntry } from './targets.ts';
import { declaredNames } from './validate/references.ts';
import { checkSchema } from './validate/schema-check.ts';
import { SemanticChecker } from './validate/semantic.ts';
import { timed, type StageTimings } from './timings.ts';
import { baseView, environmentView } from './validate/views.ts';

export interface ValidateOptions {
  host?: SourceHost;
  /** Only these environments reach the model (all when empty). */
  environments?: string[];
  /** The tag of images built from source (`--image-tag` / `IMAGE_TAG`); wins over the file's tag sources. */
  imageTag?: string;
  /** Cloud catalogues plugins contribute, on top of the built-in ones. */
  clouds?: readonly CloudCatalogue[];
  /**
   * Plugins are not loaded yet (they load only once the file validates): a cloud no catalogue
   * knows is left unchecked, for the run with the plugins' catalogues (cli/build-system.ts).
   */
  deferPluginClouds?: boolean;
}

export interface CompileOptions extends ValidateOptions {
  /** The targets to run, already selected (built-ins and loaded plugins). */
  targets: TargetEntry[];
}

export type { StageTimings } from './timings.ts';

export interface ValidateResult {
  loaded?: LoadedSystem;
  /** File (as in spans) → text of every file read, also those that failed to load: for code frames. */
  sources: ReadonlyMap<string, string>;
  model?: SystemModel;
  diagnostics: Diagnostic[];
  timings: StageTimings;
}

export interface CompileResult extends ValidateResult {
  files: OutputFile[];
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((diagnostic) => diagnostic.severity === 'error');

/** Stages 1–3: load, validate, normalize. */
export function validateSystem(entryPath: string, options: ValidateOptions = {}): ValidateResult {
  const timings: StageTimings = {};
  const { loaded, diagnostics, sources } = timed(timings, 'load', () => loadSystem(entryPath, options.host ?? diskHost));
  if (!loaded) return { sources, diagnostics: sortDiagnostics(diagnostics), timings };
  const clouds = new CloudCatalogues([...BUILTIN_CLOUDS, ...(options.clouds ?? [])]);
  // A finding about a base definition is made in every environment's view: once is enough.
  const reportOnce = onceEach(diagnostics);

  const views = timed(timings, 'validate', () => {
    const schema = checkSchema(loaded);
    diagnostics.push(...schema.diagnostics);
    if (!schema.document) return undefined;
    const document = schema.document;
    const base = baseView(document);
    const environments = Object.keys(document.environments).map((env) => environmentView(document, loaded.data, env));
    const declared = declaredNames(loaded.data);
    const checker = new SemanticChecker(loaded, declared, options.imageTag);
    for (const view of [base, ...environments]) checker.check(view);
    diagnostics.push(...checker.diagnostics);
    for (const view of [base, ...environments]) checkClouds(loaded, view, clouds, { deferUnknown: options.deferPluginClouds === true }, reportOnce);
    return { base, environments, declared };
  });
  if (!views || hasErrors(diagnostics)) return { loaded, sources, diagnostics: sortDiagnostics(diagnostics), timings };

  const selected = options.environments?.length ? views.environments.filter((view) => options.environments!.includes(view.env!)) : views.environments;
  const model = timed(timings, 'normalize', () => normalize(loaded, views.declared, views.base, selected, clouds, options.imageTag));
  return { loaded, sources, model, diagnostics: sortDiagnostics(diagnostics), timings };
}

/** Stage 4 without emitting: every target's check on a validated system (what `validate` runs). */
export async function checkWithTargets(validated: ValidateResult, targets: TargetEntry[]): Promise<ValidateResult> {
  if (!validated.model || hasErrors(validated.diagnostics)) return validated;
  const bound = await withOptions(validated, targets);
  const checked = await checkTargets(validated.model, bound.entries, validated.timings);
  return { ...validated, diagnostics: sortDiagnostics([...validated.diagnostics, ...bound.diagnostics, ...checked]) };
}

/**
 * Targets handed over unbound (built-ins passed directly, as tests and the API do) are bound to
 * their options here, checked as the CLI's selection checks them; bound ones are kept.
 */
async function withOptions(validated: ValidateResult, targets: TargetEntry[]): Promise<{ entries: TargetEntry[]; diagnostics: Diagnostic[] }> {
  if (targets.every((entry) => entry.optionsOf)) return { entries: targets, diagnostics: [] };
  return configureTargets(validated.loaded, targets, { allTargets: false });
}

/** Stage 4: run the targets on a validated system (each target's check, then its emit). */
export async function emitTargets(validated: ValidateResult, targets: TargetEntry[], threads?: TargetThreads): Promise<CompileResult> {
  if (!validated.model || hasErrors(validated.diagnostics)) return { ...validated, files: [] };
  const bound = await withOptions(validated, targets);
  const emitted = await runTargets(validated.model, bound.entries, validated.timings, threads);
  const diagnostics = sortDiagnostics([...validated.diagnostics, ...bound.diagnostics, ...emitted.diagnostics]);
  return { ...validated, diagnostics, files: hasErrors(diagnostics) ? [] : emitted.files };
}

/** Stages 1–4: everything but writing. */
export async function compile(entryPath: string, options: CompileOptions): Promise<CompileResult> {
  return emitTargets(validateSystem(entryPath, options), options.targets);
}
