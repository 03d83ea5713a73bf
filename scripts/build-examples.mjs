// Builds every example into out/<example>/, draws its diagram into examples/<example>/architecture.svg
// and prints its normalized model into examples/<example>/model.json with the bundled CLI (`--check`
// to verify all three instead).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const check = process.argv.includes('--check');
const examples = readdirSync('examples', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`examples/${entry.name}/system.yaml`))
  .map((entry) => entry.name)
  .sort();
let failed = 0;
for (const example of examples) {
  const args = ['dist/cli.mjs', 'build', `examples/${example}/system.yaml`, '-o', `out/${example}`, ...(check ? ['--check'] : [])];
  // out/ is built from the files alone: an IMAGE_TAG in the caller's environment must not leak in
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, IMAGE_TAG: '' } });
  if (result.status !== 0) failed++;
  if (!generated(`examples/${example}/architecture.svg`, ['graph', `examples/${example}/system.yaml`, '--format', 'svg', '-q'])) failed++;
  if (!generated(`examples/${example}/model.json`, ['model', `examples/${example}/system.yaml`, '-q'])) failed++;
}

/**
 * A file the CLI prints (the README's picture, the model golden): written, or with --check
 * compared with what is committed.
 */
function generated(file, args) {
  const result = spawnSync(process.execPath, ['dist/cli.mjs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, env: { ...process.env, IMAGE_TAG: '' } });
  if (result.status !== 0) return false;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === result.stdout) return true;
  if (check) {
    console.error(`${file} is ${current === undefined ? 'missing' : 'stale'}; run \`node scripts/build-examples.mjs\``);
    return false;
  }
  writeFileSync(file, result.stdout);
  return true;
}
if (failed) {
  console.error(`${failed} of ${examples.length} examples failed${check ? ' the freshness check' : ''}`);
  process.exit(1);
}
