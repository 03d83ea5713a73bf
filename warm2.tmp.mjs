import { deepFreeze, runTarget } from './dist/chunks/chunk-4JP3SNU2.mjs';
import { BUILTIN_TARGETS } from './dist/chunks/chunk-WVNOYTFT.mjs';
import fs from 'node:fs';
const [warmFile, realFile, id] = process.argv.slice(2);
const entry = BUILTIN_TARGETS.find((b) => b.id === id);
await entry.load(); await entry.loadCheck?.();
const time = async (file, label) => {
  const model = deepFreeze(JSON.parse(fs.readFileSync(file, 'utf8')));
  const c = process.cpuUsage();
  await runTarget(entry, model, {});
  const cu = process.cpuUsage(c);
  console.log(id, label, ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu');
};
if (warmFile !== '-') await time(warmFile, 'warm-up');
await time(realFile, 'real');
