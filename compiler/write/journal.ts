/**
 * The crash-safe swap of generated files (the crash model is in docs/architecture.md → "Writing").
 * Only infragen's own files ever move; the user's files in the folder are never touched.
 *
 *   1. stage   every new or changed file in `<out>.infragen-tmp-<pid>/new/`, the new manifest beside it
 *   2. journal `journal.json` lists what is replaced and removed (written whole, then renamed in)
 *   3. apply   each old file is renamed to `old/`, each new one renamed into place (one rename each)
 *   4. commit  the new manifest is renamed over `manifest.json`
 *   5. clean   folders emptied by removals, then the staging folder
 *
 * A build killed before 2 left `out/` untouched; between 2 and 4 the next run rolls back from
 * `old/` (the previous output comes back, byte for byte); after 4 it only cleans up. An `out/`
 * that does not exist yet is staged whole and renamed into place at once (`createFolder`).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST } from './manifest.ts';

const STAGING_MARK = '.infragen-tmp-';
const JOURNAL = 'journal.json';

export interface Journal {
  /** Files written: `existed` says whether an earlier file of infragen's was there (it is kept in `old/`). */
  replace: { path: string; existed: boolean }[];
  /** Stale files of infragen's, moved to `old/`. */
  remove: string[];
}

export interface Swap {
  journal: Journal;
  /** New contents of every replaced file. */
  contents: ReadonlyMap<string, string>;
  manifest: string;
}

const exists = (file: string) => lstatSync(file, { throwIfNoEntry: false }) !== undefined;

const makeFolder = (folder: string): void => void mkdirSync(folder, { recursive: true });

/**
 * `makeFolder` once per folder: a swap puts thousands of files into far fewer folders, and each
 * recursive mkdir is a system call per path segment. Only for a stretch in which no folder is removed.
 */
function folderMaker(): (folder: string) => void {
  const made = new Set<string>();
  return (folder) => {
    if (made.has(folder)) return;
    makeFolder(folder);
    made.add(folder);
  };
}

function moveInto(from: string, to: string, make = makeFolder): void {
  make(path.dirname(to));
  renameSync(from, to);
}

/** Removes the empty folders from `file`'s folder up to (not including) `root`. */
function pruneEmptyFolders(root: string, file: string): void {
  for (let folder = path.dirname(path.join(root, file)); folder.startsWith(`${root}${path.sep}`); folder = path.dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty (or not there): a user's file keeps it
    }
  }
}

export const stagingFolder = (root: string, pid = process.pid) => `${root}${STAGING_MARK}${pid}`;

/** Writes every replaced file under `folder`, as it will be laid out in `out/`. */
function writeFiles(folder: string, swap: Swap): void {
  const make = folderMaker();
  for (const { path: file } of swap.journal.replace) {
    make(path.dirname(path.join(folder, file)));
    writeFileSync(path.join(folder, file), swap.contents.get(file)!);
  }
}

/**
 * A folder that does not exist yet is made whole in the staging folder, manifest included, and
 * renamed into place: one rename instead of one per file (thousands for a large system), and no
 * journal. Killed before the rename, `out/` still does not exist and the next build removes the
 * staging folder (it has no journal); after it, the folder is complete.
 */
function createFolder(root: string, swap: Swap): void {
  const staging = stagingFolder(root);
  rmSync(staging, { recursive: true, force: true });
  try {
    const whole = path.join(staging, 'new');
    mkdirSync(whole, { recursive: true });
    writeFiles(whole, swap);
    writeFileSync(path.join(whole, MANIFEST), swap.manifest);
    renameSync(whole, root);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Steps 1–5 for one build; `createFolder` when the plan was made for a folder that did not exist
 * (so the swap holds every file) and it still does not. Throws (after rolling back) if any step fails.
 */
export function applySwap(root: string, swap: Swap, plannedForNoFolder = false): void {
  if (plannedForNoFolder && !exists(root)) return createFolder(root, swap);
  const staging = stagingFolder(root);
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging, { recursive: true });
    writeFiles(path.join(staging, 'new'), swap);
    writeFileSync(path.join(staging, MANIFEST), swap.manifest);
    writeFileSync(path.join(staging, `${JOURNAL}.partial`), JSON.stringify(swap.journal));
    renameSync(path.join(staging, `${JOURNAL}.partial`), path.join(staging, JOURNAL));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    mkdirSync(root, { recursive: true });
    for (const file of swap.journal.remove) moveInto(path.join(root, file), path.join(staging, 'old', file));
    for (const file of swap.journal.remove) pruneEmptyFolders(root, file);
    // no folder is removed from here on
    const makeOld = folderMaker();
    const makeOut = folderMaker();
    for (const { path: file, existed } of swap.journal.replace) {
      if (existed) moveInto(path.join(root, file), path.join(staging, 'old', file), makeOld);
      moveInto(path.join(staging, 'new', file), path.join(root, file), makeOut);
    }
    renameSync(path.join(staging, MANIFEST), path.join(root, MANIFEST));
  } catch (error) {
    rollBack(root, staging, swap.journal);
    throw error;
  }
  rmSync(staging, { recursive: true, force: true });
}

/** Undoes an uncommitted swap; safe to run again if it is itself interrupted. */
function rollBack(root: string, staging: string, journal: Journal): void {
  for (const { path: file, existed } of journal.replace) {
    const backup = path.join(staging, 'old', file);
    if (existed) {
      if (exists(backup)) moveInto(backup, path.join(root, file));
    } else {
      if (!exists(path.join(staging, 'new', file)) && exists(path.join(root, file))) unlinkSync(path.join(root, file)); // infragen created it in this swap
      // Also when the file is still staged: the swap may have made its folder before it died, where
      // a removed file of the previous output goes back.
      pruneEmptyFolders(root, file);
    }
  }
  for (const file of journal.remove) {
    const backup = path.join(staging, 'old', file);
    if (exists(backup)) moveInto(backup, path.join(root, file));
  }
  rmSync(path.join(staging, JOURNAL), { force: true });
  rmSync(staging, { recursive: true, force: true });
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false; // a leftover of an earlier process that had our pid
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finishes what killed builds left beside `root`: an uncommitted swap is rolled back, a committed
 * one cleaned up, a staging folder without a journal removed. Folders of running builds are left
 * alone. Returns notes for the user (an earlier version's leftovers it will not delete).
 */
export function recoverInterruptedWrites(root: string): string[] {
  const parent = path.dirname(root);
  const prefix = `${path.basename(root)}${STAGING_MARK}`;
  const notes: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return notes;
  }
  for (const name of names.sort()) {
    const match = name.startsWith(prefix) ? /^(\d+)(-old)?$/.exec(name.slice(prefix.length)) : null;
    if (!match || isRunning(Number(match[1]))) continue;
    const staging = path.join(parent, name);
    if (match[2]) {
      notes.push(...recoverRetiredFolder(root, staging));
      continue;
    }
    const journalFile = path.join(staging, JOURNAL);
    if (!existsSync(journalFile)) {
      rmSync(staging, { recursive: true, force: true }); // killed while staging: out/ was not touched
      continue;
    }
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
    if (exists(path.join(staging, MANIFEST))) rollBack(root, staging, journal);
    else {
      for (const file of journal.remove) pruneEmptyFolders(root, file);
      rmSync(staging, { recursive: true, force: true }); // committed: `old/` holds only replaced files of infragen's
    }
  }
  return notes;
}

/**
 * `<out>.infragen-tmp-<pid>-old` is what infragen before manifest format 2 left when killed: the
 * whole previous folder, user files included. Restore it if `out/` is gone; otherwise keep it.
 */
function recoverRetiredFolder(root: string, retired: string): string[] {
  if (!exists(root)) {
    renameSync(retired, root);
    return [];
  }
  return [`left ${retired} alone: an interrupted build of an earlier infragen version moved the previous output (and any files of yours in it) there; delete it once you have checked it`];
}
