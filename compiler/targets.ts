/**
 * Running targets: each one gets the same frozen model (so none can change what the others see),
 * its files are checked and placed under `<target id>/`, and a target that throws or returns
 * garbage becomes a diagnostic naming it while the others still run.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import * as catalogue from './diagnostics/catalogue.ts';
import { onceEach } from './diagnostics/once.ts';
import type { Diagnostic } from './diagnostics/types.ts';
import type { DiffFormat } from './diff/format.ts';
import type { SystemModel } from './model/types.ts';
import { createTargetContext, type EmittedFile, type EmittedObject, type OptionsLookup, type Target, type TargetContext } from './target.ts';
import type { TargetThreads } from './target-threads.ts';
import { runEachTarget } from './target-workers.ts';

/** A registered target. Built-ins load lazily: `validate` never pays for cdktf or cdk8s. */
export interface TargetEntry {
  id: string;
  description: string;
  /** Where it comes from: `built-in`, or the plugin spec. */
  origin: string;
  /** Glob patterns, relative to its output folder, of the paths that are the user's (see Target.userPaths). */
  userPaths?: readonly string[];
  /** JSON Schema of its options (a built-in's manifest gives it, so checking options never loads the target). */
  optionsSchema?: Target['optionsSchema'];
  /** The clouds it serves (see Target.clouds); every cloud when left out. */
  clouds?: readonly string[];
  /** Its options from `targets.<id>`, already checked against its schema (compiler/plugins/options.ts). */
  options?: Readonly<Record<string, unknown>>;
  /**
   * The checked options of every configured target per environment (one lookup shared by all
   * entries of a selection, so a target can read another's: `context.optionsOf`).
   */
  optionsOf?: OptionsLookup;
  load(): Promise<Target>;
  /**
   * Loads only the target's `check` and its catalogue. Built-ins keep their checks in a
   * module of their own, so `validate` runs them without loading cdktf or cdk8s; without this, the
   * check comes from `load()`.
   */
  loadCheck?(): Promise<TargetChecks>;
  /** Loads only the target's diff format (built-ins: without cdktf or cdk8s); without this, `load().diff`. */
  loadDiff?(): Promise<DiffFormat | undefined>;
}

/** The diff format of each target that has one, by target id (`infragen diff` reads their files with it). */
export async function diffFormatsOf(entries: readonly TargetEntry[]): Promise<Map<string, DiffFormat>> {
  const formats = new Map<string, DiffFormat>();
  for (const entry of entries) {
    const format = entry.loadDiff ? await entry.loadDiff() : (await entry.load()).diff;
    if (format) formats.set(entry.id, format);
  }
  return formats;
}

/** An emitted file placed in the output tree: `path` starts with the target id. */
export interface OutputFile extends EmittedFile {
  target: string;
}

/**
 * Freezes `value` and every object it holds: its own enumerable members, as `Object.values` lists
 * them (the model, and plugins' options, which may be anything their schema returns). Objects are
 * walked with `for…in` rather than an array of their members per object, which made freezing a
 * 1,000-service model ≈ 1.4× as slow (bench/README.md, "Sixth round"); arrays keep `Object.values`,
 * which also lists members that are not items (a match array's `groups`).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
  } else {
    for (const key in value) if (Object.hasOwn(value, key)) deepFreeze(value[key]);
  }
  return value;
}

/** The longest file or folder name (one path segment) common file systems accept. */
const MAX_NAME_BYTES = 255;

/** Why a path a target returned is unsafe, or undefined when it is fine. */
export function unsafePathReason(file: string): string | undefined {
  if (file.length === 0) return 'the path is empty';
  if (file.includes('\\')) return 'paths use "/" separators';
  if (path.posix.isAbsolute(file) || /^[A-Za-z]:/.test(file)) return 'absolute paths are not allowed';
  if (file.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return 'the path must stay inside the target\'s folder (no "..", ".", or empty segments)';
  if (/[\x00-\x1f\x7f]/.test(file)) return 'control characters (such as NUL or a newline) are not allowed in paths';
  const long = file.split('/').find((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES);
  if (long) return `a file or folder name is ${Buffer.byteLength(long)} bytes long; file systems allow ${MAX_NAME_BYTES}`;
  if (file === 'manifest.json') return '"manifest.json" is reserved for the writer';
  return undefined;
}

/** How a message names a value of the wrong shape: `null`, `a list`, or its type. */
export function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

function checkFiles(target: Target, result: unknown, diagnostics: Diagnostic[]): OutputFile[] {
  if (!Array.isArray(result)) {
    diagnostics.push(catalogue.targetFailed(target.id, `emit() returned ${describeShape(result)}, not a list of files`));
    return [];
  }
  const files: OutputFile[] = [];
  const seen = new Set<string>();
  for (const file of result as unknown[]) {
    const candidate = file as Partial<EmittedFile> | null;
    if (!candidate || typeof candidate.path !== 'string' || typeof candidate.contents !== 'string' || !Array.isArray(candidate.sources)) {
      diagnostics.push(catalogue.targetFailed(target.id, `emit() returned ${describeShape(file)} where a file { path, contents, sources } belongs`));
      continue;
    }
    const reason = unsafePathReason(candidate.path)
      ?? (seen.has(candidate.path) ? 'the same path was returned twice' : undefined);
    if (reason) {
      diagnostics.push(catalogue.targetPath(target.id, shownFilePath(candidate.path), reason));
      continue;
    }
    seen.add(candidate.path);
    const objects = objectRecords(candidate.objects);
    if (objects === 'invalid') {
      diagnostics.push(catalogue.targetFailed(target.id, `emit() returned "objects" for ${shownFilePath(candidate.path)} that is not a list of { id, source, span? }`));
      continue;
    }
    files.push({
      target: target.id,
      path: `${target.id}/${candidate.path}`,
      contents: flattened(candidate.contents),
      sources: [...new Set(candidate.sources.map(String))].sort(),
      ...(objects ? { objects } : {}),
    });
  }
  return withoutClashes(target.id, files, seen, diagnostics);
}

/**
 * The same text, stored flat. Text built piece by piece (`+=`, as the YAML writer does) is kept
 * by V8 as a tree of its pieces until something reads it as a whole, and such a tree takes
 * several times the text's size (a 2,000-line file: 8×). Files wait in memory until every target
 * is done, so every collection of the later targets walked those trees. Reading a character
 * makes V8 copy the text into one string and drop the pieces.
 */
function flattened(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** A file's object records, sorted by id (first record of an id wins); undefined when there are none. */
function objectRecords(value: unknown): EmittedObject[] | undefined | 'invalid' {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return 'invalid';
  const byId = new Map<string, EmittedObject>();
  for (const item of value as unknown[]) {
    const record = item as Partial<EmittedObject> | null;
    if (!record || typeof record.id !== 'string' || typeof record.source !== 'string') return 'invalid';
    if (record.section !== undefined && typeof record.section !== 'string') return 'invalid';
    if (!byId.has(record.id)) byId.set(record.id, { id: record.id, source: record.source, ...(record.span ? { span: record.span } : {}), ...(record.section ? { section: record.section } : {}) });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A path printed in a message: control characters escaped, an overlong one shortened. */
const shownFilePath = (file: string) => {
  const escaped = file.replace(/[\x00-\x1f\x7f]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > 120 ? `${escaped.slice(0, 60)}…${escaped.slice(-40)}` : escaped;
};

/** A file cannot also be a folder: `a` and `a/b` from one target is TARGET_PATH on `a/b`. */
function withoutClashes(targetId: string, files: OutputFile[], paths: ReadonlySet<string>, diagnostics: Diagnostic[]): OutputFile[] {
  return files.filter((file) => {
    const relative = file.path.slice(targetId.length + 1);
    const segments = relative.split('/');
    const clash = segments.slice(0, -1).map((_, index) => segments.slice(0, index + 1).join('/')).find((folder) => paths.has(folder));
    if (clash) diagnostics.push(catalogue.targetPath(targetId, shownFilePath(relative), `"${clash}" is also returned as a file, so it cannot be a folder`));
    return !clash;
  });
}

/** A target's check and the catalogue that gives its codes their severity. */
export type TargetChecks = Pick<Target, 'check' | 'diagnostics'>;

const loadChecksOf = async (entry: TargetEntry): Promise<TargetChecks> => (entry.loadCheck ? entry.loadCheck() : entry.load());

/** A throw inside a target becomes TARGET_FAILED naming it (with the stack kept for `--debug`). */
function failure(entry: Pick<TargetEntry, 'id'>, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  const diagnostic = catalogue.targetFailed(entry.id, reason.split('\n')[0]!);
  if (error instanceof Error && error.stack) Object.defineProperty(diagnostic, 'stack', { value: error.stack, enumerable: false });
  return diagnostic;
}

/**
 * The model a target sees: only the environments of the clouds it serves. Undefined when it
 * serves none of a model that has environments (it then runs not at all). The info that says what
 * it skipped goes into `sink`, once per target.
 */
function modelForTarget(entry: Pick<TargetEntry, 'id' | 'clouds'>, model: SystemModel, sink: Diagnostic[]): SystemModel | undefined {
  const served = entry.clouds;
  if (!served) return model;
  const skipped = model.environments.filter((resolved) => !served.includes(resolved.environment!.cloud));
  if (skipped.length === 0) return model;
  sink.push(catalogue.targetCloudSkipped(entry.id, served, skipped.map((resolved) => ({ env: resolved.environment!.name, cloud: resolved.environment!.cloud }))));
  if (skipped.length === model.environments.length) return undefined;
  return deepFreeze({ ...model, environments: model.environments.filter((resolved) => !skipped.includes(resolved)) });
}

/** Runs one target's check; true when it found no error (so emitting may follow). */
async function checkTarget(entry: TargetEntry, model: SystemModel, sink: Diagnostic[]): Promise<boolean> {
  const found: Diagnostic[] = [];
  try {
    const { check, diagnostics } = await loadChecksOf(entry);
    if (check) await check(model, createTargetContext(entry.id, entry.options ?? {}, found, diagnostics, entry.optionsOf));
  } catch (error) {
    found.push(failure(entry, error));
  }
  return addFindings(found, sink);
}

/** Adds a check's findings to `sink` once each; true when none is an error. */
function addFindings(found: readonly Diagnostic[], sink: Diagnostic[]): boolean {
  found.forEach(onceEach(sink));
  return !found.some((diagnostic) => diagnostic.severity === 'error');
}

/** A check that is already loaded and runs synchronously (the built-ins' checks). */
export interface LoadedCheck {
  id: string;
  optionsSchema?: Target['optionsSchema'];
  clouds?: readonly string[];
  check(model: SystemModel, context: TargetContext): void;
  diagnostics?: Target['diagnostics'];
}

/**
 * The same checks as `checkTargets`, for callers that cannot wait (the language server answers
 * each keystroke synchronously): every check here is loaded and synchronous.
 */
export function checkTargetsNow(model: SystemModel, checks: readonly LoadedCheck[], optionsOf?: OptionsLookup): Diagnostic[] {
  const frozen = deepFreeze(model);
  const diagnostics: Diagnostic[] = [];
  for (const { id, clouds, check, diagnostics: catalogue } of checks) {
    const found: Diagnostic[] = [];
    const served = modelForTarget({ id, ...(clouds ? { clouds } : {}) }, frozen, found);
    try {
      if (served) check(served, createTargetContext(id, {}, found, catalogue, optionsOf));
    } catch (error) {
      found.push(failure({ id }, error));
    }
    addFindings(found, diagnostics);
  }
  return diagnostics;
}

/** What `validate` runs: every target's check, nothing emitted. */
export async function checkTargets(model: SystemModel, entries: TargetEntry[], timings: Record<string, number>): Promise<Diagnostic[]> {
  const frozen = deepFreeze(model);
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    const start = performance.now();
    const served = modelForTarget(entry, frozen, diagnostics);
    if (served) await checkTarget(entry, served, diagnostics);
    timings[`check:${entry.id}`] = performance.now() - start;
  }
  return diagnostics;
}

/** What one target produced: its files (under `<id>/`) and its findings, in the order it made them. */
export interface TargetRun {
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

/** One target in this thread: its check, then, when it passed, its emit. */
export async function runTarget(entry: TargetEntry, frozen: SystemModel, timings: Record<string, number>): Promise<TargetRun> {
  const start = performance.now();
  const diagnostics: Diagnostic[] = [];
  const files: OutputFile[] = [];
  const served = modelForTarget(entry, frozen, diagnostics);
  if (served && (await checkTarget(entry, served, diagnostics))) {
    try {
      const target = await entry.load();
      const context = createTargetContext(entry.id, entry.options ?? {}, diagnostics, target.diagnostics, entry.optionsOf);
      files.push(...checkFiles(target, await target.emit(served, context), diagnostics));
    } catch (error) {
      diagnostics.push(failure(entry, error));
    }
  }
  timings[`target:${entry.id}`] = performance.now() - start;
  return { files, diagnostics };
}

/**
 * What `build` runs: each target's check, then, when it passed, its emit. The targets spread over
 * worker threads (compiler/target-workers.ts): `threads` started early by the caller, or, for a
 * large system, started here; files and findings come out in the same order either way.
 */
export async function runTargets(
  model: SystemModel,
  entries: TargetEntry[],
  timings: Record<string, number>,
  threads?: TargetThreads,
): Promise<{ files: OutputFile[]; diagnostics: Diagnostic[] }> {
  // Frozen when this thread first runs a target: the worker threads get their copy of the model
  // before, so freezing does not delay them.
  let frozen: SystemModel | undefined;
  const runs = await runEachTarget(model, entries, timings, (entry) => runTarget(entry, (frozen ??= deepFreeze(model)), timings), threads);
  // frozen as every run leaves it, also when the workers ran every target
  if (!frozen) deepFreeze(model);
  const files = runs.flatMap((run) => run.files);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics: runs.flatMap((run) => run.diagnostics) };
}
