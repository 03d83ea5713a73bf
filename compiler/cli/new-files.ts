/**
 * Files `init` and `import` create next to the user's own: never written over unless asked, and
 * never left half-written.
 */
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemJsonSchema } from '../../schema/json-schema.ts';
import { installedSchemaPath } from '../import/write-system.ts';
import { toStableJson } from '../serialize.ts';

export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`"${file}" exists already`);
  }
}

/** Writes `text` to `file` whole (a temporary file, then a link or rename); without `replace`, fails if `file` exists. */
export function writeNewFile(file: string, text: string, options: { replace: boolean }): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  try {
    if (options.replace) renameSync(temporary, file);
    else {
      try {
        linkSync(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(file);
        throw error;
      }
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * What a new system.yaml in `folder` puts on its `yaml-language-server` line: the schema of the
 * installed npm package when `node_modules/infragen` is reachable from there, else
 * `system.schema.json` written beside it (by `write`, unless a file of that name exists).
 */
export function editorSchema(folder: string): { reference: string; write?: () => void } {
  const installed = installedSchemaPath(folder);
  if (installed) return { reference: installed };
  const beside = path.join(folder, 'system.schema.json');
  return {
    reference: 'system.schema.json',
    write: () => {
      if (!existsSync(beside)) writeNewFile(beside, toStableJson(systemJsonSchema(), { sortKeys: false }), { replace: false });
    },
  };
}


