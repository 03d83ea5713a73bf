/** Running the CLI in process or from its source in a child process, and the temp folders its tests write to. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import { onTestFinished } from 'vitest';
import { main } from '../../compiler/cli/main.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** `infragen <args>` in this process, colour off, from `cwd` when given: its exit code and what it printed. */
export async function runCli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false });
    return { code, stdout, stderr };
  } finally {
    if (cwd) process.chdir(previous);
  }
}

/** A fresh temp folder, removed when the current test finishes (call it in a test or a beforeEach). */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

const CACHE = path.join(ROOT, 'node_modules', '.cache', 'infragen');

/** The digest of a bundle's options and of the files it read: none changed, the bundle is the same. */
function inputsDigest(options: object, inputs: readonly string[]): string {
  const digest = createHash('sha256').update(JSON.stringify(options));
  for (const input of inputs) {
    const file = path.join(ROOT, input);
    digest.update(`\0${input}\0`).update(existsSync(file) ? readFileSync(file) : '\0missing');
  }
  return digest.digest('hex').slice(0, 16);
}

/**
 * Source files bundled by esbuild for a child process, into node_modules/.cache/infragen (where
 * the external libraries resolve): the folder holding the bundle. The bundle is reused while none
 * of the files it read changed (their list is kept beside it from the last bundle; a new import
 * changes the file that makes it), so a run with the sources unchanged starts no esbuild. Workers
 * bundling the same sources write the same files.
 */
function bundledSource(name: string, options: BuildOptions): string {
  const inputsList = path.join(CACHE, `${name}-${createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 16)}.inputs.json`);
  if (existsSync(inputsList)) {
    const folder = path.join(CACHE, `${name}-${inputsDigest(options, JSON.parse(readFileSync(inputsList, 'utf8')))}`);
    if (existsSync(folder)) return folder;
  }
  const { outputFiles, metafile } = buildSync({ ...options, absWorkingDir: ROOT, outdir: '/', write: false, metafile: true, logLevel: 'silent' });
  const inputs = Object.keys(metafile.inputs).sort();
  const folder = path.join(CACHE, `${name}-${inputsDigest(options, inputs)}`);
  if (!existsSync(folder)) {
    // Bundles of earlier sources go once they are an hour old (a run still using one is long done).
    mkdirSync(CACHE, { recursive: true });
    for (const entry of readdirSync(CACHE)) {
      const old = path.join(CACHE, entry);
      if (entry.startsWith(`${name}-`) && !entry.endsWith('.inputs.json') && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { recursive: true, force: true });
    }
    const staging = `${folder}.${process.pid}`;
    for (const output of outputFiles) {
      mkdirSync(path.dirname(path.join(staging, output.path)), { recursive: true });
      writeFileSync(path.join(staging, output.path), output.contents);
    }
    try {
      renameSync(staging, folder);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker got there first, with the same files
    }
  }
  writeFileSync(`${inputsList}.${process.pid}`, JSON.stringify(inputs));
  renameSync(`${inputsList}.${process.pid}`, inputsList);
  return folder;
}

/** The `require` an ES-module bundle needs for the CommonJS libraries it holds or imports. */
const REQUIRE_BANNER = "import { createRequire as __infragenCreateRequire } from 'node:module'; const require = __infragenCreateRequire(import.meta.url);";

let sourceCli: string | undefined;

/**
 * The CLI as the source is now (dist/ may be stale), bundled as dist/ is (the target libraries
 * external and loaded lazily) for a test that must run it in a child process: it starts in a
 * fraction of what `node --import tsx` takes.
 */
export function cliFromSource(): string {
  return (sourceCli ??= path.join(bundledSource('cli', {
    entryPoints: { cli: 'compiler/cli/bin.ts' }, outExtension: { '.js': '.mjs' },
    bundle: true, splitting: true, format: 'esm', platform: 'node',
    external: ['cdktf', '@cdktf/provider-aws', 'cdk8s', 'constructs'],
    banner: { js: REQUIRE_BANNER },
  }), 'cli.mjs'));
}

/** The writer (compiler/write/writer.ts) bundled into one plain module, for a child that must start in milliseconds. */
export function writerFromSource(): string {
  return path.join(bundledSource('writer', {
    entryPoints: { writer: 'compiler/write/writer.ts' }, outExtension: { '.js': '.mjs' },
    bundle: true, format: 'esm', platform: 'node',
    banner: { js: REQUIRE_BANNER },
  }), 'writer.mjs');
}
