/** Sizes as Compose reads them (the language's units themselves live in compiler/model/units.ts). */
import { quantityBytes } from '../../compiler/plugin-api.ts';

/**
 * `512Mi` → `512m`, `4Gi` → `4g`: Compose reads `k`/`m`/`g` as powers of 1024, so binary
 * quantities keep their number; decimal ones (`500M`) are written in bytes.
 */
export function composeMemory(quantity: string): string {
  const bytes = Math.ceil(quantityBytes(quantity));
  if (Number.isNaN(bytes)) throw new Error(`not a memory quantity: ${quantity}`);
  for (const [suffix, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return `${bytes}b`;
}
