/**
 * One full garbage collection where a large one-shot build has just made most of its heap garbage:
 * the main thread has loaded, validated and normalized the system and handed the model to the
 * worker threads, and its targets are about to run. Left to itself, V8 does not collect there: it
 * starts its next full collection only once the old generation has grown to a few times what was
 * live at the last one (during loading). So the targets' allocations went to fresh pages beside
 * ≈ 90 MB of dead loading and validation data, and the peak resident set carried both (at 1,000
 * services: ≈ 100 MB of the peak for 76–86 ms of one collection, the `collect` stage of
 * `--timings`; bench/README.md, "Memory at 1,000 services"). Only the bin turns it on, for
 * one-shot commands: a library caller's process or a long-running command keeps V8's own schedule.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { timed, type StageTimings } from './timings.ts';

/**
 * Below this much live and dead heap a collection frees too little to matter (≈ 40–60 MB at 50
 * services, where the peak is far from any goal) and would only cost its time.
 */
const WORTH_COLLECTING = 128 * 1024 * 1024;

let allowed = false;
/** V8's `gc()` once looked for: null where this process gives none (then nothing is collected). */
let collect: (() => void) | null | undefined;

/** For the bin, in one-shot commands: lets `collectBeforeTargets` collect (or not again). */
export function allowStageCollections(allow = true): void {
  allowed = allow;
}

/**
 * V8's `gc()`, installed in contexts made after `--expose-gc` is set: this one is made for it. A
 * process where that gives none (started with `--expose-gc-as=<name>`, a runtime that only
 * imitates node:v8) goes without the collection: it costs memory, never the build.
 */
function gcFunction(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/** Collects now when allowed and the heap is large, timed as the `collect` stage. */
export function collectBeforeTargets(timings: StageTimings): void {
  if (!allowed || getHeapStatistics().used_heap_size < WORTH_COLLECTING) return;
  if (collect === undefined) collect = gcFunction();
  if (collect) timed(timings, 'collect', collect);
}
