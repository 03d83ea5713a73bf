// `npm run bench:lsp` (also run by `npm run bench`): how fast the language server answers an edit.
//
// Starts `node dist/cli.mjs lsp --stdio` as an editor does, opens a generated system of 50 services
// (bench/generate.mjs), then edits it: each edit changes one service's replica count, alternating
// between a valid value and one the schema refuses (an incremental change of one line), so every edit publishes different diagnostics.
// The time measured is the one a user waits for: from sending `didChange` to receiving the
// `publishDiagnostics` that answers it (a full re-validation: load, schema, semantic checks,
// normalize). Warm-up edits first; the server process stays the same, as in an editor.
// Writes bench/lsp-results.json and the table in bench/README.md.
//
//   node bench/lsp.mjs [--services 50] [--edits 30] [--warm-up 10]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { generateSystem } from './generate.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '50' },
    edits: { type: 'string', default: '30' },
    'warm-up': { type: 'string', default: '10' },
  },
});
const services = Number(values.services);
const edits = Number(values.edits);
const warmUp = Number(values['warm-up']);
const GOAL_MS = 100;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'infragen-bench-lsp-'));
const file = path.join(tmp, 'system.yaml');
const text = generateSystem(services);
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

// The first service's `replicas` line; each edit rewrites its value, sent as an incremental change as editors send it.
const replicas = /^( {4}replicas: )(\d+)$/m.exec(text);
if (!replicas) throw new Error('the generated system has no `replicas:` line to edit');
const line = text.slice(0, replicas.index).split('\n').length - 1;
const character = replicas[1].length;
let current = replicas[2];
const edit = (index) => {
  const value = index % 2 ? 'many' : String((index % 7) + 1);
  const change = { range: { start: { line, character }, end: { line, character: character + current.length } }, text: value };
  current = value;
  return change;
};

const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let answer;
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  if (params.uri === uri && answer) answer(params.diagnostics);
});
connection.listen();
await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
await connection.sendNotification(InitializedNotification.type, {});

const published = () => new Promise((resolve) => (answer = resolve));
let waiting = published();
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
// Errors and warnings (severity 1 and 2) count; infos (the targets' "not in this target" notes)
// come with every valid version of the file.
const problems = (diagnostics) => diagnostics.filter((diagnostic) => diagnostic.severity <= 2);
const first = problems(await waiting);
if (first.length) throw new Error(`the generated system is not valid: ${JSON.stringify(first[0])}`);

const samples = [];
for (let index = 0; index < warmUp + edits; index++) {
  waiting = published();
  const start = performance.now();
  await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: index + 2 }, contentChanges: [edit(index)] });
  const diagnostics = problems(await waiting);
  const ms = performance.now() - start;
  if ((index % 2 === 1) !== (diagnostics.length > 0)) throw new Error(`edit ${index}: unexpected diagnostics ${JSON.stringify(diagnostics)}`);
  if (index >= warmUp) samples.push(ms);
}
await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
connection.dispose();

// The re-validation alone, in this process (no JSON-RPC, no second process on the CPUs): what the
// server runs per edit, to tell the pipeline's share from the machine's and the protocol's.
const { validateSystem, memoryHost } = await import(pathToFileURL(path.join(ROOT, 'dist/index.mjs')).href);
const inProcess = [];
for (let index = 0; index < warmUp + edits; index++) {
  const value = index % 2 ? 'many' : String((index % 7) + 1);
  const edited = text.slice(0, replicas.index) + replicas[1] + value + text.slice(replicas.index + replicas[0].length);
  const start = performance.now();
  validateSystem(file, { host: memoryHost({ [file]: edited }) });
  if (index >= warmUp) inProcess.push(performance.now() - start);
}
rmSync(tmp, { recursive: true, force: true });

const percentile = (list, q) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))];
const sorted = [...samples].sort((a, b) => a - b);
const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const results = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))) },
  services, yamlLines: text.split('\n').length, edits, warmUp,
  editToDiagnosticsMs: { median: pick(0.5), p90: pick(0.9), min: sorted[0], max: sorted.at(-1) },
  validateInProcessMs: { median: percentile(inProcess, 0.5), p90: percentile(inProcess, 0.9), min: percentile(inProcess, 0) },
  goal: `warm re-validation of a ${services}-service file: median < ${GOAL_MS} ms`,
  met: pick(0.5) < GOAL_MS,
};
writeFileSync(path.join(ROOT, 'bench/lsp-results.json'), `${JSON.stringify(results, null, 2)}\n`);

const ms = (value) => value.toFixed(0);
const table = [
  `Language server, ${services} services (${results.yamlLines} lines of YAML), one server process: ${edits} edits after ${warmUp} warm-up edits, each from \`didChange\` sent to \`publishDiagnostics\` received. Machine: ${results.machine.cpus} CPUs, Node ${results.machine.node}, load average at the end ${results.machine.loadAverage.join(' ')}.`,
  '',
  '| measured | median | p90 | min | max | goal | met |',
  '|---|---:|---:|---:|---:|---|:---:|',
  `| edit → diagnostics (server over stdio) | ${ms(results.editToDiagnosticsMs.median)} | ${ms(results.editToDiagnosticsMs.p90)} | ${ms(results.editToDiagnosticsMs.min)} | ${ms(results.editToDiagnosticsMs.max)} | < ${GOAL_MS} ms | ${results.met ? 'yes' : '**no**'} |`,
  `| validateSystem alone, warm, in process | ${ms(results.validateInProcessMs.median)} | ${ms(results.validateInProcessMs.p90)} | ${ms(results.validateInProcessMs.min)} | | | |`,
].join('\n');
const readmePath = path.join(ROOT, 'bench/README.md');
const START = '<!-- bench:lsp:start -->';
const END = '<!-- bench:lsp:end -->';
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
if (readme.includes(START) && readme.includes(END)) {
  writeFileSync(readmePath, `${readme.slice(0, readme.indexOf(START) + START.length)}\n${table}\n${readme.slice(readme.indexOf(END))}`);
} else process.stderr.write('bench/README.md has no lsp markers; table not written\n');
process.stdout.write(`${table}\n`);
