/**
 * Where the two sides of a diff come from: an output folder on disk, a build of a system file on
 * disk, or a build of the system file at a git revision, read with `git show` into memory (no
 * checkout, the working tree is never touched).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/types.ts';
import { memoryHost, type SourceHost } from '../load/host.ts';
import type { LoadedSystem } from '../load/load.ts';
import { emitTargets, hasErrors, validateSystem } from '../pipeline.ts';
import type { TargetEntry } from '../targets.ts';
import { planOutput } from '../write/writer.ts';
import type { OutputTree } from './types.ts';

export class DiffSourceError extends Error {}

/** Every file under `folder` (relative, `/`-separated, sorted); temporary writer folders are skipped. */
export function readOutputFolder(folder: string): OutputTree {
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

export interface BuiltSide {
  tree?: OutputTree;
  loaded?: LoadedSystem;
  diagnostics: Diagnostic[];
}

/** Compiles a system file (through `host`) with the given targets into an output tree, as `build` would write it. */
export async function buildTree(systemFile: string, targets: TargetEntry[], host?: SourceHost, environments: string[] = []): Promise<BuiltSide> {
  const validated = validateSystem(systemFile, { ...(host ? { host } : {}), environments });
  const result = await emitTargets(validated, targets);
  if (!result.model || hasErrors(result.diagnostics)) return { ...(validated.loaded ? { loaded: validated.loaded } : {}), diagnostics: result.diagnostics };
  return { tree: planOutput(result.model.name, result.files, result.loaded), ...(result.loaded ? { loaded: result.loaded } : {}), diagnostics: result.diagnostics };
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new DiffSourceError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

export interface GitRevision {
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
  const toLocal = (inRepo: string) => path.join(folder, path.relative(folderInRepo, inRepo));
  const listing: Record<string, string> = {};
  const repoPath = new Map<string, string>();
  for (const inRepo of listed) {
    const local = toLocal(inRepo);
    listing[local] = '';
    repoPath.set(local, inRepo);
  }
  const cache = new Map<string, string>();
  const read = (absolutePath: string): string | undefined => {
    const inRepo = repoPath.get(absolutePath);
    if (inRepo === undefined) return undefined;
    if (!cache.has(absolutePath)) cache.set(absolutePath, git(realTop, ['show', `${ref}:${inRepo}`]));
    return cache.get(absolutePath);
  };
  const globber = memoryHost(listing);
  const host: SourceHost = {
    readFile: read,
    fileSize: (absolutePath) => {
      const text = read(absolutePath);
      return text === undefined ? undefined : Buffer.byteLength(text);
    },
    glob: (pattern, cwd) => globber.glob(pattern, cwd),
    realPath: (absolutePath) => absolutePath,
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
