/**
 * Stage 5, the only code that writes. infragen owns exactly the files its last manifest lists:
 * a build writes new and changed files, removes the files that manifest listed and the new build
 * no longer writes, and leaves everything else in the folder (secret files, Terraform state, a
 * user's notes) alone. The swap is crash-safe (./journal.ts); unchanged files are not touched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as catalogue from '../diagnostics/catalogue.ts';
import { applySwap, recoverInterruptedWrites } from './journal.ts';
import { MANIFEST } from './manifest.ts';
import { entryKind, KIND_NAMES, listEntries, OutputFolderError, ownedFiles, resolveOutputFolder, shownPath, type OutputFolder } from './output-folder.ts';

export { MANIFEST, planOutput, type Manifest, type ManifestEntry, type ManifestObject, type ManifestSource } from './manifest.ts';
export { OutputFolderError } from './output-folder.ts';
export { recoverInterruptedWrites } from './journal.ts';

export interface OutputDifference {
  /** Planned files not in the folder. */
  added: string[];
  /** Planned files whose contents differ. */
  changed: string[];
  /** Files the previous manifest lists that the new build no longer writes (a build removes them). */
  removed: string[];
}

export const isUnchanged = (difference: OutputDifference) =>
  difference.added.length + difference.changed.length + difference.removed.length === 0;

interface OutputPlan {
  difference: OutputDifference;
  /** Files to write; `existed`: an earlier file of infragen's is replaced. */
  replace: { path: string; existed: boolean }[];
  remove: string[];
}

const sorted = (files: Iterable<string>) => [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function memoize(test: (key: string) => boolean): (key: string) => boolean {
  const known = new Map<string, boolean>();
  return (key) => known.get(key) ?? (known.set(key, test(key)), known.get(key)!);
}

/** The folders above `file`, nearest last: `a/b/c` → `a`, `a/b`. */
const ancestors = (file: string) => file.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'));

/**
 * Compares the planned tree with the folder, refusing anything the writer must not touch or
 * cannot read safely (a FIFO is refused by its kind, never opened).
 */
function planChanges(folder: OutputFolder, tree: Map<string, string>): OutputPlan {
  const owned = ownedFiles(folder);
  // A stale file is removed only where infragen left it: a regular file below real folders (a
  // symlink the user put on its way may lead out of the output folder).
  const realFolder = memoize((folderPath: string) => entryKind(folder.root, folderPath) === 'folder');
  const stale = sorted([...owned.keys()].filter((file) => !tree.has(file) && ancestors(file).every(realFolder) && entryKind(folder.root, file) === 'file'));
  const staleSet = new Set(stale);
  const plan: OutputPlan = { difference: { added: [], changed: [], removed: stale }, replace: [], remove: stale };
  if (!folder.exists) {
    plan.difference.added = sorted(tree.keys());
    plan.replace = plan.difference.added.filter((file) => file !== MANIFEST).map((file) => ({ path: file, existed: false }));
    return plan;
  }
  const checkedFolders = new Set<string>();
  for (const file of sorted(tree.keys())) {
    for (const folderPath of ancestors(file)) {
      if (checkedFolders.has(folderPath)) continue;
      checkedFolders.add(folderPath);
      const kind = entryKind(folder.root, folderPath);
      if (kind !== 'missing' && kind !== 'folder' && !staleSet.has(folderPath)) {
        throw new OutputFolderError(catalogue.outputSpecialFile(shownPath(folder, folderPath), `${KIND_NAMES[kind]} where infragen needs a folder (for "${file}")`));
      }
    }
    const kind = entryKind(folder.root, file);
    if (kind === 'missing' || (kind === 'folder' && onlyStaleInside(folder, file, staleSet))) {
      plan.difference.added.push(file);
      if (file !== MANIFEST) plan.replace.push({ path: file, existed: false });
      continue;
    }
    if (kind !== 'file') throw new OutputFolderError(catalogue.outputSpecialFile(shownPath(folder, file), `${KIND_NAMES[kind]} where infragen writes a generated file`));
    const contents = tree.get(file)!;
    const current = readFileSync(path.join(folder.root, file));
    if (current.equals(Buffer.from(contents))) continue; // also adopts an identical file it did not write
    if (file !== MANIFEST && !owned.has(file)) throw new OutputFolderError(catalogue.outputUserFile(shownPath(folder, file)));
    plan.difference.changed.push(file);
    if (file !== MANIFEST) plan.replace.push({ path: file, existed: true });
  }
  return plan;
}

/** A folder sits where a file is planned: fine only if it holds nothing but stale files of infragen's (they go first). */
function onlyStaleInside(folder: OutputFolder, file: string, stale: ReadonlySet<string>): boolean {
  const inside = listEntries(folder.root, file);
  if (inside.length > 0 && inside.every((entry) => stale.has(entry))) return true;
  throw new OutputFolderError(catalogue.outputSpecialFile(shownPath(folder, file), `a folder${inside.length ? ' holding files infragen did not write' : ''} where infragen writes a generated file`));
}

/** How the folder differs from the planned tree (what `--check` reports). Reads, never writes. */
export function compareOutput(outDir: string, tree: Map<string, string>): OutputDifference {
  return planChanges(resolveOutputFolder(outDir), tree).difference;
}

export interface WriteResult extends OutputDifference {
  /** Things the user should know (leftovers of an earlier version the writer did not delete). */
  notes: string[];
}

/**
 * Writes `tree` (manifest included) to `outDir`, following a symlinked `outDir` to its folder.
 * First finishes what a killed build left. Throws OutputFolderError for a folder it must not touch.
 */
export function writeOutput(outDir: string, tree: Map<string, string>): WriteResult {
  const notes = recoverInterruptedWrites(resolveOutputFolder(outDir).root);
  const folder = resolveOutputFolder(outDir); // again: recovery may have brought the folder back
  const plan = planChanges(folder, tree);
  if (isUnchanged(plan.difference)) return { ...plan.difference, notes };
  applySwap(folder.root, {
    journal: { replace: plan.replace, remove: plan.remove },
    contents: tree,
    manifest: tree.get(MANIFEST)!,
  }, !folder.exists);
  return { ...plan.difference, notes };
}

/**
 * Files in the folder that are neither planned nor infragen's: the user's. `isDeclared` says which
 * a target declares as the user's (`userPaths`); the others are listed by `--check` as left alone.
 */
export function filesLeftAlone(outDir: string, tree: Map<string, string>, isDeclared: (file: string) => boolean): string[] {
  const folder = resolveOutputFolder(outDir);
  if (!folder.exists || readdirSync(folder.root).length === 0) return [];
  const owned = ownedFiles(folder);
  return listEntries(folder.root).filter((file) => !tree.has(file) && !owned.has(file) && !isDeclared(file));
}

/** Every file under `root`, relative with `/`, sorted (none when `root` does not exist). */
export const listFiles = (root: string): string[] => listEntries(root);
