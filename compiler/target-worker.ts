/**
 * The worker-thread side of compiler/target-workers.ts (bundled as dist/target-worker.mjs): it
 * parses the model once, then runs each built-in target it is sent, exactly as the main thread
 * would (check, then emit), and sends back the files, the findings and the stage time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_TARGETS } from './builtin-targets.ts';
import type { SystemModel } from './model/types.ts';
import type { WorkerReply, WorkerRequest } from './target-workers.ts';
import { deepFreeze, runTarget } from './targets.ts';

const data = workerData as { model?: string };
const model = deepFreeze(JSON.parse(data.model!) as SystemModel);
// The text is as large as the model: let it go once parsed.
delete data.model;

parentPort!.on('message', async ({ id, entry }: WorkerRequest) => {
  const builtin = BUILTIN_TARGETS.find((candidate) => candidate.id === id)!;
  const timings: Record<string, number> = {};
  const run = await runTarget({ ...builtin, ...entry }, model, timings);
  const reply: WorkerReply = { id, ...run, stacks: run.diagnostics.map((diagnostic) => (diagnostic as { stack?: string }).stack), timings };
  parentPort!.postMessage(reply);
});
