/** Compiles a system.yaml (a path, or text held in memory) with only the compose target. */
import { compileWithTarget, INLINE_ENTRY } from '../../helpers/compile.ts';
import { parseCompose } from './compose-merge.ts';

export interface ComposeResult {
  files: Record<string, string>;
  /** Parsed YAML files (`!override`/`!reset` kept as `Tagged`). */
  documents: Record<string, any>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

export async function compileCompose(entry: string, text?: string): Promise<ComposeResult> {
  const { files, diagnostics } = await compileWithTarget('compose', entry, text);
  return {
    files,
    documents: Object.fromEntries(Object.entries(files).filter(([file]) => file.endsWith('.yml')).map(([file, contents]) => [file, parseCompose(contents)])),
    diagnostics,
  };
}

export const compileInline = (text: string) => compileCompose(INLINE_ENTRY, text);
