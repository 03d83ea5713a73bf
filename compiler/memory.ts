/**
 * One full garbage collection where a large one-shot build has just made most of its heap garbage:
 * the main thread has loaded, validated and normalized the system and handed the model to the
 * worker threads, and its targets are about to run. Left to itself, V8 does not collect there: it
 * starts its next full collection only once the old generation has grown to a few times what was
 * live at the last one (during loading). So the targets' allocations went to fresh pages beside
 * ≈ 90 MB of dead loading and validation data, and the peak resident set carried both (at 1,000
 * services: ≈ 100 MB of the peak for ≈ 70 ms of one collection; bench/README.md, "Memory at
 * 1,000 services"). Only the bin turns it on, for one-shot commands: a library caller's process
 * or a long-running command keeps V8's own schedule.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Below this much live and dead heap a collection frees too little to matter (≈ 40–60 MB at 50
 * services, where the peak is far from any goal) and would only cost its time.
 */
const WORTH_COLLECTING = 128 * 1024 * 1024;

let allowed = false;
let collect: (() => void) | undefined;

/** For the bin, in one-shot commands: lets `collectBeforeTargets` collect (or not again). */
export function allowStageCollections(allow = true): void {
  allowed = allow;
}

/** Collects now when allowed and the heap is large; says whether it did. */
export function collectBeforeTargets(): boolean {
  if (!allowed || getHeapStatistics().used_heap_size < WORTH_COLLECTING) return false;
  if (!collect) {
    // V8's own `gc()` is installed in contexts made after the flag is set: this one is made for it.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  return true;
}
