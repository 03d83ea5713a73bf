/**
 * Process entry of the bundled CLI. A `build` or `diff` starts its target threads first, so they
 * load the heaviest targets' libraries while this thread loads the CLI and the system.
 */
import { setFlagsFromString } from 'node:v8';
import { allowStageCollections } from '../memory.ts';
import { startThreadsForCommand } from '../target-threads.ts';
import { runsLong } from './early-args.ts';
import { oneShotV8Flags } from './v8-tuning.ts';

const args = process.argv.slice(2);
for (const flag of oneShotV8Flags(args)) setFlagsFromString(flag);
// compiler/memory.ts: one collection before the targets of a large one-shot build
if (!runsLong(args)) allowStageCollections();
startThreadsForCommand(args);
const { main } = await import('./main.ts');

const color = Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
const code = await main(args, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
});
process.exitCode = code;
