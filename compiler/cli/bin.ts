/**
 * Process entry of the bundled CLI. A `build` or `diff` starts its target threads first, so they
 * load the heaviest targets' libraries while this thread loads the CLI and the system.
 */
import { setFlagsFromString } from 'node:v8';
import { allowStageCollections } from '../memory.ts';
import { startThreadsForCommand } from '../target-threads.ts';
import { runsLong } from './early-args.ts';

/**
 * V8 optimizes a function once it has run a budget of bytecode. A command is one short run, and
 * most of those optimizations cost more than they give back before it ends: they are compiled on
 * background threads, which compete with the target threads for the cores. Four times the
 * default budget: only what really is hot gets optimized (bench/README.md, "V8's tiering"). The
 * long-running commands keep V8's default, which suits them. Measured with Node 20's V8 (11.3,
 * default 66 KiB); another V8 keeps its own default, whose budget and flags may differ.
 */
const MEASURED_V8 = '11.3.';
const ONE_SHOT_INTERRUPT_BUDGET = 4 * 66 * 1024;

function tuneForOneShotRun(args: readonly string[]): void {
  if (runsLong(args) || !process.versions.v8.startsWith(MEASURED_V8)) return;
  setFlagsFromString(`--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`);
}

tuneForOneShotRun(process.argv.slice(2));
// compiler/memory.ts: one collection before the targets of a large one-shot build
if (!runsLong(process.argv.slice(2))) allowStageCollections();
startThreadsForCommand(process.argv.slice(2));
const { main } = await import('./main.ts');

const color = Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
});
process.exitCode = code;
