/** Running the CLI in process or from its source in a child process, and the temp folders its tests write to. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
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

let sourceCli: string | undefined;

/**
 * The CLI as the source is now (dist/ may be stale), bundled as dist/ is (the target libraries
 * external and loaded lazily) for a test that must run it in a child process: it starts in a
 * fraction of what `node --import tsx` takes. Bundled once per test process into
 * node_modules/.cache, where the external libraries resolve, in a folder named by its digest
 * (workers bundling the same source write the same files).
 */
export function cliFromSource(): string {
  if (sourceCli) return sourceCli;
  const { outputFiles } = buildSync({
    entryPoints: { cli: path.join(ROOT, 'compiler', 'cli', 'bin.ts') }, outdir: '/', outExtension: { '.js': '.mjs' }, write: false,
    bundle: true, splitting: true, format: 'esm', platform: 'node', logLevel: 'silent',
    external: ['cdktf', '@cdktf/provider-aws', 'cdk8s', 'constructs'],
    banner: { js: "import { createRequire as __infragenCreateRequire } from 'node:module'; const require = __infragenCreateRequire(import.meta.url);" },
  });
  const digest = createHash('sha256');
  for (const output of outputFiles) digest.update(output.path).update(output.contents);
  const cache = path.join(ROOT, 'node_modules', '.cache', 'infragen');
  const folder = path.join(cache, `cli-${digest.digest('hex').slice(0, 16)}`);
  if (!existsSync(folder)) {
    // Bundles of earlier sources go once they are an hour old (a run still using one is long done).
    mkdirSync(cache, { recursive: true });
    for (const name of readdirSync(cache)) {
      const old = path.join(cache, name);
      if (name.startsWith('cli-') && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { recursive: true, force: true });
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
  return (sourceCli = path.join(folder, 'cli.mjs'));
}
