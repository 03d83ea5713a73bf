/**
 * Targets in worker threads (compiler/target-workers.ts), through the bundled CLI as users run
 * it: the same files and findings as one thread, and a worker that dies fails its target
 * instead of hanging the build. INFRAGEN_TARGET_THREADS forces the threads on a small system.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../helpers/cli.ts';
import { readTree } from '../helpers/golden.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SYSTEM = path.join(ROOT, 'examples', 'hathor-wallet', 'system.yaml');

function build(threads: string, output: string, cli = path.join(ROOT, 'dist', 'cli.mjs')) {
  const result = spawnSync(process.execPath, [cli, 'build', SYSTEM, '-o', output, '--max-diagnostics', '0'], {
    encoding: 'utf8',
    env: { ...process.env, INFRAGEN_TARGET_THREADS: threads, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: result.status, stderr: result.stderr.replaceAll(output, '<out>') };
}

describe('targets in worker threads', () => {
  it('write the same files and print the same findings as one thread', () => {
    const dir = tempFolder('infragen-workers-');
    const single = build('0', path.join(dir, 'single'));
    const threaded = build('3', path.join(dir, 'threaded'));
    expect(single.code).toBe(0);
    expect(threaded).toEqual(single);
    expect(readTree(path.join(dir, 'threaded'))).toEqual(readTree(path.join(dir, 'single')));
  });

  it('turn a worker that dies into TARGET_FAILED for its target, and the build fails without hanging', () => {
    const dir = tempFolder('infragen-workers-');
    // A copy of the bundle whose worker script exits at once; node_modules linked so cdktf resolves.
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(path.join(dir, 'dist', 'target-worker.mjs'), 'process.exit(3);\n');
    const result = build('1', path.join(dir, 'out'), path.join(dir, 'dist', 'cli.mjs'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[TARGET_FAILED]: target "terraform" failed: its worker thread stopped: exit code 3');
    expect(result.stderr).not.toContain('target "kubernetes" failed');
  });
});
