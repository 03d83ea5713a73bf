/** Compiles a system.yaml (a path, or text held in memory) with only the compose target. */
import { memoryHost } from '../../../compiler/load/host.ts';
import { compile } from '../../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../../targets/index.ts';
import { parseCompose } from './compose-merge.ts';

export interface ComposeResult {
  files: Record<string, string>;
  /** Parsed YAML files (`!override`/`!reset` kept as `Tagged`). */
  documents: Record<string, any>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

const targets = BUILTIN_TARGETS.filter((t) => t.id === 'compose');

export async function compileCompose(entry: string, text?: string): Promise<ComposeResult> {
  const result = await compile(entry, { targets, ...(text !== undefined ? { host: memoryHost({ [entry]: text }) } : {}) });
  const files = Object.fromEntries(result.files.map((file) => [file.path.replace(/^compose\//, ''), file.contents]));
  return {
    files,
    documents: Object.fromEntries(Object.entries(files).filter(([file]) => file.endsWith('.yml')).map(([file, contents]) => [file, parseCompose(contents)])),
    diagnostics: result.diagnostics.map(({ code, severity, message }) => ({ code, severity, message })),
  };
}

export const compileInline = (text: string) => compileCompose('/inline/system.yaml', text);
