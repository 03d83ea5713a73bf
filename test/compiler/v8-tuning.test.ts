/** The V8 settings the bin makes for one-shot commands (compiler/cli/v8-tuning.ts). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { oneShotV8Flags } from '../../compiler/cli/v8-tuning.ts';

const NODE_20_V8 = '11.3.244.8-node.34';

/**
 * A hot loop calling a small function, in a process of its own that first sets `flags` at run
 * time as the bin does, traced by V8: what it prints for each function it inlines, and any flag
 * V8 does not know.
 */
function traceInlining(flags: readonly string[]): { inlined: number; stderr: string } {
  const script = `
    const v8 = require('node:v8');
    for (const flag of ${JSON.stringify(flags)}) v8.setFlagsFromString(flag);
    function add(a, b) { return a + b; }
    function sum(n) { let s = 0; for (let i = 0; i < n; i++) s = add(s, i); return s; }
    let total = 0;
    for (let k = 0; k < 2000; k++) total += sum(1000);
    if (total <= 0) process.exitCode = 1;
  `;
  const run = spawnSync(process.execPath, ['--trace-turbo-inlining', '-e', script], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return { inlined: run.stdout.split('\n').filter((line) => line.includes('Inlining')).length, stderr: run.stderr };
}

describe('V8 settings for one-shot commands', () => {
  it('raises the interrupt budget and turns inlining off for a build, a check or a diff, on the V8 it was measured with', () => {
    for (const args of [['build', 'system.yaml'], ['validate'], ['diff', 'main']]) {
      expect(oneShotV8Flags(args, NODE_20_V8)).toEqual(['--interrupt-budget=270336', '--no-turbo-inlining']);
    }
  });

  it('leaves V8 as it is for the language server, watch mode, and another V8', () => {
    expect(oneShotV8Flags(['lsp', '--stdio'], NODE_20_V8)).toEqual([]);
    expect(oneShotV8Flags(['build', '-qw'], NODE_20_V8)).toEqual([]);
    expect(oneShotV8Flags(['build', 'system.yaml'], '12.4.254.21-node.33')).toEqual([]);
  });

  it('flags V8 takes at run time: no function inlined once they are set', () => {
    // the same loop with V8's defaults inlines `add`, so the trace does show inlining
    expect(traceInlining([]).inlined).toBeGreaterThan(0);
    const tuned = traceInlining(oneShotV8Flags(['build', 'system.yaml'], NODE_20_V8));
    expect(tuned.stderr).toBe('');
    expect(tuned.inlined).toBe(0);
  });
});
