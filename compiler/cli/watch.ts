/**
 * `validate --watch` and `build --watch`: run once, then again whenever the system file, a file it
 * includes (or a new file its `include:` patterns match) or a template plugin's file changes.
 * After the first round it prints only what changed: the files that triggered the round, the
 * findings that are new, those that went away, and for a build the output files written or
 * removed. Errors never stop it; Ctrl-C (SIGINT) closes the watcher and exits 0.
 */
import path from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { formatDiagnostic, formatReport, summary } from '../diagnostics/print.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { globToRegExp } from '../load/host.ts';
import type { LoadedSystem } from '../load/load.ts';
import { pluginRequests } from '../plugins/load.ts';
import { resolveSpec } from '../plugins/resolve.ts';
import { OutputFolderError, writeOutput, type OutputDifference } from '../write/writer.ts';
import { buildSystem, validateBuild } from './build-system.ts';
import type { Io } from './main.ts';

/** What one validation or build reported. */
export interface Round {
  diagnostics: Diagnostic[];
  sources: ReadonlyMap<string, string>;
  loaded?: LoadedSystem;
  /** For a build that wrote: what changed in the output folder. */
  written?: OutputDifference;
  /** A line to print instead of the written files (the build failed, the folder was refused, …). */
  note?: string;
}

export interface WatchRequest {
  systemFile: string;
  /** Output folder of a build: changes inside it never trigger a round. */
  outDir?: string;
  /** `--plugin` specs, relative to the current folder. */
  cliPlugins: readonly string[];
  /** Prefix of file names in printed locations. */
  fileBase: string;
  quiet: boolean;
  round: () => Promise<Round>;
}

/** Files closer together than this (an editor's save, a `git checkout`) make one round. */
const SETTLE_MS = 80;

/** A finding's identity across rounds: not its line, which moves when lines are added above it. */
const identity = (diagnostic: Diagnostic) => `${diagnostic.severity}|${diagnostic.code}|${diagnostic.span?.file ?? ''}|${diagnostic.path ?? ''}|${diagnostic.message}`;

/** What a round is watched for: the files it read, its include patterns and its template plugin folders. */
function watchedBy(round: Round, request: WatchRequest) {
  const entry = path.resolve(request.systemFile);
  const root = path.dirname(entry);
  const files = new Set([entry, ...[...round.sources.keys()].map((file) => path.resolve(root, file))]);
  const include = round.loaded?.data.include;
  const patterns = (Array.isArray(include) ? include : []).filter((pattern): pattern is string => typeof pattern === 'string').map((pattern) => globToRegExp(path.posix.normalize(pattern)));
  const folders = pluginRequests(round.loaded, request.cliPlugins).flatMap(({ spec, base }) => {
    const resolved = resolveSpec(spec, base);
    return resolved.kind === 'template' ? [resolved.folder] : [];
  });
  return (file: string) => {
    if (files.has(file)) return true;
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (!relative.startsWith('../') && patterns.some((pattern) => pattern.test(relative))) return true;
    return folders.some((folder) => file === folder || file.startsWith(folder + path.sep));
  };
}

function printRound(io: Io, request: WatchRequest, round: Round, previous: Round | undefined, changed: string[]): void {
  const options = { sources: round.sources, color: io.color, fileBase: request.fileBase };
  const shown = (list: Diagnostic[]) => (request.quiet ? list.filter((diagnostic) => diagnostic.severity === 'error') : list);
  const lines: string[] = [];
  if (!previous) {
    const report = formatReport(shown(round.diagnostics), options, round.diagnostics);
    lines.push(report.trimEnd());
  } else {
    lines.push(`${changed.join(', ')} changed`);
    const before = new Set(previous.diagnostics.map(identity));
    const now = new Set(round.diagnostics.map(identity));
    const added = shown(round.diagnostics.filter((diagnostic) => !before.has(identity(diagnostic))));
    const gone = shown(previous.diagnostics.filter((diagnostic) => !now.has(identity(diagnostic))));
    for (const diagnostic of added) lines.push(formatDiagnostic(diagnostic, options));
    for (const diagnostic of gone) lines.push(`fixed ${diagnostic.severity}[${diagnostic.code}]: ${diagnostic.message}`);
    if (!added.length && !gone.length) lines.push('no change in the findings');
    lines.push(summary(round.diagnostics));
  }
  if (round.note) lines.push(round.note);
  if (round.written) {
    const { added, changed: rewritten, removed } = round.written;
    const touched = [...added.map((file) => `  added    ${file}`), ...rewritten.map((file) => `  changed  ${file}`), ...removed.map((file) => `  removed  ${file}`)];
    lines.push(touched.length ? `${request.outDir}: ${added.length + rewritten.length} written, ${removed.length} removed\n${touched.join('\n')}` : `${request.outDir}: unchanged`);
  }
  io.stderr(`${lines.join('\n')}\n`);
}

/** Runs rounds until SIGINT or SIGTERM; resolves with the exit code (0). */
export async function runWatch(io: Io, request: WatchRequest): Promise<number> {
  const root = path.dirname(path.resolve(request.systemFile));
  const outDir = request.outDir ? path.resolve(request.outDir) : undefined;
  let last = await request.round();
  printRound(io, request, last, undefined, []);
  let isWatched = watchedBy(last, request);

  const ignored = (file: string) => {
    const base = path.basename(file);
    return base === 'node_modules' || base === '.git' || (outDir !== undefined && (file === outDir || file.startsWith(outDir + path.sep) || base.startsWith(`${path.basename(outDir)}.infragen-tmp-`)));
  };
  const folders = new Set([root, ...pluginRequests(last.loaded, request.cliPlugins).flatMap(({ spec, base }) => {
    const resolved = resolveSpec(spec, base);
    return resolved.kind === 'template' ? [resolved.folder] : [];
  })]);
  const watcher: FSWatcher = chokidarWatch([...folders], { ignoreInitial: true, ignored });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  io.stderr(`watching ${request.systemFile} and the files it reads; Ctrl-C to stop\n`);

  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const runRound = async () => {
    const files = [...changed].sort();
    changed.clear();
    last = await request.round().then((round) => {
      printRound(io, request, round, last, files.map((file) => path.relative(process.cwd(), file).split(path.sep).join('/')));
      return round;
    });
    isWatched = watchedBy(last, request);
  };
  const trigger = () => {
    timer = undefined;
    running = (running ?? Promise.resolve()).then(runRound).catch((error: unknown) => {
      io.stderr(`infragen: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    });
  };
  watcher.on('all', (_event, file) => {
    const absolute = path.resolve(file);
    if (!isWatched(absolute)) return;
    changed.add(absolute);
    clearTimeout(timer);
    timer = setTimeout(trigger, SETTLE_MS);
  });

  // Ctrl-C, or a process manager stopping it.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  clearTimeout(timer);
  await watcher.close();
  await running;
  io.stderr('stopped watching\n');
  return 0;
}

export interface WatchOptions {
  systemFile: string;
  environments: string[];
  fileBase: string;
  quiet: boolean;
}

/** `infragen validate --watch`. */
export function watchValidate(io: Io, options: WatchOptions): Promise<number> {
  return runWatch(io, {
    ...options,
    cliPlugins: [],
    round: async () => {
      // What `infragen validate` reports: the system, its plugins and every target's check.
      const { validated, diagnostics } = await validateBuild({ systemFile: options.systemFile, environments: options.environments, only: [], plugins: [] });
      return { diagnostics, sources: validated.sources, ...(validated.loaded ? { loaded: validated.loaded } : {}) };
    },
  });
}

/** `infragen build --watch`: every round that builds without errors writes the output folder. */
export function watchBuild(io: Io, options: WatchOptions & { outDir: string; only: string[]; plugins: string[] }): Promise<number> {
  return runWatch(io, {
    ...options,
    cliPlugins: options.plugins,
    round: async () => {
      const build = await buildSystem({ systemFile: options.systemFile, environments: options.environments, only: options.only, plugins: options.plugins });
      const round: Round = { diagnostics: build.diagnostics, sources: build.validated.sources, ...(build.validated.loaded ? { loaded: build.validated.loaded } : {}) };
      if (!build.tree) return { ...round, note: `build failed; ${options.outDir} was left as it was` };
      try {
        return { ...round, written: writeOutput(options.outDir, build.tree) };
      } catch (error) {
        if (error instanceof OutputFolderError) return { ...round, note: `infragen: ${error.message}` };
        throw error;
      }
    },
  });
}
