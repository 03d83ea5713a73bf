/** Code plugins: an ES module whose default export is a target (`export default defineTarget({ … })`). */
import { pathToFileURL } from 'node:url';
import type { Target } from '../target.ts';
import { apiVersionMismatch, invalidTargetReason } from './check-target.ts';

export type PluginLoad = { target: Target } | { notFound: string } | { invalid: string } | { incompatible: { target: Target; reason: string } };

export async function loadCodePlugin(file: string): Promise<PluginLoad> {
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { notFound: `importing it failed: ${message.split('\n')[0]}` };
  }
  if (!('default' in module)) return { invalid: 'the module has no default export' };
  const reason = invalidTargetReason(module.default);
  if (reason) return { invalid: reason };
  const target = module.default as Target;
  const mismatch = apiVersionMismatch(target);
  return mismatch ? { incompatible: { target, reason: mismatch } } : { target };
}
