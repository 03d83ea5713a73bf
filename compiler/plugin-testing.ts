/**
 * `infragen/plugin/testing`: the conformance kit for plugin authors. It runs a target on every
 * example bundled with infragen and checks what every target must hold to: valid shape, the same
 * bytes on a second run, paths inside its folder, no change to the model, no failures on valid
 * systems, diagnostics (never exceptions) for options its schema rejects, a well-formed catalogue
 * that holds every code it reports, an `emit` that reports nothing its `check` did not (so
 * `validate` tells the user everything `build` would), and a diff format that reads the target's
 * own files and finds every object they record.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics/types.ts';
import type { SystemModel } from './model/types.ts';
import { validateSystem, hasErrors } from './pipeline.ts';
import { apiVersionMismatch, invalidTargetReason } from './plugins/check-target.ts';
import { loadPlugin } from './plugins/load.ts';
import { checkTargetOptions, compileOptionsSchema, isZodSchema, loadJsonSchemaSupport } from './plugins/options.ts';
import type { Target } from './target.ts';
import { checkTargets, runTargets, type OutputFile } from './targets.ts';

export interface ConformanceOptions {
  /** system.yaml files to run on; default: every `examples/<name>/system.yaml` of the installed infragen. */
  examples?: string[];
  /** Options for examples without a `targets.<id>` section of their own (required options go here). */
  options?: Record<string, unknown>;
  /** Option sets the target's schema must reject; default: derived from the schema and `options`. */
  badOptions?: Array<Record<string, unknown>>;
  /** The folder a plugin spec is relative to (default: the current folder). */
  cwd?: string;
}

export interface ExampleRun {
  /** The system file, relative to the current folder. */
  example: string;
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

export interface ConformanceResult {
  target: string;
  /** Empty when the target conforms. */
  problems: string[];
  examples: ExampleRun[];
}

/** The folder of the installed infragen package (the one holding this module). */
function packageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json')) || JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')).name !== 'infragen') {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('cannot find the infragen package folder');
    folder = parent;
  }
  return folder;
}

/** Every example system bundled with infragen, sorted. */
export function bundledExamples(): string[] {
  const examples = path.join(packageRoot(), 'examples');
  return readdirSync(examples, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(examples, entry.name, 'system.yaml')))
    .map((entry) => path.join(examples, entry.name, 'system.yaml'))
    .sort();
}

const WRONG_VALUE: Record<string, unknown> = {
  string: 12345,
  number: 'not-a-number',
  integer: 'not-a-number',
  boolean: 'not-a-boolean',
  array: 'not-a-list',
  object: 'not-a-map',
};

/** Option sets a schema should reject: one wrong-typed property, one unknown key where none are allowed. */
function derivedBadOptions(schema: Record<string, unknown>, valid: Record<string, unknown>): Array<Record<string, unknown>> {
  const candidates: Array<Record<string, unknown>> = [];
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  const typed = Object.keys(properties).sort().find((key) => typeof properties[key]?.type === 'string' && properties[key]!.type as string in WRONG_VALUE);
  if (typed) candidates.push({ ...valid, [typed]: WRONG_VALUE[properties[typed]!.type as string] });
  if (schema.additionalProperties === false) candidates.push({ ...valid, 'not-an-option': true });
  return candidates;
}

const fileKey = (file: OutputFile) => `${file.path}\n${file.sources.join(',')}\n${file.contents}`;

const entryOf = (target: Target, options: Record<string, unknown>) => ({ id: target.id, description: target.description, origin: 'conformance', ...(target.clouds ? { clouds: target.clouds } : {}), options, load: async () => target });

async function runOnce(target: Target, model: SystemModel, options: Record<string, unknown>) {
  return runTargets(model, [entryOf(target, options)], {});
}

const findingKey = (diagnostic: Diagnostic) => `${diagnostic.severity} ${diagnostic.code} ${diagnostic.span?.start.line ?? '-'}: ${diagnostic.message}`;

/** What a build reports that `validate` (the check alone) would not, and codes missing from the catalogue. */
async function checkFindings(target: Target, model: SystemModel, options: Record<string, unknown>, built: Diagnostic[], example: string, problems: string[]): Promise<void> {
  const checked = new Set((await checkTargets(model, [entryOf(target, options)], {})).map(findingKey));
  const own = built.filter((diagnostic) => diagnostic.source === target.id);
  for (const diagnostic of own.filter((item) => !checked.has(findingKey(item)))) {
    problems.push(`${example}: emit reported ${diagnostic.code} ("${diagnostic.message}"), which check did not: \`infragen validate\` would not show it`);
  }
  for (const code of [...new Set(own.map((diagnostic) => diagnostic.code))].sort()) {
    if (!target.diagnostics || !Object.hasOwn(target.diagnostics, code)) problems.push(`${example}: reported ${code}, which is not in the target's \`diagnostics\` catalogue`);
  }
}

const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Every catalogue entry: an UPPER_SNAKE code (with a prefix of the target's own), a severity and a summary. */
function checkCatalogue(target: Target, problems: string[]): void {
  for (const [code, entry] of Object.entries(target.diagnostics ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (!CODE.test(code)) problems.push(`catalogue: "${code}" is not an UPPER_SNAKE code with a prefix (e.g. MY_CLOUD_NO_REGION)`);
    if (!SEVERITIES.has(entry?.severity)) problems.push(`catalogue: ${code} has severity ${JSON.stringify(entry?.severity)}, not error, warning or info`);
    if (typeof entry?.summary !== 'string' || entry.summary.trim() === '') problems.push(`catalogue: ${code} has no summary`);
  }
}

async function checkExample(target: Target, file: string, settings: ConformanceOptions, problems: string[]): Promise<ExampleRun> {
  const example = path.relative(process.cwd(), file).split(path.sep).join('/');
  const clouds = { clouds: target.cloudCatalogues ?? [] };
  const first = validateSystem(file, clouds);
  const second = validateSystem(file, clouds);
  // An example on a cloud another plugin contributes is not this target's to run on.
  if (!first.model && first.diagnostics.some((diagnostic) => diagnostic.code === 'UNKNOWN_CLOUD')) return { example, files: [], diagnostics: first.diagnostics };
  if (!first.model || !second.model || !first.loaded) {
    problems.push(`${example}: the example does not validate, so the target could not run on it`);
    return { example, files: [], diagnostics: first.diagnostics };
  }
  const sections = (first.loaded.data.targets ?? {}) as Record<string, unknown>;
  const raw = Object.hasOwn(sections, target.id) ? sections[target.id] : settings.options;
  const checked = checkTargetOptions(target, raw, { loaded: first.loaded });
  if ('diagnostics' in checked) {
    problems.push(...checked.diagnostics.map((diagnostic) => `${example}: the options were rejected: ${diagnostic.message}`));
    return { example, files: [], diagnostics: checked.diagnostics };
  }
  const snapshot = JSON.stringify(first.model);
  const run = await runOnce(target, first.model, checked.options);
  const again = await runOnce(target, second.model, checked.options);
  if (JSON.stringify(first.model) !== snapshot) problems.push(`${example}: the model changed while the target ran`);
  for (const diagnostic of run.diagnostics.filter((item) => item.severity === 'error')) problems.push(`${example}: ${diagnostic.code}: ${diagnostic.message}`);
  await checkFindings(target, second.model, checked.options, again.diagnostics, example, problems);
  if (!hasErrors(run.diagnostics)) {
    const b = again.files.map(fileKey);
    const different = run.files.filter((item, index) => fileKey(item) !== b[index]).map((item) => item.path);
    if (different.length || run.files.length !== again.files.length) problems.push(`${example}: a second run gave different output (${different.slice(0, 3).join(', ') || 'a different number of files'})`);
    const root = first.loaded.root;
    for (const item of run.files.filter((output) => output.contents.includes(root))) problems.push(`${example}: ${item.path} holds the absolute path of the project folder`);
    checkDiffRecords(target, run.files, example, problems);
  }
  return { example, files: run.files, diagnostics: run.diagnostics };
}

/** The target's diff format parses each file it claims, and finds every object the file records (else the diff could not use the record). */
function checkDiffRecords(target: Target, files: readonly OutputFile[], example: string, problems: string[]): void {
  for (const file of files) {
    const relative = file.path.slice(target.id.length + 1);
    if (!target.diff?.matches(relative, file.contents)) continue;
    let ids: Set<string>;
    try {
      ids = new Set(target.diff.parse(file.path, file.contents).map((object) => object.id));
    } catch (error) {
      problems.push(`${example}: its diff format cannot read ${file.path}: ${(error as Error).message}`);
      continue;
    }
    const missing = (file.objects ?? []).map((object) => object.id).filter((id) => !ids.has(id));
    if (missing.length) problems.push(`${example}: ${file.path} records objects its diff format does not find: ${missing.slice(0, 3).join(', ')}`);
  }
}

function checkBadOptions(target: Target, settings: ConformanceOptions, problems: string[]): void {
  const candidates = settings.badOptions ?? (target.optionsSchema && !isZodSchema(target.optionsSchema) ? derivedBadOptions(target.optionsSchema, settings.options ?? {}) : [{ 'not-an-option': true }]);
  for (const options of candidates) {
    try {
      const checked = checkTargetOptions(target, options, {});
      if (!('diagnostics' in checked)) problems.push(`the options ${JSON.stringify(options)} were accepted; its schema should reject them`);
    } catch (error) {
      problems.push(`checking the options ${JSON.stringify(options)} threw instead of reporting: ${(error as Error).message}`);
    }
  }
}

/** Runs the conformance checks on a target or a plugin spec (`./plugin.mjs`, `npm:pkg`, `template:./dir`). */
export async function checkConformance(plugin: Target | string, settings: ConformanceOptions = {}): Promise<ConformanceResult> {
  let target: Target;
  if (typeof plugin === 'string') {
    const loaded = await loadPlugin(plugin, settings.cwd ?? process.cwd());
    if (!('target' in loaded)) return { target: plugin, problems: [`${plugin}: ${'notFound' in loaded ? loaded.notFound : 'invalid' in loaded ? loaded.invalid : loaded.incompatible.reason}`], examples: [] };
    target = loaded.target;
  } else {
    const reason = invalidTargetReason(plugin) ?? apiVersionMismatch(plugin);
    if (reason) return { target: String((plugin as { id?: unknown })?.id), problems: [reason], examples: [] };
    target = plugin;
  }
  const problems: string[] = [];
  if (target.optionsSchema && !isZodSchema(target.optionsSchema)) {
    await loadJsonSchemaSupport();
    const compiled = compileOptionsSchema(target.optionsSchema);
    if ('invalid' in compiled) return { target: target.id, problems: [compiled.invalid], examples: [] };
  }
  checkBadOptions(target, settings, problems);
  checkCatalogue(target, problems);
  const examples: ExampleRun[] = [];
  for (const file of settings.examples ?? bundledExamples()) examples.push(await checkExample(target, path.resolve(file), settings, problems));
  return { target: target.id, problems, examples };
}

/** `checkConformance` for test runners: throws an error listing every problem. */
export async function assertConformance(plugin: Target | string, settings: ConformanceOptions = {}): Promise<ConformanceResult> {
  const result = await checkConformance(plugin, settings);
  if (result.problems.length) throw new Error(`target "${result.target}" does not conform:\n${result.problems.map((problem) => `  - ${problem}`).join('\n')}`);
  return result;
}
