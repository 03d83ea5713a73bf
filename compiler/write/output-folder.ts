/**
 * The output folder as found on disk: where `-o` really is (a symlink is followed), what kind of
 * entry sits at a path (looked at with lstat, never opened, so a FIFO cannot block us), and which
 * files infragen owns there (the files its own last manifest lists).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { MANIFEST, MANIFEST_FORMAT, readManifest } from './manifest.ts';

/** A folder the writer must not touch, or cannot: carries the coded diagnostic (exit 2). */
export class OutputFolderError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export interface OutputFolder {
  /** `-o` as the user typed it: for messages. */
  shown: string;
  /** The real, absolute folder (a symlinked `-o` resolved to its target). */
  root: string;
  exists: boolean;
}

/** Resolves `-o`: a symlink is followed to its target folder; anything but a folder is refused. */
export function resolveOutputFolder(outDir: string): OutputFolder {
  const shown = outDir;
  const stats = lstatSync(outDir, { throwIfNoEntry: false });
  if (!stats) return { shown, root: path.join(realParent(outDir), path.basename(path.resolve(outDir))), exists: false };
  let root: string;
  try {
    root = realpathSync(outDir);
  } catch {
    throw new OutputFolderError(catalogue.outputNotAFolder(shown, 'is a symlink to something that does not exist'));
  }
  if (!lstatSync(root).isDirectory()) throw new OutputFolderError(catalogue.outputNotAFolder(shown, stats.isSymbolicLink() ? 'is a symlink to something that is not a folder' : 'exists and is not a folder'));
  return { shown, root, exists: true };
}

/** The real path of the closest existing ancestor, joined with the rest (so staging lands beside the real folder). */
function realParent(outDir: string): string {
  const parent = path.dirname(path.resolve(outDir));
  try {
    return realpathSync(parent);
  } catch {
    return path.join(realParent(parent), path.basename(parent));
  }
}

export type EntryKind = 'missing' | 'file' | 'folder' | 'symlink' | 'fifo' | 'socket' | 'device';

export function kindOf(stats: Stats | undefined): EntryKind {
  if (!stats) return 'missing';
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  return 'device';
}

/** What is at `file` (relative to `root`), without following a symlink or opening anything. */
export function entryKind(root: string, file: string): EntryKind {
  try {
    return kindOf(lstatSync(path.join(root, file), { throwIfNoEntry: false }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing'; // a file where a folder of the path would be
    throw error;
  }
}

export const KIND_NAMES: Record<EntryKind, string> = {
  missing: 'nothing',
  file: 'a regular file',
  folder: 'a folder',
  symlink: 'a symlink',
  fifo: 'a FIFO (named pipe)',
  socket: 'a socket',
  device: 'a device',
};

/** The path a message shows: `-o` as typed, then the file. */
export const shownPath = (folder: OutputFolder, file: string) => `${folder.shown.replace(/\/+$/, '')}/${file}`;

/**
 * The files infragen owns in the folder (path → sha256 its manifest records): none for a missing
 * or empty folder. Refused: a manifest infragen did not write, one of a newer format, or files
 * without any manifest.
 */
export function ownedFiles(folder: OutputFolder): Map<string, string> {
  if (!folder.exists) return new Map();
  const kind = entryKind(folder.root, MANIFEST);
  if (kind === 'missing') {
    if (readdirSync(folder.root).length === 0) return new Map();
    throw new OutputFolderError(catalogue.outputNotInfragen(folder.shown, `it holds files but no ${MANIFEST}, so they are not an earlier infragen output`));
  }
  if (kind !== 'file') throw new OutputFolderError(catalogue.outputNotInfragen(folder.shown, `its ${MANIFEST} is ${KIND_NAMES[kind]}`));
  const reading = readManifest(readFileSync(path.join(folder.root, MANIFEST), 'utf8'));
  if (reading.kind === 'newer') throw new OutputFolderError(catalogue.outputNewerFormat(folder.shown, reading.format, MANIFEST_FORMAT));
  if (reading.kind === 'foreign') throw new OutputFolderError(catalogue.outputNotInfragen(folder.shown, `its ${MANIFEST} was not written by infragen (${reading.reason})`));
  return reading.files;
}

/** Every entry under `root` that is not a folder, relative with `/`, sorted; symlinked folders are not entered. */
export function listEntries(root: string, relative = ''): string[] {
  const folder = path.join(root, relative);
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listEntries(root, child) : [child];
  }).sort();
}
