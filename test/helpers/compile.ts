/** Compiling with one built-in target, from disk or from text held in memory. */
import { memoryHost } from '../../compiler/load/host.ts';
import { compile, type CompileResult } from '../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import { EXAMPLE_CLOUDS } from './example-clouds.ts';

/** Where inline systems live in the in-memory host. */
export const INLINE_ENTRY = '/inline/system.yaml';

export interface TargetBuild {
  result: CompileResult;
  /** Emitted files: path inside the target's folder → contents. */
  files: Record<string, string>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

/** The files one target emitted, keyed by their path inside its folder (`terraform/x` → `x`). */
export function targetFiles(result: CompileResult, targetId: string): Record<string, string> {
  const prefix = `${targetId}/`;
  return Object.fromEntries(result.files.filter((file) => file.path.startsWith(prefix)).map((file) => [file.path.slice(prefix.length), file.contents]));
}

/** Compiles `entry` (with `text` as its contents when given, held in memory) with only `targetId`. */
export async function compileWithTarget(targetId: string, entry: string, text?: string): Promise<TargetBuild> {
  const targets = BUILTIN_TARGETS.filter((target) => target.id === targetId);
  const result = await compile(entry, { targets, clouds: EXAMPLE_CLOUDS, ...(text !== undefined ? { host: memoryHost({ [entry]: text }) } : {}) });
  return {
    result,
    files: targetFiles(result, targetId),
    diagnostics: result.diagnostics.map(({ code, severity, message }) => ({ code, severity, message })),
  };
}
