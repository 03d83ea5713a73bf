// Builds every example into out/<example>/ with the bundled CLI (`--check` to verify instead).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

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
}
if (failed) {
  console.error(`${failed} of ${examples.length} examples failed${check ? ' the freshness check' : ''}`);
  process.exit(1);
}
