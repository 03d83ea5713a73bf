// `npm test`: the type check and vitest at the same time (tsc keeps the second core busy while
// vitest starts, and fills the gaps while tests wait on child processes). tsc is incremental, its
// state in node_modules/.cache, so a second run checks only what changed. Arguments go to vitest;
// tsc's report comes after vitest's, and the run fails when either does.
// INFRAGEN_SLOW_TESTS=1 adds the slow tier (test/helpers/tiers.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const modules = `${root}node_modules/`;

/** Runs a package's bin file with this node; resolves to its exit code. */
function run(bin, args, onOutput) {
  const child = spawn(process.execPath, [modules + bin, ...args], { stdio: onOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (onOutput) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => onOutput(String(chunk)));
  return new Promise((resolve) => child.once('close', (code) => resolve(code ?? 1)));
}

let typeErrors = '';
const [testsCode, typecheckCode] = await Promise.all([
  run('vitest/vitest.mjs', ['run', ...process.argv.slice(2)]),
  run('typescript/bin/tsc', ['--noEmit', '-p', root, '--incremental', '--tsBuildInfoFile', `${modules}.cache/infragen/tsbuildinfo`], (text) => (typeErrors += text)),
]);
process.stdout.write(typecheckCode === 0 ? '\ntsc --noEmit: no type errors\n' : `\ntsc --noEmit found type errors:\n${typeErrors}\n`);
process.exitCode = testsCode || typecheckCode;
