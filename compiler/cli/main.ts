/**
 * The `infragen` command. Only this file decides exit codes and what goes to the terminal:
 * 0 ok, 1 the input has errors (or `--check` found out/ stale), 2 usage or internal error.
 */
import { writeFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { systemJsonSchema } from '../../schema/json-schema.ts';
import { IMAGE_TAG_PATTERN } from '../../schema/primitives.ts';
import { sortDiagnostics } from '../diagnostics/order.ts';
import { formatGithub, formatJson, formatReport, jsonReport, summary, type OutputFormat } from '../diagnostics/print.ts';
import { usageError } from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { hasErrors, type StageTimings } from '../pipeline.ts';
import { toStableJson } from '../serialize.ts';
import { userPathTest } from '../write/user-paths.ts';
import { compareOutput, filesLeftAlone, isUnchanged, OutputFolderError, writeOutput } from '../write/writer.ts';
import { buildSystem, projectFolder, selectTargets, validateBuild } from './build-system.ts';
import { HELP, VERSION } from './help.ts';
import { threadsForBuild } from '../target-threads.ts';
import { resolveTargets } from './select-targets.ts';
import { parseOptions, requestedFormat, unknownCommand, UsageError } from './usage.ts';

export { UsageError };

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
}

const COMMON_OPTIONS = {
  format: { type: 'string' },
  env: { type: 'string', multiple: true },
  'image-tag': { type: 'string' },
  target: { type: 'string', multiple: true },
  plugin: { type: 'string', multiple: true },
  /** `-o` is where a command writes what it makes: build's folder, diff's report, schema's file. */
  output: { type: 'string', short: 'o' },
  /** The older long name of build's `--output`. */
  out: { type: 'string' },
  check: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  timings: { type: 'boolean' },
  'timings-json': { type: 'string' },
  'max-diagnostics': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  watch: { type: 'boolean', short: 'w' },
} as const satisfies ParseArgsConfig['options'];

export { COMMON_OPTIONS };

const parse = (args: string[]) => parseOptions(args, COMMON_OPTIONS);

/** build's folder: `-o`/`--output`, or `--out` as it was first called. */
function outputFolder(values: { output?: string; out?: string }): string {
  if (values.output !== undefined && values.out !== undefined && values.output !== values.out) throw new UsageError('--output and --out name the same folder; give one of them');
  return values.output ?? values.out ?? 'out';
}

function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text' || value === 'json' || value === 'github') return value ?? 'text';
  throw new UsageError(`--format must be text, json or github, not "${value}"`);
}

/**
 * The tag of images built from source given to this run: `--image-tag`, else the `IMAGE_TAG`
 * environment variable (empty counts as unset). Either wins over the file's `image.tag`/`version`.
 */
export function imageTagOption(value: string | undefined, environment: NodeJS.ProcessEnv = process.env): { imageTag?: string } {
  const tag = value ?? (environment.IMAGE_TAG || undefined);
  if (tag === undefined) return {};
  if (!IMAGE_TAG_PATTERN.test(tag)) {
    const from = value !== undefined ? '--image-tag' : 'IMAGE_TAG';
    throw new UsageError(`${from} "${tag}" is not an image tag: letters, digits, \`_\`, \`.\`, \`-\`, at most 128, not \`latest\``);
  }
  return { imageTag: tag };
}

/** Text output prints this many diagnostics by default, then says how many more there are. */
export const DEFAULT_MAX_DIAGNOSTICS = 100;

/** `--max-diagnostics N`: a whole number, 0 for all. */
export function maxDiagnostics(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_DIAGNOSTICS;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-diagnostics takes a whole number (0 for all), not "${value}"`);
  return Number(value);
}

/** Watch mode prints for people, round after round; machines run the command once per change. */
function watchable(format: OutputFormat, values: { timings?: boolean; 'timings-json'?: string }): void {
  if (format !== 'text') throw new UsageError(`--watch prints text for people; run without --watch for --format ${format}`);
  if (values.timings || values['timings-json']) throw new UsageError('--watch does not take --timings or --timings-json');
}

function systemPath(positionals: string[]): string {
  if (positionals.length > 1) throw new UsageError(`expected one system file, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0] ?? 'system.yaml';
}

/** How a command prints its diagnostics: parsed before it runs, so that a usage error comes first. */
interface ReportOptions {
  format: OutputFormat;
  quiet: boolean;
  /** Text output only: at most this many diagnostics (0 for all). JSON and GitHub carry all. */
  limit: number;
}

function reportOptions(values: { format?: string; quiet?: boolean; 'max-diagnostics'?: string }): ReportOptions {
  return { format: outputFormat(values.format), quiet: values.quiet ?? false, limit: maxDiagnostics(values['max-diagnostics']) };
}

export function report(io: Io, diagnostics: Diagnostic[], { format, quiet, limit }: ReportOptions, sources: ReadonlyMap<string, string>, fileBase?: string): void {
  if (format === 'json') io.stdout(formatJson(diagnostics, fileBase));
  else if (format === 'github') io.stdout(formatGithub(diagnostics, fileBase));
  else if (diagnostics.length > 0) {
    const shown = quiet ? diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : diagnostics;
    if (shown.length) io.stderr(formatReport(shown, { sources, color: io.color, ...(fileBase !== undefined ? { fileBase } : {}), limit }, diagnostics));
  }
}

/** `--timings` prints the stage timings; `--timings-json <file>` writes them with the peak memory so far (`npm run bench`). */
export function reportTimings(io: Io, options: { timings?: boolean; 'timings-json'?: string }, timings: StageTimings): void {
  if (options.timings) io.stderr(`${Object.entries(timings).map(([stage, ms]) => `${stage} ${ms.toFixed(1)}ms`).join(', ')}\n`);
  const file = options['timings-json'];
  if (file) writeFileSync(file, `${JSON.stringify({ stages: timings, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

async function runValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return io.stdout(HELP.validate), 0;
  const output = reportOptions(values);
  const file = systemPath(positionals);
  if (values.watch) {
    watchable(output.format, values);
    return (await import('./watch.ts')).watchValidate(io, { systemFile: file, environments: values.env ?? [], fileBase: projectFolder(file), quiet: output.quiet });
  }
  const { validated, diagnostics } = await validateBuild({
    systemFile: file,
    environments: values.env ?? [],
    only: values.target ?? [],
    plugins: values.plugin ?? [],
    ...imageTagOption(values['image-tag']),
  });
  report(io, diagnostics, output, validated.sources, projectFolder(file));
  reportTimings(io, values, validated.timings);
  if (hasErrors(diagnostics)) return 1;
  if (output.format === 'text' && !output.quiet) io.stderr(`${file}: valid (${summary(diagnostics)})\n`);
  return 0;
}

async function runBuild(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return io.stdout(HELP.build), 0;
  const output = reportOptions(values);
  const { format } = output;
  const file = systemPath(positionals);
  const outDir = outputFolder(values);
  if (values.watch) {
    watchable(format, values);
    if (values.check) throw new UsageError('--watch and --check do not go together: --check runs once and exits with the verdict');
    const options = { systemFile: file, environments: values.env ?? [], fileBase: projectFolder(file), quiet: values.quiet ?? false };
    return (await import('./watch.ts')).watchBuild(io, { ...options, outDir, only: values.target ?? [], plugins: values.plugin ?? [] });
  }

  // The threads load the heaviest targets' libraries while this thread loads the system.
  const threads = threadsForBuild(values.target ?? []);
  const { validated, diagnostics, tree, targets } = await buildSystem({
    systemFile: file,
    environments: values.env ?? [],
    ...imageTagOption(values['image-tag']),
    only: values.target ?? [],
    plugins: values.plugin ?? [],
    ...(threads ? { threads } : {}),
  }).finally(() => threads?.close());
  const timings = validated.timings;
  if (values.debug) for (const diagnostic of diagnostics) if ((diagnostic as { stack?: string }).stack) io.stderr(`${(diagnostic as { stack?: string }).stack}\n`);
  report(io, diagnostics, output, validated.sources, projectFolder(file));
  if (!tree) {
    if (format === 'text') io.stderr(`build failed; ${outDir} was left as it was\n`);
    return 1;
  }

  try {
    if (values.check) return checkOutput(io, outDir, tree, userPathTest(targets), { quiet: values.quiet ?? false, text: format === 'text' });
    const start = performance.now();
    const written = writeOutput(outDir, tree);
    timings.write = performance.now() - start;
    reportTimings(io, values, timings);
    for (const note of written.notes) io.stderr(`note: ${note}\n`);
    if (!values.quiet && format === 'text') {
      const changed = written.added.length + written.changed.length;
      io.stderr(`${outDir}: ${tree.size} files, ${changed} written, ${written.removed.length} removed, ${tree.size - changed} unchanged\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    report(io, [error.diagnostic], { ...output, quiet: false }, new Map(), '');
    return 2;
  }
}

/**
 * `build --check`: exit 1 when a generated file is missing, stale, or unexpected (listed by the
 * last manifest, no longer generated). The user's files are left out; those no target declares
 * (userPaths) are listed as a note, which does not fail the check.
 */
function checkOutput(io: Io, outDir: string, tree: Map<string, string>, isDeclared: (file: string) => boolean, options: { quiet: boolean; text: boolean }): number {
  const difference = compareOutput(outDir, tree);
  const leftAlone = filesLeftAlone(outDir, tree, isDeclared);
  if (options.text && !options.quiet && leftAlone.length) {
    const shown = leftAlone.slice(0, 20).map((item) => `  ${item}`);
    if (leftAlone.length > shown.length) shown.push(`  … and ${leftAlone.length - shown.length} more`);
    io.stderr(`note: ${leftAlone.length} file(s) in ${outDir} are not infragen's; left alone:\n${shown.join('\n')}\n`);
  }
  if (isUnchanged(difference)) {
    if (!options.quiet && options.text) io.stderr(`${outDir} is up to date (${tree.size} files)\n`);
    return 0;
  }
  const lines = [
    ...difference.added.map((item) => `  missing     ${item}`),
    ...difference.changed.map((item) => `  stale       ${item}`),
    ...difference.removed.map((item) => `  unexpected  ${item}`),
  ];
  io.stderr(`${outDir} is out of date; run \`infragen build\` without --check:\n${lines.join('\n')}\n`);
  return 1;
}

async function runTargetsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return io.stdout(HELP.targets), 0;
  const output = reportOptions(values);
  if (positionals.length > 1) throw new UsageError(`expected at most one system file, got ${positionals.length}: ${positionals.join(' ')}`);
  const file = positionals[0];
  // With a system file, plugins load as for `build` (and their clouds check the file).
  const { validated, selection } = file
    ? await selectTargets({ systemFile: file, environments: [], only: [], plugins: values.plugin ?? [] })
    : { validated: undefined, selection: await resolveTargets(undefined, { only: [], plugins: values.plugin ?? [] }) };
  const entries = selection.entries;
  const diagnostics = sortDiagnostics([...(validated?.diagnostics ?? []), ...selection.diagnostics]);
  const fileBase = file ? projectFolder(file) : undefined;
  if (output.format === 'json') {
    // One JSON document: the targets and the diagnostics.
    const targets = entries.map(({ id, description, origin, clouds }) => ({ id, description, origin, clouds: clouds ?? 'all' }));
    io.stdout(`${JSON.stringify({ targets, ...jsonReport(diagnostics, fileBase), pluginsLoaded: !selection.pluginsHeldBack }, null, 2)}\n`);
  } else {
    const width = Math.max(...entries.map((entry) => entry.id.length), 2);
    io.stdout(`${entries.map((entry) => `${entry.id.padEnd(width)}  ${entry.description}${entry.origin === 'built-in' ? '' : `  (${entry.origin})`}`).join('\n')}\n`);
    report(io, diagnostics, output, validated?.sources ?? new Map(), fileBase);
    if (selection.pluginsHeldBack && output.format === 'text') io.stderr(`plugins not loaded: ${file} has errors, and plugins run only once it validates\n`);
  }
  return hasErrors(diagnostics) ? 1 : 0;
}

/** `infragen schema [-o file]`: the JSON Schema on stdout, or written to a file. */
function runSchema(args: string[], io: Io): number {
  const { values, positionals } = parseOptions(args, { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return io.stdout(HELP.schema), 0;
  if (positionals.length) throw new UsageError(`"schema" takes no arguments, got ${positionals.join(' ')}`, 'write it to a file with `infragen schema -o system.schema.json`');
  const text = toStableJson(systemJsonSchema(), { sortKeys: false });
  if (values.output === undefined) io.stdout(text);
  else writeFileSync(values.output, text);
  return 0;
}

async function runCompletion(args: string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) return io.stdout(HELP.completion), 0;
  const { completionScript, SHELLS } = await import('./completion.ts');
  const shell = args[0];
  if (args.length !== 1 || !(SHELLS as readonly string[]).includes(shell!)) throw new UsageError(`"completion" takes one shell: ${SHELLS.join(', ')}`, 'e.g. `infragen completion bash > ~/.local/share/bash-completion/completions/infragen`');
  io.stdout(completionScript(shell as (typeof SHELLS)[number]));
  return 0;
}

/** Exit 2, in the format the user asked for: a tool that passed `--format json` reads JSON even now. */
function reportUsageError(io: Io, argv: readonly string[], error: UsageError): number {
  const format = requestedFormat(argv);
  const diagnostic = usageError(error.message, error.hint);
  if (format === 'json') io.stdout(formatJson([diagnostic]));
  else if (format === 'github') io.stdout(formatGithub([diagnostic]));
  else io.stderr(`infragen: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}run \`infragen --help\` for usage\n`);
  return 2;
}

/** `--stdio` is the only transport; editors pass it, and `--clientProcessId=<pid>` too. */
async function runLsp(args: string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) return io.stdout(HELP.lsp), 0;
  const unknown = args.filter((arg) => arg !== '--stdio' && !arg.startsWith('--clientProcessId'));
  if (unknown.length) throw new UsageError(`"lsp" talks over stdio only; unknown argument ${unknown[0]}`);
  return (await import('../lsp/language-server.ts')).runLanguageServer();
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(rest[0] && rest[0] in HELP ? HELP[rest[0] as keyof typeof HELP] : HELP.main);
        return 0;
      case '-v':
      case '--version':
        io.stdout(`infragen ${VERSION}\n`);
        return 0;
      case 'build':
        return await runBuild(rest, io);
      case 'validate':
        return await runValidate(rest, io);
      case 'schema':
        return runSchema(rest, io);
      case 'completion':
        return await runCompletion(rest, io);
      case 'targets':
        return await runTargetsCommand(rest, io);
      case 'diff':
        return await (await import('./diff-command.ts')).runDiff(rest, io);
      case 'import':
        return await (await import('./import-command.ts')).runImport(rest, io);
      case 'init':
        return await (await import('./init-command.ts')).runInit(rest, io);
      case 'graph':
        return await (await import('./graph-command.ts')).runGraph(rest, io);
      case 'model':
        return await (await import('./model-command.ts')).runModel(rest, io);
      case 'lsp':
        return await runLsp(rest, io);
      default:
        throw unknownCommand(command);
    }
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(io, argv, error);
    if (error instanceof OutputFolderError) {
      io.stderr(`infragen: ${error.message}\n`);
      return 2;
    }
    const debug = argv.includes('--debug');
    io.stderr(`infragen: internal error: ${(error as Error)?.message ?? String(error)}\n${debug ? `${(error as Error)?.stack}\n` : 'run again with --debug for the stack trace, and please report it\n'}`);
    return 2;
  }
}

export type { Io };
