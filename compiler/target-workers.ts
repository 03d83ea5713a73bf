/**
 * Targets are independent, so a build runs some of them in worker threads while the main thread
 * runs the rest: on two cores the Terraform target's synthesis overlaps the other targets instead
 * of following them. A worker costs a thread start, its own module loading and a copy of the model
 * (sent as JSON: parsing it is several times faster than a structured clone of the same object
 * graph). `infragen build` starts its threads before it loads the system (compiler/target-threads.ts),
 * so that cost overlaps loading and validation; other callers start them only for a system large enough to pay for
 * them. Results are put back in the targets' order, so files and findings do not depend on
 * which thread ran what; a worker that dies becomes TARGET_FAILED for its target, never a hang.
 */
import { availableParallelism } from 'node:os';
import { BUILTIN_TARGETS } from './builtin-targets.ts';
import * as catalogue from './diagnostics/catalogue.ts';
import { collectBeforeTargets } from './memory.ts';
import type { SystemModel } from './model/types.ts';
import type { OptionsLookup } from './target.ts';
import { forcedThreads, TargetThreads, type OptionsTable, type WorkerRequest } from './target-threads.ts';
import type { TargetEntry, TargetRun } from './targets.ts';

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
 * Below this many entities (services, databases, queues… summed over the environments) a run
 * that was not handed started threads runs every target in the main thread: a thread started
 * that late pays its start-up and module loading on the critical path. Measured in bench/README.md
 * ("Worker threads"): the break-even.
 */
const WORKER_THRESHOLD = 400;

/** Entities in the model: what the targets' work grows with. */
function modelSize(model: SystemModel): number {
  let size = 0;
  for (const system of model.environments) {
    for (const member of Object.values(system)) {
      if (member && typeof member === 'object' && !Array.isArray(member)) size += Object.keys(member).length;
    }
  }
  return size;
}

/** Threads for a run that was handed none: only for a system large enough to pay for starting them now. */
function lateThreads(model: SystemModel, entries: readonly TargetEntry[], portable: number): TargetThreads | undefined {
  const wanted = forcedThreads() ?? (modelSize(model) >= WORKER_THRESHOLD ? availableParallelism() - 1 : 0);
  return wanted > 0 && portable > 0 ? TargetThreads.start(entries.map((entry) => entry.id), Math.min(wanted, portable)) : undefined;
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
 * One text of the model for every thread, made and dropped here: a closure of the run that kept it
 * would keep it (24 MB at 1,000 services) to the end of the build.
 */
function sendModel(model: SystemModel, workers: TargetThreads['workers']): void {
  const json = JSON.stringify(model);
  for (const worker of workers) worker.sendModel(json);
}

/**
 * Runs every entry, each once, some in worker threads, and returns their runs in the entries'
 * order. `runHere` runs one entry in this thread. A worker thread takes the target it preloaded
 * when that one is selected, else the heaviest portable one left; the main thread takes the last
 * entry left: plugins (which only it can run) come after the built-ins, and the registry lists
 * the built-ins from light to heavy. Heaviest first, the light targets are left to whichever
 * thread is free first, so the threads end close together. `started` are threads started early
 * (`TargetThreads.start`); without them, a large system starts its own.
 */
export async function runEachTarget(
  model: SystemModel,
  entries: readonly TargetEntry[],
  timings: Record<string, number>,
  runHere: (entry: TargetEntry) => Promise<TargetRun>,
  started?: TargetThreads,
): Promise<TargetRun[]> {
  const portable = entries.map(portableEntry);
  const threads = started ?? lateThreads(model, entries, portable.filter(Boolean).length);
  const runs: (TargetRun | undefined)[] = entries.map(() => undefined);
  const claimed = new Set<number>();
  const claim = (index: number) => (index >= 0 && claimed.add(index), index);
  /** The last entry left that can run there (the heaviest), or -1. */
  const claimLast = (runsThere: (index: number) => boolean = () => true) => {
    let last = entries.length - 1;
    while (last >= 0 && (claimed.has(last) || !runsThere(last))) last--;
    return claim(last);
  };
  const claimForWorker = (preloaded: string) => {
    const own = entries.findIndex((entry, index) => entry.id === preloaded && portable[index] && !claimed.has(index));
    return own >= 0 ? claim(own) : claimLast((index) => portable[index] !== undefined);
  };

  // The entries of a selection share one lookup: its table is made once, for the first request.
  const targetIds = [...new Set([...entries.map((entry) => entry.id), ...BUILTIN_TARGETS.map((builtin) => builtin.id)])];
  const tables = new Map<OptionsLookup, OptionsTable>();
  const tableOf = (lookup: OptionsLookup) => tables.get(lookup) ?? tables.set(lookup, optionsTable(lookup, targetIds, model)).get(lookup)!;
  const request = (index: number): WorkerRequest => {
    const { id, optionsOf } = entries[index]!;
    return { id, entry: portable[index]!, ...(optionsOf ? { options: tableOf(optionsOf) } : {}) };
  };
  const usable = (threads?.workers ?? []).filter((worker) => worker.alive);
  const sendsModel = usable.length > 0 && portable.some(Boolean);
  if (sendsModel) sendModel(model, usable);
  const working = !sendsModel ? [] : usable.map(async (worker) => {
    // A thread that died fails the target it was running; the ones left go to the other threads.
    for (let index = claimForWorker(worker.preloaded); index >= 0; index = worker.alive ? claimForWorker(worker.preloaded) : -1) {
      runs[index] = await worker.run(request(index), timings);
    }
  });
  try {
    collectBeforeTargets(timings);
    for (let index = claimLast(); index >= 0; index = claimLast()) runs[index] = await runHere(entries[index]!);
    await Promise.all(working);
  } finally {
    threads?.close();
  }
  return runs.map((run, index) => run ?? { files: [], diagnostics: [catalogue.targetFailed(entries[index]!.id, 'its worker thread stopped before it finished')] });
}

