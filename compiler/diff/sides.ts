/**
 * Where the two sides of a diff come from: an output folder on disk, or a source host over the
 * system file at a git revision, read with `git show` into memory (no checkout, the working tree
 * is never touched) for the CLI to build like any other.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { memoryHost, type SourceHost } from '../load/host.ts';
import { MANIFEST, readManifest } from '../write/manifest.ts';
import type { OutputTree } from './types.ts';

export class DiffSourceError extends Error {}

/**
 * Every file under `folder` (relative, `/`-separated, sorted); temporary writer folders are
 * skipped, and so are the user's files below an infragen manifest (Terraform state, secret
 * files): only what the manifest lists is infragen's output.
 */
export function readOutputFolder(folder: string): OutputTree {
  return withoutUserFiles(readFolder(folder));
}

function withoutUserFiles(tree: OutputTree): OutputTree {
  const owned = new Map<string, Set<string>>();
  for (const [file, contents] of tree) {
    if (file !== MANIFEST && !file.endsWith(`/${MANIFEST}`)) continue;
    const reading = readManifest(contents);
    if (reading.kind === 'infragen') owned.set(file.slice(0, -MANIFEST.length), new Set(reading.files.keys()));
  }
  const ownerOf = (file: string) => [...owned.keys()].filter((prefix) => file.startsWith(prefix)).sort((a, b) => b.length - a.length)[0];
  return new Map([...tree].filter(([file]) => {
    const prefix = ownerOf(file);
    return prefix === undefined || file === `${prefix}${MANIFEST}` || owned.get(prefix)!.has(file.slice(prefix.length));
  }));
}

function readFolder(folder: string): OutputTree {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DiffSourceError(`"${folder}" is not a folder`);
  const tree: OutputTree = new Map();
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(folder, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name.includes('.infragen-tmp-')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) tree.set(child, readFileSync(path.join(folder, child), 'utf8'));
    }
  };
  walk('');
  return tree;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new DiffSourceError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

interface GitRevision {
  host: SourceHost;
  /** Absolute path of the system file as the host knows it (the same path as in the working tree). */
  systemFile: string;
  /** False when the system file does not exist at that revision (a first commit of infragen). */
  exists: boolean;
}

/**
 * A source host over the system file's folder at `ref`: the listing comes from `git ls-tree`, a
 * file's text from `git show <ref>:<path>` when the loader first asks for it.
 */
export function gitRevision(ref: string, systemFile: string): GitRevision {
  const absolute = path.resolve(systemFile);
  const folder = path.dirname(absolute);
  if (!existsSync(folder)) throw new DiffSourceError(`folder "${path.dirname(systemFile)}" does not exist`);
  const top = git(folder, ['rev-parse', '--show-toplevel']).trim();
  const realTop = realFolder(path.resolve(top));
  git(folder, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const folderInRepo = path.relative(realTop, realFolder(folder)).split(path.sep).join('/');
  const listed = git(realTop, ['ls-tree', '-r', '--name-only', '-z', ref, '--', folderInRepo || '.']).split('\0').filter(Boolean);
  // Paths as the loader sees them: under the folder the user named (which may be reached through a link).
  const repoPath = new Map(listed.map((inRepo) => [path.join(folder, path.relative(folderInRepo, inRepo)), inRepo]));
  const cache = new Map<string, string>();
  const read = (absolutePath: string): string | undefined => {
    const inRepo = repoPath.get(absolutePath);
    if (inRepo === undefined) return undefined;
    if (!cache.has(absolutePath)) cache.set(absolutePath, git(realTop, ['show', `${ref}:${inRepo}`]));
    return cache.get(absolutePath);
  };
  const host: SourceHost = {
    // Globs and paths from an in-memory listing (texts left empty); the texts themselves are read on demand.
    ...memoryHost(Object.fromEntries([...repoPath.keys()].map((local) => [local, '']))),
    readFile: read,
    fileSize: (absolutePath) => {
      const text = read(absolutePath);
      return text === undefined ? undefined : Buffer.byteLength(text);
    },
  };
  return { host, systemFile: absolute, exists: repoPath.has(absolute) };
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
