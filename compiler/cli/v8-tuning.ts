/**
 * V8 settings for a command that runs once (a build, a check, a diff), set by the bin before the
 * CLI's modules load (bench/README.md, "V8's tiering"). The long-running commands (the language
 * server, watch mode) keep V8's defaults, which suit them. Measured with Node 20's V8 (11.3); another
 * V8 keeps its own defaults, whose budget and flags may differ.
 */
import { runsLong } from './early-args.ts';

const MEASURED_V8 = '11.3.';

/**
 * V8 optimizes a function once it has run a budget of bytecode (66 KiB by default). A command is
 * one short run, and most of those optimizations cost more than they give back before it ends:
 * they are compiled on background threads, which compete with the target threads for the cores.
 * Four times the default budget: only what really is hot gets optimized.
 */
const ONE_SHOT_INTERRUPT_BUDGET = 4 * 66 * 1024;

/**
 * Without inlining, each optimizing compilation is a fraction of the work: with it, single jobs
 * took ≈ 100 ms at 1,000 services (a function and every callee inlined into it), and 56 functions
 * were compiled more than once. At 1,000 services V8's background threads then spend ≈ 0.45 s less
 * CPU (they compete with the main thread and the target thread for two cores), while the code
 * they make runs about as fast (main thread +0.07 s, median of 26 interleaved pairs).
 */
const ONE_SHOT_FLAGS = [`--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`, '--no-turbo-inlining'];

/** The V8 flags the bin sets for the command line `args`, under the V8 `version` running. */
export function oneShotV8Flags(args: readonly string[], version: string = process.versions.v8): string[] {
  return runsLong(args) || !version.startsWith(MEASURED_V8) ? [] : [...ONE_SHOT_FLAGS];
}
