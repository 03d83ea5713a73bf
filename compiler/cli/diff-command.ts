/**
 * `infragen diff`: what changed in the generated output between two sides, why (the system.yaml
 * entity and line) and how risky it is. Sides are output folders, the working tree's system file
 * built in memory, or the system file at a git revision (`--base-ref`) built in memory.
 *
 * Exit codes: 0 (also when there are changes, unless asked otherwise), 1 with `--exit-code` when
 * anything changed or with `--fail-on` when a risk of that kind is flagged, 2 when the diff could
 * not be made (usage, unreadable folder, git error, a side that does not build).
 */
import { writeFileSync } from 'node:fs';
import { formatReport } from '../diagnostics/print.ts';
import { diffTrees } from '../diff/engine.ts';
import { renderGithub, renderJson, renderMarkdown, renderText } from '../diff/render.ts';
import { DiffSourceError, gitRevision, readOutputFolder } from '../diff/sides.ts';
import type { DiffReport, OutputTree, RiskCategory } from '../diff/types.ts';
import { loadSystem } from '../load/load.ts';
import type { DiffFormat } from '../diff/format.ts';
import { diffFormatsOf, type TargetEntry } from '../targets.ts';
import { resolveTargets } from './select-targets.ts';
import type { SystemModel } from '../model/types.ts';
import { writtenOptions } from '../plugins/option-sections.ts';
import type { OptionsLookup } from '../target.ts';
import { hasErrors, validateSystem, type ValidateResult } from '../pipeline.ts';
import { threadsForBuild } from '../target-threads.ts';
import { buildSystem, projectFolder, type BuildRequest } from './build-system.ts';
import { HELP } from './help.ts';
import { imageTagOption, maxDiagnostics, type Io } from './main.ts';
import { parseOptions, UsageError } from './usage.ts';

const FORMATS = ['text', 'markdown', 'json', 'github'] as const;
type ReportFormat = (typeof FORMATS)[number];
const FAIL_ON = ['risk', 'data-loss', 'replacement', 'security', 'change'] as const;

export const DIFF_OPTIONS = {
  'base-ref': { type: 'string' },
  system: { type: 'string' },
  format: { type: 'string' },
  'exit-code': { type: 'boolean' },
  'fail-on': { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  'source-url': { type: 'string' },
  graph: { type: 'boolean' },
  env: { type: 'string', multiple: true },
  'image-tag': { type: 'string' },
  target: { type: 'string', multiple: true },
  plugin: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  'max-diagnostics': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parse = (args: string[]) => parseOptions(args, DIFF_OPTIONS);

/** A side's model, for `--graph`, with the targets' options it was built with (the cluster group names the Kubernetes target's cluster). */
interface SideModel {
  model: SystemModel;
  targetOptions: OptionsLookup;
}

/** Builds a side in memory, exactly as `infragen build` would write it (and keeps its model for `--graph` and its targets for their diff formats). */
async function buildSide(request: BuildRequest, label: string, io: Io, print: { fileBase: string; limit: number }, models: SideModel[], targets: TargetEntry[]): Promise<OutputTree> {
  // As `build` does: the threads load the heaviest targets while this one loads the side.
  const threads = threadsForBuild(request.only);
  const { validated, diagnostics, tree, targets: selected } = await buildSystem({ ...request, ...(threads ? { threads } : {}) }).finally(() => threads?.close());
  if (tree && validated.model) models.push({ model: validated.model, targetOptions: optionsAsWritten(validated, selected) });
  targets.push(...selected);
  if (tree) return tree;
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length) io.stderr(formatReport(errors, { sources: validated.sources, color: io.color, ...print }, diagnostics));
  throw new DiffSourceError(`cannot diff: ${label} does not build`);
}

/**
 * The diff formats of the targets that built the sides; two folders were built by the built-ins
 * and the `--plugin` targets. The first format of an id wins (both sides load the same plugins).
 */
async function diffFormats(built: readonly TargetEntry[], plugins: string[]): Promise<Map<string, DiffFormat>> {
  const entries = built.length ? built : (await resolveTargets(undefined, { only: [], plugins })).entries;
  const byId = new Map<string, TargetEntry>();
  for (const entry of entries) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return diffFormatsOf([...byId.values()]);
}

function failCategories(values: string[] | undefined): Set<(typeof FAIL_ON)[number]> {
  const chosen = new Set<(typeof FAIL_ON)[number]>();
  for (const value of (values ?? []).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean)) {
    if (!(FAIL_ON as readonly string[]).includes(value)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}, not "${value}"`);
    chosen.add(value as (typeof FAIL_ON)[number]);
  }
  return chosen;
}

/** Whether the report trips `--exit-code` / `--fail-on`. */
export function failing(report: DiffReport, exitCode: boolean, failOn: ReadonlySet<string>): boolean {
  const changed = report.scopes.length > 0;
  if ((exitCode || failOn.has('change')) && changed) return true;
  const categories = new Set<RiskCategory>(report.scopes.flatMap((scope) => scope.changes.flatMap((change) => change.risks.map((risk) => risk.category))));
  if (failOn.has('risk') && categories.size > 0) return true;
  return (['data-loss', 'replacement', 'security'] as const).some((category) => failOn.has(category) && categories.has(category));
}

/** The options the targets were built with; without a selection, as the file writes them. */
const optionsAsWritten = (validated: ValidateResult, selected: readonly TargetEntry[]): OptionsLookup =>
  selected[0]?.optionsOf ?? ((target, environment) => writtenOptions(validated.loaded?.data, target, environment));

/** With two folders, the picture draws the system file (`--system`) as it is in the working tree. */
function headModelFromFile(systemFile: string, io: Io, fileBase: string): SideModel {
  // The picture needs the entities, not a plugin's cloud catalogue: plugins are not loaded here.
  const validated = validateSystem(systemFile, { deferPluginClouds: true });
  if (validated.model && !hasErrors(validated.diagnostics)) return { model: validated.model, targetOptions: optionsAsWritten(validated, []) };
  const errors = validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length) io.stderr(formatReport(errors, { sources: validated.sources, color: io.color, fileBase }, validated.diagnostics));
  throw new DiffSourceError(`cannot draw --graph: ${systemFile} is not a valid system (--system names the file)`);
}

async function changePictureOf(report: DiffReport, head: SideModel, base: SideModel | undefined, env: string[] | undefined): Promise<string | undefined> {
  const { changePicture } = await import('../graph/change-picture.ts');
  return changePicture({ report, head: head.model, targetOptions: head.targetOptions, ...(base ? { base: base.model } : {}), ...(env?.length === 1 ? { environment: env[0] } : {}) });
}

export async function runDiff(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return io.stdout(HELP.diff), 0;
  const format = (values.format ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  const failOn = failCategories(values['fail-on']);
  if (values.graph && format !== 'markdown') throw new UsageError('--graph adds a Mermaid picture to the markdown report: use it with --format markdown');
  const baseRef = values['base-ref'];
  if (baseRef !== undefined && !baseRef.trim()) throw new UsageError('--base-ref needs a git revision');
  if (baseRef !== undefined ? positionals.length > 1 : positionals.length > 2) {
    throw new UsageError(baseRef !== undefined ? 'with --base-ref, give at most one folder (the head side)' : `expected <base> [<head>] folders, got ${positionals.length}`);
  }
  if (baseRef === undefined && positionals.length === 0) throw new UsageError('give the base output folder, or --base-ref <git-ref> to build the base revision');

  const systemFile = values.system ?? 'system.yaml';
  const fileBase = projectFolder(systemFile);
  const print = { fileBase, limit: maxDiagnostics(values['max-diagnostics']) };
  const request = { environments: values.env ?? [], ...imageTagOption(values['image-tag']), only: values.target ?? [], plugins: values.plugin ?? [] };
  const notes: string[] = [];
  const baseModels: SideModel[] = [];
  const headModels: SideModel[] = [];
  const targets: TargetEntry[] = [];

  try {
    let base: OutputTree;
    let baseLabel: string;
    let head: OutputTree;
    let headLabel: string;
    if (baseRef !== undefined) {
      const revision = gitRevision(baseRef, systemFile);
      baseLabel = `${baseRef}:${systemFile}`;
      if (revision.exists) {
        base = await buildSide({ ...request, systemFile: revision.systemFile, host: revision.host }, `the base revision (${baseRef})`, io, print, baseModels, targets);
      } else {
        base = new Map();
        notes.push(`${systemFile} does not exist at ${baseRef}: every file is new.`);
      }
      if (positionals[0] !== undefined) {
        head = readOutputFolder(positionals[0]);
        headLabel = positionals[0];
      } else {
        head = await buildSide({ ...request, systemFile }, `the working tree's ${systemFile}`, io, print, headModels, targets);
        headLabel = `${systemFile} (working tree)`;
      }
    } else {
      base = readOutputFolder(positionals[0]!);
      baseLabel = positionals[0]!;
      const headFolder = positionals[1] ?? 'out';
      head = readOutputFolder(headFolder);
      headLabel = headFolder;
    }

    const report = diffTrees({ base, head, baseLabel, headLabel, notes, formats: await diffFormats(targets, request.plugins) });
    const picture = values.graph ? await changePictureOf(report, headModels[0] ?? headModelFromFile(systemFile, io, fileBase), baseModels[0], values.env) : undefined;
    // No colour in a file (only the text view has any).
    const options = { fileBase, color: values.output ? false : io.color, ...(values['source-url'] ? { sourceUrl: values['source-url'] } : {}), ...(picture ? { picture } : {}) };
    const rendered =
      format === 'json' ? renderJson(report)
      : format === 'markdown' ? renderMarkdown(report, options)
      : format === 'github' ? renderGithub(report, options)
      : renderText(report, options);
    if (values.output) writeFileSync(values.output, rendered);
    else if (!(values.quiet && format === 'text')) io.stdout(rendered);
    return failing(report, values['exit-code'] ?? false, failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof DiffSourceError) {
      io.stderr(`infragen: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
