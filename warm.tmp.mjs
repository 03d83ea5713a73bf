import { deepFreeze, runTarget } from './dist/chunks/chunk-4JP3SNU2.mjs';
import { BUILTIN_TARGETS } from './dist/chunks/chunk-WVNOYTFT.mjs';
import fs from 'node:fs';
const id = process.argv[3];
const json = fs.readFileSync(process.argv[2], 'utf8');
const entry = BUILTIN_TARGETS.find((b) => b.id === id);
await entry.load(); await entry.loadCheck?.();
for (let i = 0; i < 4; i++) {
  const model = deepFreeze(JSON.parse(json));
  const t = performance.now(); const c = process.cpuUsage();
  const run = await runTarget(entry, model, {});
  const cu = process.cpuUsage(c);
  console.log(id, i, (performance.now() - t).toFixed(0), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu', run.files.length, run.diagnostics.length);
}
