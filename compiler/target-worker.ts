/**
 * The worker-thread side of compiler/target-workers.ts (bundled as dist/target-worker.mjs). It
 * starts loading the modules of the target it was started for at once, while the main thread is
 * still loading the system; then it gets the model (once, as JSON) and runs each built-in target
 * it is sent, exactly as the main thread would (check, then emit), and sends back the files, the
 * findings and the stage time. While it waits for the model, it warms its target up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_TARGETS } from './builtin-targets.ts';
import type { SystemModel } from './model/types.ts';
import type { WorkerMessage, WorkerReply } from './target-threads.ts';
import { deepFreeze, runTarget } from './targets.ts';

const { preload } = workerData as { preload: string };
const preloaded = BUILTIN_TARGETS.find((builtin) => builtin.id === preload);
// A module that fails to load fails again, with its message, when the target runs.
const loading = Promise.all([preloaded?.load(), preloaded?.loadCheck?.()]).catch(() => undefined);

let model: SystemModel | undefined;

/**
 * The first run of a target's code is much slower than the next (functions compiled on first
 * call, inline caches cold): Terraform on the 50-service model takes 290–360 ms of CPU cold and
 * 230–260 ms after one run on a small model, which costs 50–80 ms. This thread would only wait
 * while the main thread loads, validates and normalizes the system, so it makes that first run
 * then, on the model of an example (bundled beside this script as warm-up-model.json), and
 * throws its files and findings away. Not once the model has come: then the real run goes first.
 * A model that comes while the warm-up runs waits for its end (at most its length, ≈ 50–120 ms).
 */
async function warmUp(): Promise<Record<string, number>> {
  await loading;
  // let a model that came while the modules loaded be received first
  await new Promise((resolve) => setImmediate(resolve));
  const file = new URL('./warm-up-model.json', import.meta.url);
  if (!preloaded || model !== undefined || !existsSync(file)) return {};
  const start = performance.now();
  await runTarget(preloaded, deepFreeze(JSON.parse(readFileSync(file, 'utf8')) as SystemModel), {});
  return { [`warm-up:${preloaded.id}`]: performance.now() - start };
}
/** Resolves once the warm-up is over (or skipped), to its stage time, reported with the first run. */
let warmedUp: Promise<Record<string, number>> | undefined = warmUp().catch(() => ({}));

parentPort!.on('message', async (message: WorkerMessage) => {
  if (message.kind === 'model') {
    model = deepFreeze(JSON.parse(message.json) as SystemModel);
    return;
  }
  // the warm-up and a real run share the target's module state: one after the other
  const timings: Record<string, number> = { ...(await warmedUp) };
  warmedUp = undefined;
  const { id, entry, options } = message;
  const builtin = BUILTIN_TARGETS.find((candidate) => candidate.id === id)!;
  const optionsOf = options && ((target: string, environment: string) => options[target]?.[environment]);
  const run = await runTarget({ ...builtin, ...entry, ...(optionsOf ? { optionsOf } : {}) }, model!, timings);
  const reply: WorkerReply = { id, ...run, stacks: run.diagnostics.map((diagnostic) => (diagnostic as { stack?: string }).stack), timings };
  parentPort!.postMessage(reply);
});
