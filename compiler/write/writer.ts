/**
 * Stage 5, the only code that writes: the output tree is built in a temporary folder beside the
 * destination and swapped in, unchanged files are carried over untouched, stale ones disappear,
 * and `manifest.json` records every file's digest and the entities it came from.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedSystem } from '../load/load.ts';
import { locate } from '../load/load.ts';
import { toStableJson } from '../serialize.ts';
import type { OutputFile } from '../targets.ts';
import { COLLECTION_OF_KIND, type EntityKind } from '../model/types.ts';

export const MANIFEST = 'manifest.json';

export interface ManifestSource {
  entity: string;
  file: string;
  line: number;
}
export interface ManifestEntry {
  path: string;
  sha256: string;
  target: string;
  sources: ManifestSource[];
}
export interface Manifest {
  infragen: 1;
  system: string;
  files: ManifestEntry[];
}

const sha256 = (contents: string) => createHash('sha256').update(contents).digest('hex');

/** The complete output tree (relative path → contents), manifest included. */
export function planOutput(system: string, files: OutputFile[], loaded?: LoadedSystem): Map<string, string> {
  const spanOf = (entity: string): ManifestSource => {
    const [kind, name] = entity.split('.', 2) as [EntityKind, string];
    const collection = COLLECTION_OF_KIND[kind];
    const span = loaded && collection ? locate(loaded, [collection, name], 'key') : undefined;
    return { entity, file: span?.file ?? '', line: span?.start.line ?? 0 };
  };
  const manifest: Manifest = {
    infragen: 1,
    system,
    files: files.map((file) => ({ path: file.path, sha256: sha256(file.contents), target: file.target, sources: file.sources.map(spanOf) })),
  };
  const tree = new Map<string, string>();
  for (const file of files) tree.set(file.path, file.contents);
  tree.set(MANIFEST, toStableJson(manifest, { sortKeys: false }));
  return tree;
}

/** Every file under `root`, relative with `/`, sorted (none when `root` does not exist). */
export function listFiles(root: string, relative = ''): string[] {
  const folder = path.join(root, relative);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, child) : [child];
  }).sort();
}

export interface OutputDifference {
  added: string[];
  changed: string[];
  removed: string[];
}

/** How the folder differs from the planned tree (what `--check` reports). */
export function compareOutput(outDir: string, tree: Map<string, string>): OutputDifference {
  const existing = new Set(listFiles(outDir));
  const difference: OutputDifference = { added: [], changed: [], removed: [] };
  for (const [file, contents] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!existing.has(file)) difference.added.push(file);
    else if (readFileSync(path.join(outDir, file), 'utf8') !== contents) difference.changed.push(file);
  }
  difference.removed = [...existing].filter((file) => !tree.has(file));
  return difference;
}

export const isUnchanged = (difference: OutputDifference) =>
  difference.added.length + difference.changed.length + difference.removed.length === 0;

export class OutputFolderError extends Error {}

/** Writes `tree` to `outDir`; returns what changed. Throws OutputFolderError for a folder it must not touch. */
export function writeOutput(outDir: string, tree: Map<string, string>): OutputDifference {
  const target = path.resolve(outDir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new OutputFolderError(`"${outDir}" exists and is not a folder`);
    if (readdirSync(target).length > 0 && !existsSync(path.join(target, MANIFEST))) {
      throw new OutputFolderError(
        `"${outDir}" holds files that infragen did not write (no ${MANIFEST}); refusing to replace it\n` +
          `hint: build into a new or empty folder with \`-o <folder>\`; if "${outDir}" is an old build you no longer need, delete it yourself first`,
      );
    }
  }
  const difference = compareOutput(target, tree);
  if (isUnchanged(difference)) return difference;

  const suffix = `.infragen-tmp-${process.pid}`;
  const staging = `${target}${suffix}`;
  const retired = `${target}${suffix}-old`;
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
  const rewrite = new Set([...difference.added, ...difference.changed]);
  try {
    for (const [file, contents] of tree) {
      const destination = path.join(staging, file);
      mkdirSync(path.dirname(destination), { recursive: true });
      if (rewrite.has(file)) {
        writeFileSync(destination, contents);
        continue;
      }
      // Unchanged: carry the existing file over untouched (same inode where the file system allows).
      try {
        linkSync(path.join(target, file), destination);
      } catch {
        copyFileSync(path.join(target, file), destination);
      }
    }
    if (existsSync(target)) renameSync(target, retired);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(retired) && !existsSync(target)) renameSync(retired, target);
    throw error;
  }
  rmSync(retired, { recursive: true, force: true });
  return difference;
}
