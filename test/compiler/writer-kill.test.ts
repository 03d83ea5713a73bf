/**
 * kill -9 of the writer. A child process writes two large builds into one folder, over and over
 * (each write replaces, adds and removes hundreds of files, and turns a file into a folder); it
 * is killed at random points: every other round at a random time, the others a random moment
 * after its journal appears, while files are being swapped (on a slow disk writing the staged
 * files takes most of the time, so those rounds make sure the swap itself is hit). After each kill no file of the user's is touched, and once the
 * next run has recovered, the folder is exactly one complete build whose manifest matches every
 * file on disk. `WRITER_KILL_ROUNDS` runs more rounds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../compiler/targets.ts';
import { sha256 } from '../../compiler/write/manifest.ts';
import { planOutput, recoverInterruptedWrites, writeOutput } from '../../compiler/write/writer.ts';
import { tempFolder, writerFromSource } from '../helpers/cli.ts';
import { readTree } from '../helpers/golden.ts';
import { mulberry32 } from '../helpers/random.ts';
import { byTier } from '../helpers/tiers.ts';

const FILES = 400;
const ROUNDS = Number(process.env.WRITER_KILL_ROUNDS ?? byTier(2, 30));

const USER_FILES: Record<string, string> = {
  'compose/secrets/db-password': 'hunter2',
  'terraform/prod/eu-west-1/terraform.tfstate': '{"version":4,"serial":7}\n',
  'terraform/prod/eu-west-1/.terraform/providers/aws/terraform-provider-aws': 'binary',
  // Every generated file beside it goes away in build B: the folder must stay for this one.
  'terraform/retired/us-east-1/terraform.tfstate': '{"version":4,"serial":1}\n',
  'NOTES.md': 'mine\n',
};

/** A build of `count` files from `first` on; `variant` changes the contents of every other file. */
function build(first: number, count: number, variant: string, extra: Record<string, string>): Map<string, string> {
  const files: OutputFile[] = [];
  for (let index = first; index < first + count; index++) {
    const folder = index < FILES / 4 ? 'terraform/retired/us-east-1' : ['terraform/prod/eu-west-1', 'kubernetes/prod/eu-west-1/shop', 'compose'][index % 3]!;
    const body = `${index % 2 ? variant : 'same'} ${index} `.repeat(40 + (index % 50) * 4);
    files.push({ path: `${folder}/file-${String(index).padStart(5, '0')}.yaml`, contents: `${body}\n`, target: folder.split('/')[0]!, sources: [] });
  }
  for (const [file, contents] of Object.entries(extra)) files.push({ path: file, contents, target: file.split('/')[0]!, sources: [] });
  return planOutput('big', files.sort((a, b) => (a.path < b.path ? -1 : 1)));
}

// A: files 0…1199; B drops the first quarter, adds a quarter, changes every other file, and
// turns the file `compose/extras` into a folder.
const A = build(0, FILES, 'a', { 'compose/extras': 'a file\n' });
const B = build(FILES / 4, FILES, 'b', { 'compose/extras/inside.yaml': 'now a folder\n' });

const withoutUserFiles = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([file]) => !(file in USER_FILES)));

/** The folder is one whole build: the manifest lists exactly the generated files on disk, digests matching. */
function expectConsistent(out: string): 'A' | 'B' {
  const onDisk = withoutUserFiles(readTree(out));
  const manifest = JSON.parse(onDisk['manifest.json']!) as { files: { path: string; sha256: string }[] };
  expect(Object.keys(onDisk).sort()).toEqual([...manifest.files.map((file) => file.path), 'manifest.json'].sort());
  const mismatched = manifest.files.filter((file) => sha256(onDisk[file.path]!) !== file.sha256).map((file) => file.path);
  expect(mismatched).toEqual([]);
  const which = onDisk['manifest.json'] === A.get('manifest.json') ? 'A' : 'B';
  expect(onDisk).toEqual(Object.fromEntries(which === 'A' ? A : B));
  return which;
}

function expectUserFiles(out: string): void {
  for (const [file, contents] of Object.entries(USER_FILES)) expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(contents);
}

const stagingFolders = (dir: string) => readdirSync(dir).filter((name) => name.includes('.infragen-tmp-'));

/** Starts a child writing B, A, B, … into `out`; resolves once it is about to write. */
function startWriter(writer: string, dir: string, out: string): Promise<ReturnType<typeof spawn>> {
  const script = `
    import { readFileSync } from 'node:fs';
    import { writeOutput } from ${JSON.stringify(writer)};
    const trees = ['b.json', 'a.json'].map((name) => new Map(JSON.parse(readFileSync(${JSON.stringify(dir)} + '/' + name, 'utf8'))));
    process.stdout.write('ready\\n');
    for (let round = 0; ; round++) writeOutput(${JSON.stringify(out)}, trees[round % 2]);
  `;
  return spawnWriter(script);
}

/** Runs a writer script in a child; resolves once it prints that it is about to write. */
function spawnWriter(script: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
  });
}

/** Starts a child writing A into `<base>-0`, `<base>-1`, …, each a folder that did not exist; resolves once it is about to write. */
function startFreshWriter(writer: string, dir: string, base: string): Promise<ReturnType<typeof spawn>> {
  const script = `
    import { readFileSync } from 'node:fs';
    import { writeOutput } from ${JSON.stringify(writer)};
    const tree = new Map(JSON.parse(readFileSync(${JSON.stringify(dir)} + '/a.json', 'utf8')));
    process.stdout.write('ready\\n');
    for (let round = 0; ; round++) writeOutput(${JSON.stringify(base)} + '-' + round, tree);
  `;
  return spawnWriter(script);
}

async function journalWritten(staging: string): Promise<void> {
  while (!existsSync(path.join(staging, 'journal.json'))) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('kill -9 during a build', () => {
  it('leaves the previous output recoverable and the user\'s files untouched, at any point', { timeout: 60_000 + ROUNDS * 5_000 }, async () => {
    const dir = tempFolder('infragen-kill-');
    const out = path.join(dir, 'out');
    const writer = writerFromSource();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify([...A]));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify([...B]));
    writeOutput(out, A);
    for (const [file, contents] of Object.entries(USER_FILES)) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      writeFileSync(path.join(out, file), contents);
    }

    const random = mulberry32(12);
    let midSwap = 0;
    // Rounds past ROUNDS (at most 20) kill as soon as the journal appears, until a kill has hit a swap.
    for (let round = 0; round < ROUNDS || (midSwap === 0 && round < ROUNDS + 20); round++) {
      const child = await startWriter(writer, dir, out);
      const duringSwap = round % 2 === 1 || round >= ROUNDS;
      if (duringSwap) await journalWritten(`${out}.infragen-tmp-${child.pid}`);
      await new Promise((resolve) => setTimeout(resolve, round >= ROUNDS ? 0 : duringSwap ? random() * 30 : 20 + random() * 400));
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      if (child.exitCode !== null) throw new Error(`the writer stopped by itself (exit ${child.exitCode})`);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expectUserFiles(out);
      const staging = stagingFolders(dir);
      if (staging.some((name) => existsSync(path.join(dir, name, 'journal.json')))) midSwap++;
      // What the next run does first: roll back or finish the killed swap.
      recoverInterruptedWrites(out);
      expect(stagingFolders(dir)).toEqual([]);
      expectConsistent(out);
      expectUserFiles(out);
    }
    expect(midSwap, 'no kill landed while files were being swapped').toBeGreaterThan(0);

    // A normal build afterwards succeeds and leaves nothing behind.
    writeOutput(out, B);
    writeOutput(out, A);
    expect(expectConsistent(out)).toBe('A');
    expectUserFiles(out);
    expect(stagingFolders(dir)).toEqual([]);
  });

  it('of a folder that did not exist leaves it absent or complete, never partial or empty', { timeout: 60_000 + ROUNDS * 5_000 }, async () => {
    const dir = tempFolder('infragen-kill-fresh-');
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify([...A]));
    const writer = writerFromSource();
    const random = mulberry32(7);
    let midWrite = 0;
    // Rounds past ROUNDS (at most 20) run until a kill has landed while a folder was being written.
    for (let round = 0; round < ROUNDS || (midWrite === 0 && round < ROUNDS + 20); round++) {
      const base = path.join(dir, `out-${round}`);
      const child = await startFreshWriter(writer, dir, base);
      await new Promise((resolve) => setTimeout(resolve, 20 + random() * 400));
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      if (stagingFolders(dir).length > 0) midWrite++;
      const touched = [...new Set(readdirSync(dir).filter((name) => name.startsWith(`out-${round}-`)).map((name) => name.split('.infragen-tmp-')[0]!))];
      for (const name of touched) recoverInterruptedWrites(path.join(dir, name));
      expect(stagingFolders(dir)).toEqual([]);
      for (const name of touched.filter((name) => existsSync(path.join(dir, name)))) {
        expect(existsSync(path.join(dir, name, 'manifest.json')), `${name} was left without its manifest`).toBe(true);
        expect(expectConsistent(path.join(dir, name))).toBe('A');
      }
    }
    expect(midWrite, 'no kill landed while a folder was being written').toBeGreaterThan(0);
  });
});
