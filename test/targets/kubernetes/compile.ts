/** Compiles systems with the Kubernetes target only: examples from disk, inline systems in memory. */
import { parseAllDocuments } from 'yaml';
import type { CompileResult } from '../../../compiler/pipeline.ts';
import { compileWithTarget, INLINE_ENTRY, targetFiles } from '../../helpers/compile.ts';

export async function compileExample(example: string): Promise<CompileResult> {
  return (await compileWithTarget('kubernetes', `examples/${example}/system.yaml`)).result;
}

export async function compileInline(systemYaml: string): Promise<CompileResult> {
  return (await compileWithTarget('kubernetes', INLINE_ENTRY, systemYaml)).result;
}

/** Path (without the `kubernetes/` prefix) → contents. */
export function fileTree(result: CompileResult): Map<string, string> {
  return new Map(Object.entries(targetFiles(result, 'kubernetes')));
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

/**
 * The documents of an inline system by file, compiled once on first use (for a whole test file);
 * the compile must report no error.
 */
export function compiledOnce(systemYaml: string, expectNoErrors: (errors: string[]) => void): () => Promise<Map<string, KubeDoc[]>> {
  let build: Promise<Map<string, KubeDoc[]>> | undefined;
  return () => (build ??= compileInline(systemYaml).then((result) => {
    expectNoErrors(errorsOf(result));
    return new Map([...fileTree(result)].map(([file, contents]) => [file, documents(contents)]));
  }));
}
