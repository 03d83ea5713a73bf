/** Compiles systems with the Kubernetes target only: examples from disk, inline systems in memory. */
import { parseAllDocuments } from 'yaml';
import { memoryHost } from '../../../compiler/load/host.ts';
import { compile, type CompileResult } from '../../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../../targets/index.ts';

export const kubernetesOnly = BUILTIN_TARGETS.filter((entry) => entry.id === 'kubernetes');

export function compileExample(example: string): Promise<CompileResult> {
  return compile(`examples/${example}/system.yaml`, { targets: kubernetesOnly });
}

export function compileInline(systemYaml: string): Promise<CompileResult> {
  return compile('/inline/system.yaml', { targets: kubernetesOnly, host: memoryHost({ '/inline/system.yaml': systemYaml }) });
}

/** Path (without the `kubernetes/` prefix) → contents. */
export function fileTree(result: CompileResult): Map<string, string> {
  return new Map(result.files.map((file) => [file.path.replace(/^kubernetes\//, ''), file.contents]));
}

export interface KubeDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

export function documents(contents: string): KubeDoc[] {
  return parseAllDocuments(contents).map((document) => document.toJS() as KubeDoc);
}

export function errorsOf(result: CompileResult): string[] {
  return result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`);
}
