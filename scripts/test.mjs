// `npm test`: the type check and vitest at the same time (the checker keeps the second core busy
// while vitest starts, and fills the gaps while tests wait on child processes). The quick tier
// checks with tsgo, the native port of TypeScript (@typescript/native-preview): warm, about 1 s
// of CPU where tsc takes 6 s, since tsc parses and binds the 200k lines of the libraries'
// declarations on every run, incremental or not. The slow tier (INFRAGEN_SLOW_TESTS=1, what CI
// runs; test/helpers/tiers.ts) checks with tsc, the reference. Both are incremental, their state
// in node_modules/.cache. Arguments go to vitest; the checker's report comes after vitest's, and
// the run fails when either does.
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

const checker = process.env.INFRAGEN_SLOW_TESTS === '1'
  ? { name: 'tsc', bin: 'typescript/bin/tsc', state: 'tsbuildinfo' }
  : { name: 'tsgo', bin: '@typescript/native-preview/bin/tsgo', state: 'tsgo-buildinfo' };

let typeErrors = '';
const [testsCode, typecheckCode] = await Promise.all([
  run('vitest/vitest.mjs', ['run', ...process.argv.slice(2)]),
  run(checker.bin, ['--noEmit', '-p', root, '--incremental', '--tsBuildInfoFile', `${modules}.cache/infragen/${checker.state}`], (text) => (typeErrors += text)),
]);
process.stdout.write(typecheckCode === 0 ? `\n${checker.name} --noEmit: no type errors\n` : `\n${checker.name} --noEmit found type errors:\n${typeErrors}\n`);
process.exitCode = testsCode || typecheckCode;
