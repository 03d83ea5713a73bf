// `npm run bench` (second part): how fast a file full of mistakes is reported. A ~1.9 MB system
// file with 8,000 errors (one bad `replicas:` per service) is validated by the shipped CLI: text
// output with the default limit (100), text output of all 8,000 (`--max-diagnostics 0`, to
// /dev/null) and JSON. Printing costs the file size plus the number of diagnostics; before the
// line index it cost their product (~25 s). Wall time around the process; the load and validate
// stages from inside it (`--timings-json`); what is left is start-up and printing.
// Writes bench/diagnostics-results.json and the table in bench/README.md.
//
//   node bench/diagnostics.mjs [--runs 5] [--services 8000] [--cli dist/cli.mjs] [--no-write]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    services: { type: 'string', default: '8000' },
    cli: { type: 'string', default: path.join(ROOT, 'dist/cli.mjs') },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const services = Number(values.services);
const log = (text) => process.stderr.write(`${text}\n`);

/** One service per error, each with a comment line that brings the file to ~1.9 MB at 8,000. */
export function systemWithErrors(count) {
  const lines = ['infragen: 1', 'system: big', 'services:'];
  for (let i = 0; i < count; i++) lines.push(`  svc-${i}:`, '    image: ghcr.io/acme/app:1', '    replicas: many', `    # ${'padding '.repeat(20)}`);
  return `${lines.join('\n')}\n`;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'infragen-bench-diagnostics-'));
const file = path.join(tmp, 'system.yaml');
const text = systemWithErrors(services);
writeFileSync(file, text);
const reportFile = path.join(tmp, 'report.json');

/** One process; exit 1 is the expected verdict on this file. */
function once(args) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [values.cli, 'validate', file, ...args, '--timings-json', reportFile], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (result.status !== 1) throw new Error(`validate exited ${result.status}, expected 1:\n${result.stderr.slice(0, 2000)}`);
  const stages = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')).stages : {};
  rmSync(reportFile, { force: true });
  return { ms, stages, printedBytes: result.stdout.length + result.stderr.length };
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function measure(label, args) {
  once(args);
  const samples = Array.from({ length: runs }, () => once(args));
  const stage = (name) => median(samples.map((sample) => sample.stages[name] ?? 0));
  const result = { label, args, wallMs: median(samples.map((sample) => sample.ms)), loadMs: stage('load'), validateMs: stage('validate'), printedBytes: samples[0].printedBytes };
  log(`  ${label.padEnd(36)} median ${result.wallMs.toFixed(0)} ms (load ${result.loadMs.toFixed(0)}, validate ${result.validateMs.toFixed(0)}), ${result.printedBytes} bytes printed`);
  return result;
}

log(`${services} errors in a ${(text.length / 2 ** 20).toFixed(2)} MiB file, ${runs} runs after a warm-up (${values.cli}):`);
const cases = [
  measure('text, first 100 (default)', []),
  measure('text, all (--max-diagnostics 0)', ['--max-diagnostics', '0']),
  measure('json (all)', ['--format', 'json']),
];
rmSync(tmp, { recursive: true, force: true });

const results = { machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) }, runs, services, fileBytes: text.length, cases };
const ms = (value) => `${Math.round(value)}`;
const table = [
  `${services} errors in one ${(text.length / 2 ** 20).toFixed(2)} MiB file (\`node bench/diagnostics.mjs\`); ${runs} runs after a warm-up, medians in ms; load average at the end ${results.machine.loadAverage.join(' ')}.`,
  '',
  '| validate output | wall | load | validate | rest (start-up, printing) | bytes printed |',
  '|---|---:|---:|---:|---:|---:|',
  ...cases.map((c) => `| ${c.label} | ${ms(c.wallMs)} | ${ms(c.loadMs)} | ${ms(c.validateMs)} | ${ms(c.wallMs - c.loadMs - c.validateMs)} | ${c.printedBytes} |`),
].join('\n');
process.stdout.write(`${table}\n`);

if (!values['no-write']) {
  writeFileSync(path.join(ROOT, 'bench/diagnostics-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const readmePath = path.join(ROOT, 'bench/README.md');
  const START = '<!-- bench:diagnostics:start -->';
  const END = '<!-- bench:diagnostics:end -->';
  const readme = readFileSync(readmePath, 'utf8');
  if (readme.includes(START) && readme.includes(END)) {
    writeFileSync(readmePath, `${readme.slice(0, readme.indexOf(START) + START.length)}\n${table}\n${readme.slice(readme.indexOf(END))}`);
  } else log('bench/README.md has no diagnostics markers; table not written');
}
