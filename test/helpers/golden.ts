/** Golden files: compare with `_expected/`, or rewrite them when UPDATE=1; and the case folders they live in. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { listFiles } from '../../compiler/write/writer.ts';

export const UPDATE = process.env.UPDATE === '1';

/** The sorted names of the folders in `root` that hold `marker` (a path relative to each folder). */
export function caseFolders(root: string, marker = 'system.yaml'): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, marker)))
    .map((entry) => entry.name)
    .sort();
}

export { listFiles };

/** Every file under `folder` (relative path → contents). */
export function readTree(folder: string): Record<string, string> {
  return Object.fromEntries(listFiles(folder).map((file) => [file, readFileSync(path.join(folder, file), 'utf8')]));
}

/** Compares a whole tree (relative path → contents) with a folder, or rewrites the folder. */
export function expectTree(folder: string, tree: Map<string, string>): void {
  if (UPDATE) {
    rmSync(folder, { recursive: true, force: true });
    for (const [file, contents] of tree) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      writeFileSync(path.join(folder, file), contents);
    }
    return;
  }
  expect(listFiles(folder), `files in ${folder}`).toEqual([...tree.keys()].sort());
  for (const [file, contents] of tree) expect(contents, file).toBe(readFileSync(path.join(folder, file), 'utf8'));
}

/** Compares one text with a golden file, or rewrites it. */
export function expectGolden(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} exists (run with UPDATE=1 to create it)`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
