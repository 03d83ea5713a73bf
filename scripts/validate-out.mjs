// Runs the independent validators (../shared/validate) over out/. One validator run treats its
// files as one cluster and reports the same object twice as a duplicate, so each Kubernetes
// cluster folder (out/<example>/kubernetes/<env>/<region>) is checked in a run of its own and
// everything else in one run: duplicates are still caught within every cluster.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const checker = path.resolve('../shared/validate/check.mjs');
const folders = (dir) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => path.join(dir, entry.name)).sort() : []);

const clusters = [];
const others = [];
for (const example of folders('out')) {
  for (const target of folders(example)) {
    if (path.basename(target) === 'kubernetes') {
      for (const env of folders(target)) clusters.push(...folders(env));
    } else {
      others.push(target);
    }
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of [others, ...clusters.map((cluster) => [cluster])]) {
  if (group.length === 0) continue;
  const result = spawnSync(process.execPath, [checker, ...group], { encoding: 'utf8' });
  process.stdout.write(result.stdout);
  const counts = /(\d+) passed, (\d+) failed/.exec(result.stdout);
  if (result.status === 2 || !counts) {
    process.stderr.write(result.stderr);
    process.exit(2);
  }
  passed += Number(counts[1]);
  failed += Number(counts[2]);
  skipped += Number(/(\d+) skipped/.exec(result.stdout)?.[1] ?? 0);
}
console.log(`${clusters.length} Kubernetes clusters checked one at a time`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
