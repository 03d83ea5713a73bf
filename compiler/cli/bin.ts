/**
 * Process entry of the bundled CLI. A `build` or `diff` starts its target threads first, so they
 * load the heaviest targets' libraries while this thread loads the CLI and the system.
 */
import { setFlagsFromString } from 'node:v8';
import { startThreadsForCommand } from '../target-threads.ts';
import { oneShotV8Flags } from './v8-tuning.ts';

for (const flag of oneShotV8Flags(process.argv.slice(2))) setFlagsFromString(flag);
startThreadsForCommand(process.argv.slice(2));
const { main } = await import('./main.ts');

const color = Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
});
process.exitCode = code;
