/** Compiles a system.yaml given as text with only the terraform target, parsing each emitted stack. */
import { compileWithTarget, INLINE_ENTRY } from '../../helpers/compile.ts';

export interface InlineResult {
  /** Path under terraform/ → parsed Terraform JSON. */
  stacks: Record<string, any>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

export async function compileInline(text: string): Promise<InlineResult> {
  const { files, diagnostics } = await compileWithTarget('terraform', INLINE_ENTRY, text);
  return { stacks: Object.fromEntries(Object.entries(files).map(([file, contents]) => [file, JSON.parse(contents)])), diagnostics };
}
