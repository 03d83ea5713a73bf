/**
 * The worker-thread side of compiler/target-workers.ts (bundled as dist/target-worker.mjs). It
 * starts loading the modules of the target it was started for at once, while the main thread is
 * still loading the system; then it gets the model (once, as JSON) and runs each built-in target
 * it is sent, exactly as the main thread would (check, then emit), and sends back the files, the
 * findings and the stage time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_TARGETS } from './builtin-targets.ts';
import type { SystemModel } from './model/types.ts';
import type { WorkerMessage, WorkerReply } from './target-threads.ts';
import { deepFreeze, runTarget } from './targets.ts';

const { preload } = workerData as { preload: string };
const preloaded = BUILTIN_TARGETS.find((builtin) => builtin.id === preload);
// A module that fails to load fails again, with its message, when the target runs.
void Promise.all([preloaded?.load(), preloaded?.loadCheck?.()]).catch(() => undefined);

let model: SystemModel | undefined;

parentPort!.on('message', async (message: WorkerMessage) => {
  if (message.kind === 'model') {
    model = deepFreeze(JSON.parse(message.json) as SystemModel);
    return;
  }
  const { id, entry, options } = message;
  const builtin = BUILTIN_TARGETS.find((candidate) => candidate.id === id)!;
  const timings: Record<string, number> = {};
  const optionsOf = options && ((target: string, environment: string) => options[target]?.[environment]);
  const run = await runTarget({ ...builtin, ...entry, ...(optionsOf ? { optionsOf } : {}) }, model!, timings);
  const reply: WorkerReply = { id, ...run, stacks: run.diagnostics.map((diagnostic) => (diagnostic as { stack?: string }).stack), timings };
  parentPort!.postMessage(reply);
});
