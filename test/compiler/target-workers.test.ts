/**
 * Targets in worker threads (compiler/target-workers.ts), through the bundled CLI as users run
 * it: the same files and findings as one thread, a worker that dies fails its target instead of
 * hanging the build, and one that never starts leaves its work to the main thread.
 * INFRAGEN_TARGET_THREADS forces the count (unset: one per spare core, started before loading).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import type { SystemModel } from '../../compiler/model/types.ts';
import { BUILTIN_TARGET_IDS, type TargetThreads, type WorkerMessage, type WorkerReply, type WorkerRequest } from '../../compiler/target-threads.ts';
import { runEachTarget } from '../../compiler/target-workers.ts';
import type { TargetEntry, TargetRun } from '../../compiler/targets.ts';
import { tempFolder } from '../helpers/cli.ts';
import { readTree } from '../helpers/golden.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SYSTEM = path.join(ROOT, 'examples', 'hathor-wallet', 'system.yaml');

function build(threads: string, output: string, cli = path.join(ROOT, 'dist', 'cli.mjs'), system = SYSTEM) {
  const result = spawnSync(process.execPath, [cli, 'build', system, '-o', output, '--max-diagnostics', '0'], {
    encoding: 'utf8',
    env: { ...process.env, INFRAGEN_TARGET_THREADS: threads, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: result.status, stderr: result.stderr.replaceAll(output, '<out>') };
}

/** A copy of the bundle whose worker script is `script`; node_modules linked so cdktf resolves. */
function bundleWithWorker(dir: string, script: string): string {
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'dist', 'target-worker.mjs'), script);
  return path.join(dir, 'dist', 'cli.mjs');
}

describe('targets in worker threads', () => {
  it('write the same files and print the same findings as one thread', () => {
    const dir = tempFolder('infragen-workers-');
    const single = build('0', path.join(dir, 'single'));
    expect(single.code).toBe(0);
    for (const threads of ['3', '']) {
      const threaded = build(threads, path.join(dir, `threaded${threads}`));
      expect(threaded).toEqual(single);
      expect(readTree(path.join(dir, `threaded${threads}`))).toEqual(readTree(path.join(dir, 'single')));
    }
  });

  it('turn a worker that dies into TARGET_FAILED for its target, and the build fails without hanging', () => {
    const dir = tempFolder('infragen-workers-');
    // The worker loads as usual and dies when it is given a target to run.
    const cli = bundleWithWorker(dir, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (message) => { if (message.kind === 'run') process.exit(3); });\n");
    const result = build('1', path.join(dir, 'out'), cli);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[TARGET_FAILED]: target "terraform" failed: its worker thread stopped: exit code 3');
    expect(result.stderr).not.toContain('target "kubernetes" failed');
  });

  it('run the targets of a worker that stopped before it was given any in the main thread', () => {
    const dir = tempFolder('infragen-workers-');
    const single = build('0', path.join(dir, 'single'));
    const result = build('1', path.join(dir, 'out'), bundleWithWorker(dir, 'process.exit(3);\n'));
    expect(result).toEqual(single);
    expect(readTree(path.join(dir, 'out'))).toEqual(readTree(path.join(dir, 'single')));
  });

  it('know the built-ins in the registry order, light to heavy, without loading the registry', () => {
    expect([...BUILTIN_TARGET_IDS]).toEqual(BUILTIN_TARGETS.map((entry) => entry.id));
  });

  describe('started before loading (workers that idle forever)', () => {
    /**
     * Runs the CLI of a bundle whose worker never ends, with `args` (`<dir>` is a fresh folder that
     * holds `files`); `started` gets the target
     * each thread was started to preload, written by the main thread as it makes the thread (a
     * preloaded module wraps `Worker`), so it does not depend on how soon the thread runs.
     */
    function runIdling(args: string[], files: Record<string, string> = {}) {
      const dir = tempFolder('infragen-workers-');
      for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(dir, name), contents);
      const started = path.join(dir, 'started');
      const cli = bundleWithWorker(dir, 'setInterval(() => {}, 1000);\n');
      const noteStarts = path.join(dir, 'note-starts.cjs');
      writeFileSync(noteStarts, [
        "const threads = require('node:worker_threads');",
        "const { appendFileSync } = require('node:fs');",
        `threads.Worker = class extends threads.Worker { constructor(script, options) { appendFileSync(${JSON.stringify(started)}, options.workerData.preload); super(script, options); } };`,
        "require('node:module').syncBuiltinESMExports();",
      ].join('\n'));
      const result = spawnSync(process.execPath, ['--require', noteStarts, cli, ...args.map((arg) => arg.replaceAll('<dir>', dir))], {
        encoding: 'utf8',
        env: { ...process.env, INFRAGEN_TARGET_THREADS: '1', NO_COLOR: '1' },
        timeout: 30_000,
      });
      return { ...result, started: existsSync(started) ? readFileSync(started, 'utf8') : '(none)' };
    }

    it('are ended when the system does not validate: the build fails at once, output untouched', () => {
      const result = runIdling(['build', '<dir>/system.yaml', '-o', '<dir>/out'], { 'system.yaml': 'name: broken\nservices:\n  web:\n    replicas: many\n' });
      expect(result.started).toBe('terraform');
      expect(result.signal).toBeNull();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('was left as it was');
    });

    it('do not keep a command alive that fails before it gives them work', () => {
      const result = runIdling(['build', SYSTEM, '--no-such-flag']);
      expect(result.started).toBe('terraform');
      expect(result.signal).toBeNull();
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--no-such-flag');
    });
  });

  describe('scheduling: each thread takes the heaviest target left', () => {
    const EMPTY_RUN: TargetRun = { files: [], diagnostics: [] };
    const plugin: TargetEntry = { id: 'a-plugin', load: async () => ({ default: {} }) } as unknown as TargetEntry;
    const model = { name: 'scheduled', environments: [] } as unknown as SystemModel;
    const later = (ms: number) => new Promise((settle) => setTimeout(settle, ms));

    /** Runs `entries` with one fake worker thread; `slow` targets take 30 ms where they run, the others no time. */
    async function schedule(entries: readonly TargetEntry[], slow: readonly string[]) {
      const ran: Record<'main' | 'worker', string[]> = { main: [], worker: [] };
      const worker = {
        alive: true,
        preloaded: 'terraform',
        sendModel: () => {},
        run: async (request: WorkerRequest) => {
          ran.worker.push(request.id);
          if (slow.includes(request.id)) await later(30);
          return EMPTY_RUN;
        },
      };
      const threads = { workers: [worker], close: () => {} } as unknown as TargetThreads;
      const runs = await runEachTarget(model, entries, {}, async (entry) => {
        ran.main.push(entry.id);
        if (slow.includes(entry.id)) await later(30);
        return EMPTY_RUN;
      }, threads);
      expect(runs).toHaveLength(entries.length);
      return ran;
    }

    it('the main thread starts with what only it can run (plugins), then the heaviest built-in its workers left', async () => {
      expect(await schedule([...BUILTIN_TARGETS, plugin], ['terraform'])).toEqual({ main: ['a-plugin', 'kubernetes', 'compose', 'serverless'], worker: ['terraform'] });
    });

    it('a worker that is free first takes the heaviest portable target the main thread left', async () => {
      expect(await schedule(BUILTIN_TARGETS, ['kubernetes'])).toEqual({ main: ['kubernetes'], worker: ['terraform', 'compose', 'serverless'] });
    });
  });

  describe('warming up (the bundled worker script, driven directly)', () => {
    const MODEL = readFileSync(path.join(ROOT, 'examples', 'hathor-wallet', 'model.json'), 'utf8');

    /** Resolves once the thread's event loop has been idle for 300 ms in a row: its loading and warm-up are over. */
    async function settled(worker: Worker): Promise<void> {
      for (;;) {
        const before = worker.performance.eventLoopUtilization();
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (worker.performance.eventLoopUtilization(before).utilization < 0.02) return;
      }
    }

    /** The reply to one Terraform run on the example's model, sent once `ready` resolves. */
    async function runTerraform(ready: (worker: Worker) => Promise<void>): Promise<WorkerReply> {
      const worker = new Worker(path.join(ROOT, 'dist', 'target-worker.mjs'), { workerData: { preload: 'terraform' } });
      try {
        await ready(worker);
        worker.postMessage({ kind: 'model', json: MODEL } satisfies WorkerMessage);
        worker.postMessage({ kind: 'run', id: 'terraform', entry: {} } satisfies WorkerMessage);
        const [reply] = (await once(worker, 'message')) as [WorkerReply];
        return reply;
      } finally {
        await worker.terminate();
      }
    }

    it('a thread that waits for the model runs its target once on the bundled model, and says how long in the first reply', { timeout: 60_000 }, async () => {
      const warm = await runTerraform(settled);
      expect(warm.timings['warm-up:terraform']).toBeGreaterThan(0);
      const cold = await runTerraform(async () => {});
      // the model was there before the modules had loaded: no warm-up, and the same run
      expect(Object.keys(cold.timings)).toEqual(['target:terraform']);
      expect(warm.files).toEqual(cold.files);
      expect(warm.diagnostics).toEqual(cold.diagnostics);
      expect(warm.files.length).toBeGreaterThan(0);
    });
  });
});
