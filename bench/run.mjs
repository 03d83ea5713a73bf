// `npm run bench`: how fast `infragen build` is, how its cost grows and where the time goes.
//
// Generates systems of growing size into a temp folder, checks each with `validate`, then builds
// each with the shipped CLI (dist/cli.mjs) to all targets: one warm-up and --runs measured runs,
// each a fresh process writing to a fresh folder. Wall time is measured around the process; the
// per-stage times and the peak RSS come from inside it (`--timings-json`). In the same run it
// measures the floor: plain `node` start-up, and start-up plus importing every module a build
// (or validate) loads, building nothing. Ratios to that floor compare across noisy machines.
// Writes bench/results.json and the table in bench/README.md.
//
//   node bench/run.mjs [--sizes 10,50,200,1000] [--runs 5] [--no-bundle] [--keep] [--threads <n>]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSystem } from './generate.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(ROOT, 'dist/cli.mjs');
const FLOOR = path.join(ROOT, 'bench/floor.mjs');
const TARGET_CHUNKS = /^(serverless|compose|kubernetes|terraform)-/;
// The bin starts the target threads, then imports the CLI itself lazily (compiler/cli/bin.ts).
const CLI_CHUNK = /^main-/;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,200,1000' },
    runs: { type: 'string', default: '5' },
    'no-bundle': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    // INFRAGEN_TARGET_THREADS for the builds: 0 runs every target in the main thread (before/after of the worker threads).
    threads: { type: 'string' },
  },
});
const buildEnv = values.threads === undefined ? process.env : { ...process.env, INFRAGEN_TARGET_THREADS: values.threads };
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'infragen-bench-'));
const log = (text) => process.stderr.write(`${text}\n`);

if (!values['no-bundle']) {
  log('bundling dist/ (scripts/bundle.mjs)…');
  run(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { cwd: ROOT });
}

function run(command, args, options = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/** The modules the bundle loads (but `entry` itself): its static import graph from `entry` and from the CLI chunk the bin imports lazily, plus the target chunks it imports lazily when `targets` is set. */
function moduleGraph(entry, targets) {
  const seen = new Set();
  const external = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const statics = [...text.matchAll(/^\s*(?:import|export)\s[^;'"]*?["']([^"']+)["']/gm)].map((match) => match[1]);
    const lazy = [...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])
      .filter((specifier) => CLI_CHUNK.test(path.basename(specifier)) || (targets && TARGET_CHUNKS.test(path.basename(specifier))));
    for (const specifier of [...statics, ...lazy]) {
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else if (!specifier.startsWith('node:')) external.add(specifier);
    }
  };
  visit(entry);
  seen.delete(entry); // cli.mjs itself runs the CLI when imported; it is a few lines over its chunks
  return [...[...seen].map((file) => pathToFileURL(file).href), ...[...external].sort()];
}

const stats = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    min: sorted[0],
    max: sorted.at(-1),
  };
};

/** One warm-up, then `runs` measured runs of `once()` → { ms, report }. */
function measure(label, once) {
  once();
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(once(i));
  const wall = stats(samples.map((sample) => sample.ms));
  const peak = Math.max(...samples.map((sample) => sample.report.peakRssBytes));
  const stages = {};
  for (const stage of Object.keys(samples[0].report.stages ?? {})) stages[stage] = stats(samples.map((sample) => sample.report.stages[stage] ?? 0)).median;
  const bareWrite = samples[0].bareWriteMs === undefined ? {} : { bareWriteMs: stats(samples.map((sample) => sample.bareWriteMs)) };
  log(`  ${label.padEnd(28)} median ${wall.median.toFixed(0)} ms (min ${wall.min.toFixed(0)}, max ${wall.max.toFixed(0)}), peak ${(peak / 2 ** 20).toFixed(0)} MB`);
  return { wallMs: wall, peakRssBytes: peak, ...(Object.keys(stages).length ? { stagesMs: stages } : {}), ...bareWrite };
}

const reportFile = path.join(tmp, 'report.json');

/**
 * Between builds, untimed: the kernel writes the last build's output (up to 64 MB) back to disk.
 * Left pending, that work throttles the next build's own writes (its `write` stage measured
 * 0.65–1.6 s at 1,000 services back to back, 0.15 s for the same files on a settled disk), so one
 * run would pay for the one before it.
 */
function settleDisk() {
  spawnSync('sync');
}
const readReport = () => JSON.parse(readFileSync(reportFile, 'utf8'));

/**
 * The `write` stage's floor at that moment: the files a build just wrote, written again into a
 * fresh folder by a bare loop (one `mkdirSync` per folder, one `writeFileSync` per file; reading
 * them is not timed). Nothing the bench writes is removed before its end (the temp folder goes
 * then): on this VM's disk, ext4 without a journal, creating a file walks past every inode deleted
 * in the last minutes one by one (bench/README.md, "The `write` stage and the disk"), so a bench
 * that removed each build's output before the next would measure its own removals.
 */
function bareWriteMs(out) {
  const files = [];
  const read = (folder, prefix) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) read(path.join(folder, entry.name), relative);
      else files.push([relative, readFileSync(path.join(folder, entry.name), 'utf8')]);
    }
  };
  read(out, '');
  const copy = `${out}-bare`;
  settleDisk();
  const start = performance.now();
  const made = new Set();
  for (const [file, contents] of files) {
    const folder = path.dirname(path.join(copy, file));
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    writeFileSync(path.join(copy, file), contents);
  }
  return performance.now() - start;
}

function floor(label, modules) {
  let list = 'none';
  if (modules) {
    list = path.join(tmp, `${label.replace(/\W+/g, '-')}.modules.json`);
    writeFileSync(list, JSON.stringify(modules));
  }
  return measure(label, () => ({ ...run(process.execPath, [FLOOR, list, reportFile]), report: readReport() }));
}

log(`infragen bench: ${os.cpus().length} CPUs, Node ${process.version}, ${runs} runs after a warm-up; temp folder ${tmp}`);
log('floor:');
const buildModules = moduleGraph(CLI, true);
const validateModules = moduleGraph(CLI, false);
const floors = {
  node: floor('node start-up', undefined),
  build: floor('start-up + build modules', buildModules),
  validate: floor('start-up + validate modules', validateModules),
};

const systems = [];
for (const services of sizes) {
  const file = path.join(tmp, `system-${services}.yaml`);
  const text = generateSystem(services);
  writeFileSync(file, text);
  const lines = text.split('\n').length;
  log(`${services} services (${lines} lines of YAML):`);
  // A generated system must be valid and clean: a warning means it takes a path users do not (a
  // deprecated key), and the numbers would measure that path.
  const warnings = run(process.execPath, [CLI, 'validate', file], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' } }).stderr.match(/^warning\[[A-Z_]+\].*$/gm);
  if (warnings) throw new Error(`the generated system of ${services} services has warnings:\n${warnings.join('\n')}`);
  const validate = measure('validate', () => ({ ...run(process.execPath, [CLI, 'validate', file, '-q', '--timings-json', reportFile], { cwd: tmp }), report: readReport() }));
  let files = 0;
  const build = measure('build (all targets)', (i) => {
    const out = path.join(tmp, `out-${services}-${i ?? 'warm-up'}`);
    const result = run(process.execPath, [CLI, 'build', file, '-o', out, '-q', '--timings-json', reportFile], { cwd: tmp, env: buildEnv });
    files = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).files?.length ?? files;
    const bare = bareWriteMs(out);
    settleDisk();
    return { ...result, report: readReport(), bareWriteMs: bare };
  });
  const graphFile = path.join(tmp, `graph-${services}.html`);
  const graphNodes = JSON.parse(run(process.execPath, [CLI, 'graph', file, '--format', 'json', '-q'], { cwd: tmp }).stdout).nodes.length;
  const graph = measure('graph (html)', () => ({ ...run(process.execPath, [CLI, 'graph', file, '-o', graphFile, '-q', '--timings-json', reportFile], { cwd: tmp }), report: readReport() }));
  systems.push({
    services, yamlLines: lines, outputFiles: files, graph: { nodes: graphNodes, ...graph },
    build: { ...build, ratioToFloor: build.wallMs.median / floors.build.wallMs.median },
    validate: { ...validate, ratioToFloor: validate.wallMs.median / floors.validate.wallMs.median },
  });
}

const of = (services) => systems.find((system) => system.services === services);
const targets = [];
if (of(50)) {
  const s50 = of(50);
  targets.push({ goal: '50 services, build to all targets: median < 0.8 s', value: s50.build.wallMs.median, unit: 'ms', met: s50.build.wallMs.median < 800 });
  targets.push({ goal: '50 services, build to all targets: median ≤ 2× the build floor', value: s50.build.ratioToFloor, unit: '×', met: s50.build.ratioToFloor <= 2 });
  targets.push({ goal: '50 services, validate: median < 300 ms', value: s50.validate.wallMs.median, unit: 'ms', met: s50.validate.wallMs.median < 300 });
  targets.push({ goal: '50 services, validate: median ≤ 1.5× the validate floor', value: s50.validate.ratioToFloor, unit: '×', met: s50.validate.ratioToFloor <= 1.5 });
}
if (of(1000)) {
  const s1000 = of(1000);
  targets.push({ goal: '1000 services: build median < 4 s', value: s1000.build.wallMs.median, unit: 'ms', met: s1000.build.wallMs.median < 4000 });
  targets.push({ goal: '1000 services: peak RSS < 400 MB', value: s1000.build.peakRssBytes / 2 ** 20, unit: 'MB', met: s1000.build.peakRssBytes < 400 * 2 ** 20 });
  const [stage, slowest] = Object.entries(s1000.build.stagesMs).sort((a, b) => b[1] - a[1])[0];
  targets.push({ goal: `1000 services: no build stage above 1.5 s (slowest: ${stage})`, value: slowest, unit: 'ms', met: slowest <= 1500 });
  targets.push({ goal: '1000 services: graph (html, layout included) median < 3 s', value: s1000.graph.wallMs.median, unit: 'ms', met: s1000.graph.wallMs.median < 3000 });
}

const results = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) },
  runs,
  floors: {
    node: { what: 'node start-up, nothing imported', ...floors.node },
    build: { what: 'node start-up + importing the bundle (cli.mjs, its chunks, the target chunks) and cdktf, the @cdktf/provider-aws deep paths, cdk8s, constructs', modules: buildModules.length, ...floors.build },
    validate: { what: 'node start-up + importing cli.mjs and its static chunks (what validate loads)', modules: validateModules.length, ...floors.validate },
  },
  systems,
  targets,
};
writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

// The table in bench/README.md, between the markers.
const ms = (value) => `${Math.round(value)}`;
const mb = (bytes) => `${Math.round(bytes / 2 ** 20)}`;
const x = (value) => `${value.toFixed(2)}×`;
const stageNames = [...new Set(systems.flatMap((system) => Object.keys(system.build.stagesMs)))];
const table = [
  `Machine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}, ${results.machine.platform}; load average at the end ${results.machine.loadAverage.join(' ')}. ${runs} runs after a warm-up; times in ms, memory is peak RSS in MB.`,
  '',
  '| floor | median | min | max | peak MB |',
  '|---|---:|---:|---:|---:|',
  ...Object.entries(floors).map(([name, floor]) => `| ${name === 'node' ? 'node start-up' : `start-up + ${name} modules`} | ${ms(floor.wallMs.median)} | ${ms(floor.wallMs.min)} | ${ms(floor.wallMs.max)} | ${mb(floor.peakRssBytes)} |`),
  '',
  '| services | YAML lines | files | build median | min | max | × build floor | peak MB | validate median | × validate floor |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...systems.map((s) => `| ${s.services} | ${s.yamlLines} | ${s.outputFiles} | ${ms(s.build.wallMs.median)} | ${ms(s.build.wallMs.min)} | ${ms(s.build.wallMs.max)} | ${x(s.build.ratioToFloor)} | ${mb(s.build.peakRssBytes)} | ${ms(s.validate.wallMs.median)} | ${x(s.validate.ratioToFloor)} |`),
  '',
  `Build stages (median ms, measured inside the process; the last column is the \`write\` stage's floor at that moment, the same files written again by a bare loop right after each build; module loading of a target counts in its stage, except for a target a worker thread loaded while the main thread was loading the system; targets in worker threads${values.threads === undefined ? ' (one per spare core)' : ` (INFRAGEN_TARGET_THREADS=${values.threads})`} overlap the others, so the stages can add up to more than the wall time):`,
  '',
  `| services | ${stageNames.join(' | ')} | the same files, bare write loop |`,
  `|---:|${stageNames.map(() => '---:').join('|')}|---:|`,
  ...systems.map((s) => `| ${s.services} | ${stageNames.map((stage) => ms(s.build.stagesMs[stage] ?? 0)).join(' | ')} | ${ms(s.build.bareWriteMs.median)} |`),
  '',
  'Graph (`infragen graph <system> -o graph.html`: validate, graph model, ELK layout, HTML; median ms):',
  '',
  '| services | nodes | graph median | min | max | peak MB | validate | layout | render |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...systems.map((s) => `| ${s.services} | ${s.graph.nodes} | ${ms(s.graph.wallMs.median)} | ${ms(s.graph.wallMs.min)} | ${ms(s.graph.wallMs.max)} | ${mb(s.graph.peakRssBytes)} | ${ms((s.graph.stagesMs?.load ?? 0) + (s.graph.stagesMs?.validate ?? 0) + (s.graph.stagesMs?.normalize ?? 0))} | ${ms(s.graph.stagesMs?.layout ?? 0)} | ${ms(s.graph.stagesMs?.render ?? 0)} |`),
  '',
  '| target | value | met |',
  '|---|---:|:---:|',
  ...targets.map((t) => `| ${t.goal} | ${t.unit === '×' ? x(t.value) : `${t.value.toFixed(0)} ${t.unit}`} | ${t.met ? 'yes' : '**no**'} |`),
].join('\n');
const readmePath = path.join(ROOT, 'bench/README.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';
if (existsSync(readmePath)) {
  const readme = readFileSync(readmePath, 'utf8');
  if (readme.includes(START) && readme.includes(END)) {
    writeFileSync(readmePath, `${readme.slice(0, readme.indexOf(START) + START.length)}\n${table}\n${readme.slice(readme.indexOf(END))}`);
  } else log('bench/README.md has no results markers; table not written');
} else writeFileSync(readmePath, `# Benchmark\n\n${START}\n${table}\n${END}\n`);
process.stdout.write(`${table}\n`);
if (!values.keep) rmSync(tmp, { recursive: true, force: true });
