/**
 * The worker threads built-in targets run in (compiler/target-workers.ts schedules the targets
 * over them). This module is light on purpose — node built-ins, the diagnostics catalogue and
 * the bin's reading of the command line (cli/early-args.ts) —
 * so the bin can start the threads for a `build` or `diff` before the CLI's own modules load: each
 * thread then imports the heaviest target's libraries (Terraform's cdktf first) while the main
 * thread loads the CLI and then loads, validates and normalizes the system.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { asksToWatch } from './cli/early-args.ts';
import * as catalogue from './diagnostics/catalogue.ts';
import type { Diagnostic } from './diagnostics/types.ts';
import type { TargetOptions } from './target.ts';
import type { OutputFile, TargetRun } from './targets.ts';

/**
 * The built-ins' ids in the registry's order, light to heavy (compiler/builtin-targets.ts, which
 * this module must not import: its manifests bring zod; a test checks the two agree).
 */
export const BUILTIN_TARGET_IDS = ['serverless', 'compose', 'kubernetes', 'terraform'] as const;

/** A target run as the worker sends it: stack traces travel beside the findings (`--debug`). */
export interface WorkerReply {
  id: string;
  files: OutputFile[];
  diagnostics: Diagnostic[];
  stacks: (string | undefined)[];
  timings: Record<string, number>;
}

/** What a worker gets: the model once, then one request per target. */
export type WorkerMessage = { kind: 'model'; json: string } | ({ kind: 'run' } & WorkerRequest);

/** What a worker gets for one target: the built-in's id and the entry's data (its options). */
export interface WorkerRequest {
  id: string;
  entry: Record<string, unknown>;
  /** The entry's `optionsOf`, as a table: target id → environment → options. */
  options?: OptionsTable;
}

export type OptionsTable = Record<string, Record<string, TargetOptions>>;

/** `INFRAGEN_TARGET_THREADS=<n>`: at most n worker threads, whatever the size (0: none). For tests and the benchmark. */
const THREADS_VARIABLE = 'INFRAGEN_TARGET_THREADS';

/** The forced thread count, when INFRAGEN_TARGET_THREADS sets one. */
export function forcedThreads(): number | undefined {
  const forced = process.env[THREADS_VARIABLE];
  if (forced === undefined || forced === '') return undefined;
  const count = Number(forced);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/** The bundled worker script, next to `cli.mjs`; absent when running from source (tests), where targets run in-thread. */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.mjs')) return undefined;
  const folder = path.dirname(here);
  const dist = path.basename(folder) === 'chunks' ? path.dirname(folder) : folder;
  const script = path.join(dist, 'target-worker.mjs');
  return existsSync(script) ? script : undefined;
}

/**
 * Threads that each start loading the built-in target they will most likely run. Whatever the
 * selection turns out to be, a thread takes any portable target; threads left idle are closed.
 */
export class TargetThreads {
  private constructor(readonly workers: readonly TargetWorker[]) {}

  /**
   * Starts the threads for a build of `only` (every built-in when empty), or undefined when this
   * machine has one core, the bundle has no worker script (running from source), or
   * INFRAGEN_TARGET_THREADS=0. One thread per spare core, never as many as the targets (the
   * main thread runs one too); the first preloads the heaviest target, the next the one before.
   */
  static start(only: readonly string[], wanted = forcedThreads() ?? availableParallelism() - 1): TargetThreads | undefined {
    const script = workerScript();
    const likely = [...BUILTIN_TARGET_IDS].reverse().filter((id) => only.length === 0 || only.includes(id));
    const count = Math.min(wanted, likely.length - 1);
    if (!script || count <= 0) return undefined;
    return new TargetThreads(likely.slice(0, count).map((id) => new TargetWorker(script, id)));
  }

  /** Ends every thread (a build that stops at validation never sends them a model). */
  close(): void {
    for (const worker of this.workers) worker.close();
  }
}

let started: TargetThreads | undefined;

/**
 * For the bin, before the CLI's modules load: starts the threads a `build` or `diff` command line
 * will use (not for `--help` or `--watch`). `--target` values are read as the CLI will read them;
 * a form this misses only means a thread preloads a target that is not selected.
 */
export function startThreadsForCommand(args: readonly string[]): void {
  const [command, ...rest] = args;
  if ((command !== 'build' && command !== 'diff') || asksToWatch(rest) || rest.some((arg) => arg === '--help' || arg === '-h')) return;
  const only: string[] = [];
  rest.forEach((arg, index) => {
    if (arg === '--target' && rest[index + 1] !== undefined) only.push(rest[index + 1]!);
    else if (arg.startsWith('--target=')) only.push(arg.slice('--target='.length));
  });
  started = TargetThreads.start(only);
}

/**
 * The threads for one build of `only`: those the bin started, for the first build of the command
 * (once), else new ones (a `diff` builds twice).
 */
export function threadsForBuild(only: readonly string[]): TargetThreads | undefined {
  const threads = started ?? TargetThreads.start(only);
  started = undefined;
  return threads;
}

/**
 * One worker thread: it starts loading its preloaded target at once, gets the model when the main
 * thread has it, then runs one target per request. A thread that dies fails the target it was
 * running (TARGET_FAILED), never hangs the build; one that dies before any work is skipped. It
 * keeps the process alive only while it has work: a command that fails before using it exits.
 */
class TargetWorker {
  private readonly worker: Worker;
  private pending?: { id: string; timings: Record<string, number>; settle(run: TargetRun): void };
  private stopped?: string;

  constructor(script: string, readonly preloaded: string) {
    this.worker = new Worker(script, { workerData: { preload: preloaded } });
    this.worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending!;
      this.pending = undefined;
      reply.diagnostics.forEach((diagnostic, index) => {
        const stack = reply.stacks[index];
        if (stack) Object.defineProperty(diagnostic, 'stack', { value: stack, enumerable: false });
      });
      Object.assign(pending.timings, reply.timings);
      pending.settle({ files: reply.files, diagnostics: reply.diagnostics });
    });
    this.worker.on('error', (error) => this.stop(error instanceof Error ? error.message.split('\n')[0]! : String(error)));
    this.worker.on('exit', (code) => this.stop(`exit code ${code}`));
    // after the listeners: adding a 'message' listener refs the thread again
    this.worker.unref();
  }

  get alive(): boolean {
    return this.stopped === undefined;
  }

  sendModel(json: string): void {
    this.worker.ref();
    this.worker.postMessage({ kind: 'model', json } satisfies WorkerMessage);
  }

  run(request: WorkerRequest, timings: Record<string, number>): Promise<TargetRun> {
    if (this.stopped !== undefined) return Promise.resolve(this.failed(request.id));
    return new Promise((settle) => {
      this.pending = { id: request.id, timings, settle };
      this.worker.postMessage({ kind: 'run', ...request } satisfies WorkerMessage);
    });
  }

  close(): void {
    void this.worker.terminate();
  }

  private failed(id: string): TargetRun {
    return { files: [], diagnostics: [catalogue.targetFailed(id, `its worker thread stopped: ${this.stopped}`)] };
  }

  private stop(reason: string): void {
    this.stopped ??= reason;
    const pending = this.pending;
    this.pending = undefined;
    pending?.settle(this.failed(pending.id));
  }
}
