/**
 * What the main thread's heap holds when its targets start (compiler/memory.ts,
 * compiler/target-workers.ts): the model's JSON text for the worker threads is gone, and in a
 * one-shot build whose heap is large the garbage of loading and validation is collected first.
 * Measured with `used_heap_size`, which counts dead objects until a full collection frees them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { SystemModel } from '../../compiler/model/types.ts';
import { allowStageCollections } from '../../compiler/memory.ts';
import type { TargetThreads } from '../../compiler/target-threads.ts';
import { runEachTarget } from '../../compiler/target-workers.ts';
import type { TargetEntry, TargetRun } from '../../compiler/targets.ts';

const MB = 1024 * 1024;
const EMPTY_RUN: TargetRun = { files: [], diagnostics: [] };
/** A plugin (no built-in has its id): not portable, so the main thread runs it (`runHere`). */
const plugin = { id: 'a-plugin', load: async () => ({}) } as unknown as TargetEntry;

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const usedHeap = () => getHeapStatistics().used_heap_size;

/** One fake worker thread that takes the model's JSON and keeps nothing of it. */
function fakeThreads(): { threads: TargetThreads; received: () => number } {
  let received = 0;
  const worker = {
    alive: true,
    preloaded: 'terraform',
    sendModel: (json: string) => void (received = json.length),
    run: async () => EMPTY_RUN,
  };
  return { threads: { workers: [worker], close: () => {} } as unknown as TargetThreads, received: () => received };
}

describe('the main thread when its targets start', () => {
  it('no longer holds the JSON text the worker threads got the model as', async () => {
    // a model whose text is 48 MB: kept, it would show in the heap after a full collection
    // (a flat string: `repeat` makes a rope, which JSON.stringify would flatten into 48 MB more of the model)
    const model = { name: 'large', environments: [], padding: Buffer.alloc(48 * MB, 'x').toString('latin1') } as unknown as SystemModel;
    const { BUILTIN_TARGETS } = await import('../../compiler/builtin-targets.ts');
    const { threads, received } = fakeThreads();
    collect();
    const before = usedHeap();
    let during = 0;
    await runEachTarget(model, [...BUILTIN_TARGETS.slice(0, 1), plugin], {}, async () => {
      collect();
      during = usedHeap();
      return EMPTY_RUN;
    }, threads);
    expect(received()).toBeGreaterThan(48 * MB);
    expect(during - before).toBeLessThan(24 * MB);
  });

  describe('garbage made before the targets', () => {
    afterAll(() => allowStageCollections(false));

    /**
     * Makes 160 MB of arrays (of doubles: 8 bytes each), then drops them; returns the heap used
     * while the target runs, and the run's stage timings.
     */
    async function heapWhenTargetsRun(): Promise<{ withGarbage: number; during: number; timings: Record<string, number> }> {
      let garbage: number[][] | undefined = Array.from({ length: 160 }, (_, block) => new Array<number>(128 * 1024).fill(block + 0.5));
      const withGarbage = usedHeap();
      garbage = undefined;
      let during = 0;
      const timings: Record<string, number> = {};
      await runEachTarget({ name: 'small', environments: [] } as unknown as SystemModel, [plugin], timings, async () => {
        during = usedHeap();
        return EMPTY_RUN;
      });
      return { withGarbage, during, timings };
    }

    it('stays in the heap of a process that did not ask for collections (a library caller, a long-running command)', async () => {
      const { withGarbage, during, timings } = await heapWhenTargetsRun();
      expect(withGarbage).toBeGreaterThan(128 * MB);
      expect(during).toBeGreaterThan(withGarbage - 32 * MB);
      expect(timings).not.toHaveProperty('collect');
    });

    it('is collected before the targets of a one-shot build whose heap is large, in a stage of its own', async () => {
      collect();
      allowStageCollections();
      const { withGarbage, during, timings } = await heapWhenTargetsRun();
      expect(withGarbage).toBeGreaterThan(128 * MB);
      expect(during).toBeLessThan(withGarbage - 128 * MB);
      expect(timings.collect).toBeGreaterThan(0);
    });

    it('is left alone, and the build goes on, in a process that gives no gc() (started with --expose-gc-as)', () => {
      // compiler/memory.ts in a process of its own (V8 names its gc() once, when the process starts)
      const [memory] = buildSync({ entryPoints: [path.join(import.meta.dirname, '..', '..', 'compiler', 'memory.ts')], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' }).outputFiles;
      const script = `${memory!.text}
        allowStageCollections();
        globalThis.kept = Array.from({ length: 160 }, (_, block) => new Array(128 * 1024).fill(block + 0.5));
        const timings = {};
        collectBeforeTargets(timings);
        process.stdout.write(String('collect' in timings));`;
      const collected = (flags: string[]) => spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(collected([])).toMatchObject({ status: 0, stdout: 'true' });
      expect(collected(['--expose-gc-as=v8gc'])).toMatchObject({ status: 0, stdout: 'false', stderr: '' });
    });
  });
});
