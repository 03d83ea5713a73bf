/** Compiles a system.yaml given as text with only the serverless target, parsing each emitted file. */
import { parse } from 'yaml';
import { compileWithTarget, INLINE_ENTRY } from '../../helpers/compile.ts';

export interface InlineResult {
  files: Record<string, string>;
  documents: Record<string, any>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

export async function compileInline(text: string): Promise<InlineResult> {
  const { files, diagnostics } = await compileWithTarget('serverless', INLINE_ENTRY, text);
  return { files, documents: Object.fromEntries(Object.entries(files).map(([file, contents]) => [file, parse(contents)])), diagnostics };
}
