// Where a build allocates: runs the bundled CLI in this process under V8's sampling heap profiler,
// counting objects the collector has already freed (what GC time grows with), and prints the
// bytes allocated under each pipeline stage and by the functions that allocate most themselves.
//   node bench/allocations.mjs <system.yaml> [more `build` arguments]
// One thread (INFRAGEN_TARGET_THREADS=0), so every target is counted. Sampled: ±a few percent.
import inspector from 'node:inspector';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [system, ...rest] = process.argv.slice(2);
if (!system) {
  console.error('usage: node bench/allocations.mjs <system.yaml> [build arguments]');
  process.exit(2);
}
const cli = path.join(import.meta.dirname, '..', 'dist', 'cli.mjs');
const out = mkdtempSync(path.join(os.tmpdir(), 'infragen-allocations-'));

/** The stages, by the function each runs under (its name as bundled). */
const STAGES = [
  ['load', 'loadSystem'], ['validate: schema', 'checkSchema'], ['validate: environment views', 'environmentView'],
  ['validate: semantic checks', 'check'], ['normalize', 'normalize'], ['plan output', 'planOutput'], ['write', 'writeOutput'],
];

/** A target's own chunk (`dist/chunks/terraform-<hash>.mjs`), whose `emit` is the target's stage. */
const TARGET_CHUNK = /\/chunks\/([a-z]+)-[A-Z0-9]+\.mjs$/;

const session = new inspector.Session();
session.connect();
session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
process.on('exit', () => {
  // an in-process session answers synchronously, so this still runs before the process ends
  session.post('HeapProfiler.stopSampling', (error, result) => {
    rmSync(out, { recursive: true, force: true });
    if (error) throw error;
    report(result.profile.head);
  });
});
process.env.INFRAGEN_TARGET_THREADS = '0';
process.argv = [process.argv[0], cli, 'build', system, '-o', out, '-q', ...rest];
await import(cli);

function report(root) {
  const byStage = new Map();
  const bySelf = new Map();
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  const visit = (node, stages) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const stage = STAGES.find(([, name]) => name === functionName)?.[0]
      ?? (functionName === 'emit' && TARGET_CHUNK.test(url) ? `target: ${TARGET_CHUNK.exec(url)[1]}` : undefined);
    const within = stage && !stages.includes(stage) ? [...stages, stage] : stages;
    for (const name of within) add(byStage, name, node.selfSize);
    add(bySelf, `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}`, node.selfSize);
    for (const child of node.children) visit(child, within);
  };
  visit(root, []);
  const total = [...bySelf.values()].reduce((sum, bytes) => sum + bytes, 0);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0).padStart(6)} MB`;
  console.log(`${mb(total)}  allocated in all`);
  for (const [stage, bytes] of [...byStage].sort((a, b) => b[1] - a[1])) console.log(`${mb(bytes)}  ${stage}`);
  console.log('\nfunctions that allocate most themselves:');
  for (const [name, bytes] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${mb(bytes)}  ${name}`);
}
