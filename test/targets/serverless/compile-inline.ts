/** Compiles a system.yaml given as text with only the serverless target, parsing each emitted file. */
import { parse } from 'yaml';
import { memoryHost } from '../../../compiler/load/host.ts';
import { compile } from '../../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../../targets/index.ts';

export interface InlineResult {
  files: Record<string, string>;
  documents: Record<string, any>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

export async function compileInline(text: string): Promise<InlineResult> {
  const entry = '/inline/system.yaml';
  const result = await compile(entry, { host: memoryHost({ [entry]: text }), targets: BUILTIN_TARGETS.filter((t) => t.id === 'serverless') });
  const files = Object.fromEntries(result.files.map((file) => [file.path.replace(/^serverless\//, ''), file.contents]));
  return {
    files,
    documents: Object.fromEntries(Object.entries(files).map(([file, contents]) => [file, parse(contents)])),
    diagnostics: result.diagnostics.map(({ code, severity, message }) => ({ code, severity, message })),
  };
}
