/** Compiles a system.yaml given as text with only the terraform target, parsing each emitted stack. */
import { memoryHost } from '../../../compiler/load/host.ts';
import { compile } from '../../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../../targets/index.ts';

export interface InlineResult {
  /** Path under terraform/ → parsed Terraform JSON. */
  stacks: Record<string, any>;
  diagnostics: Array<{ code: string; severity: string; message: string }>;
}

export const terraformTargets = BUILTIN_TARGETS.filter((target) => target.id === 'terraform');

export async function compileInline(text: string): Promise<InlineResult> {
  const entry = '/inline/system.yaml';
  const result = await compile(entry, { host: memoryHost({ [entry]: text }), targets: terraformTargets });
  return {
    stacks: Object.fromEntries(result.files.map((file) => [file.path.replace(/^terraform\//, ''), JSON.parse(file.contents)])),
    diagnostics: result.diagnostics.map(({ code, severity, message }) => ({ code, severity, message })),
  };
}
