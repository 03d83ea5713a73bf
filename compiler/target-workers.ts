/**
 * Targets are independent, so a large system runs some of them in worker threads while the
 * main thread runs the rest: on two cores the Terraform target's synthesis overlaps the other
 * targets instead of following them. A worker costs a thread start, its own module loading and a
 * copy of the model (sent as JSON: parsing it is several times faster than a structured clone of
 * the same object graph), so small systems, where that would cost more than it saves, stay in one
 * thread. Results are put back in the targets' order, so files and findings do not depend on
 * which thread ran what; a worker that dies becomes TARGET_FAILED for its target, never a hang.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BUILTIN_TARGETS } from './builtin-targets.ts';
import * as catalogue from './diagnostics/catalogue.ts';
import type { Diagnostic } from './diagnostics/types.ts';
import type { SystemModel } from './model/types.ts';
import type { OptionsLookup, TargetOptions } from './target.ts';
import type { OutputFile, TargetEntry, TargetRun } from './targets.ts';

/** A target run as the worker sends it: stack traces travel beside the findings (`--debug`). */
export interface WorkerReply {
  id: string;
  files: OutputFile[];
  diagnostics: Diagnostic[];
  stacks: (string | undefined)[];
  timings: Record<string, number>;
}

/** What a worker gets for one target: the built-in's id and the entry's data (its options). */
export interface WorkerRequest {
  id: string;
  entry: Record<string, unknown>;
  /** The entry's `optionsOf`, as a table: target id → environment → options. */
  options?: OptionsTable;
}

export type OptionsTable = Record<string, Record<string, TargetOptions>>;

/** `optionsOf` as data: what it answers for every target id and environment of the run. */
function optionsTable(lookup: OptionsLookup, targetIds: readonly string[], model: SystemModel): OptionsTable {
  const table: OptionsTable = {};
  for (const id of targetIds) {
    for (const system of model.environments) {
      const environment = system.environment!.name;
      const options = lookup(id, environment);
      if (options !== undefined) (table[id] ??= {})[environment] = options;
    }
  }
  return table;
}

/**
 * Below this many entities (services, databases, queues… summed over the environments) every
 * target runs in the main thread. Measured in bench/README.md ("Worker threads"): the break-even.
 */
export const WORKER_THRESHOLD = 400;

/** `INFRAGEN_TARGET_THREADS=<n>`: at most n worker threads, whatever the size (0: none). For tests and the benchmark. */
const THREADS_VARIABLE = 'INFRAGEN_TARGET_THREADS';

/** The bundled worker script, next to `cli.mjs`; absent when running from source (tests), where targets run in-thread. */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.mjs')) return undefined;
  const folder = path.dirname(here);
  const dist = path.basename(folder) === 'chunks' ? path.dirname(folder) : folder;
  const script = path.join(dist, 'target-worker.mjs');
  return existsSync(script) ? script : undefined;
}

/** Entities in the model: what the targets' work grows with. */
export function modelSize(model: SystemModel): number {
  let size = 0;
  for (const system of model.environments) {
    for (const member of Object.values(system)) {
      if (member && typeof member === 'object' && !Array.isArray(member)) size += Object.keys(member).length;
    }
  }
  return size;
}

/**
 * How many worker threads to use for this run (0: all in this thread): never more than the
 * targets a worker can take, and always one target left for the main thread, which would
 * otherwise only wait (a single-target build gains nothing from a worker).
 */
function threadCount(model: SystemModel, movable: number, targets: number): number {
  const forced = process.env[THREADS_VARIABLE];
  const wanted = forced !== undefined && forced !== '' ? Number(forced) : modelSize(model) >= WORKER_THRESHOLD ? availableParallelism() - 1 : 0;
  return Number.isInteger(wanted) && wanted > 0 ? Math.max(0, Math.min(wanted, movable, targets - 1)) : 0;
}

/**
 * A registered built-in whose entry is plain data apart from its loaders, its schema and its
 * `optionsOf` (sent as a table) can run in a worker: the worker finds the same built-in in its registry and
 * applies the data (its options). Plugins, and entries carrying other functions, stay in the main thread.
 */
function portableEntry(entry: TargetEntry): Record<string, unknown> | undefined {
  if (BUILTIN_TARGETS.find((builtin) => builtin.id === entry.id)?.load !== entry.load) return undefined;
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    // the worker's registry has the same loaders and schema; optionsOf travels as a table
    if (key === 'load' || key === 'loadCheck' || key === 'loadDiff' || key === 'optionsSchema' || key === 'optionsOf') continue;
    if (typeof value === 'function') return undefined;
    data[key] = value;
  }
  return data;
}

/**
 * Runs every entry, each once, some in worker threads, and returns their runs in the entries'
 * order. `runHere` runs one entry in this thread. The heaviest targets go to the workers first
 * (the last registered built-ins: the registry lists them from light to heavy); the main thread
 * takes the others from the front, and whichever thread is free takes the next.
 */
export async function runEachTarget(
  model: SystemModel,
  entries: readonly TargetEntry[],
  timings: Record<string, number>,
  runHere: (entry: TargetEntry) => Promise<TargetRun>,
): Promise<TargetRun[]> {
  const script = workerScript();
  const portable = entries.map(portableEntry);
  const threads = script ? threadCount(model, portable.filter(Boolean).length, entries.length) : 0;
  const runs: (TargetRun | undefined)[] = entries.map(() => undefined);
  const claimed = new Set<number>();
  const claimFront = () => {
    const index = entries.findIndex((_, i) => !claimed.has(i));
    if (index >= 0) claimed.add(index);
    return index;
  };
  const claimBackPortable = () => {
    for (let index = entries.length - 1; index >= 0; index--) {
      if (!claimed.has(index) && portable[index]) {
        claimed.add(index);
        return index;
      }
    }
    return -1;
  };

  const targetIds = [...new Set([...entries.map((entry) => entry.id), ...BUILTIN_TARGETS.map((builtin) => builtin.id)])];
  const queue: WorkerQueue = {
    claim: claimBackPortable,
    request: (index) => {
      const { id, optionsOf } = entries[index]!;
      return { id, entry: portable[index]!, ...(optionsOf ? { options: optionsTable(optionsOf, targetIds, model) } : {}) };
    },
    done: (index, run) => void (runs[index] = run),
    timings,
  };
  // The model's text lives only until each worker has its copy.
  const workers = threads > 0 ? startWorkers(script!, JSON.stringify(model), threads, queue) : [];
  for (let index = claimFront(); index >= 0; index = claimFront()) runs[index] = await runHere(entries[index]!);
  await Promise.all(workers);
  return runs.map((run, index) => run ?? { files: [], diagnostics: [catalogue.targetFailed(entries[index]!.id, 'its worker thread stopped before it finished')] });
}

/** What the workers share with the main thread: the entries still to run, and where runs go. */
interface WorkerQueue {
  /** Takes the next entry for a worker: its index, or -1 when none is left. */
  claim(): number;
  request(index: number): WorkerRequest;
  done(index: number, run: TargetRun): void;
  timings: Record<string, number>;
}

function startWorkers(script: string, modelJson: string, threads: number, queue: WorkerQueue): Promise<void>[] {
  return Array.from({ length: threads }, () => runInWorker(script, modelJson, queue));
}

/** One worker thread: takes entries while there are any, reports each run; a crash fails the entry it was running. */
function runInWorker(script: string, modelJson: string, { claim, request, done, timings }: WorkerQueue): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: { model: modelJson } });
    let current = -1;
    let currentId = '';
    const next = () => {
      current = claim();
      if (current < 0) {
        void worker.terminate();
        return;
      }
      const message = request(current);
      currentId = message.id;
      worker.postMessage(message);
    };
    const stop = (reason: string) => {
      if (current >= 0) done(current, { files: [], diagnostics: [catalogue.targetFailed(currentId, `its worker thread stopped: ${reason}`)] });
      current = -1;
      resolve();
    };
    worker.on('message', (reply: WorkerReply) => {
      reply.diagnostics.forEach((diagnostic, index) => {
        const stack = reply.stacks[index];
        if (stack) Object.defineProperty(diagnostic, 'stack', { value: stack, enumerable: false });
      });
      Object.assign(timings, reply.timings);
      done(current, { files: reply.files, diagnostics: reply.diagnostics });
      next();
    });
    worker.on('error', (error) => stop(error instanceof Error ? error.message.split('\n')[0]! : String(error)));
    worker.on('exit', (code) => stop(`exit code ${code}`));
    next();
  });
}
