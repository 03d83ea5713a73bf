/**
 * Conversions from the language's units (Kubernetes quantities, seconds) to what Compose and
 * Prometheus read.
 */

const BINARY: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
const DECIMAL: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** `250m` → 0.25, `2` → 2: the `cpus` of `deploy.resources.limits`. */
export function cpus(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/**
 * `512Mi` → `512m`, `4Gi` → `4g`: Compose reads `k`/`m`/`g` as powers of 1024, so binary
 * quantities keep their number; decimal ones (`500M`) are written in bytes.
 */
export function memory(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const unit = match[2]!;
  const factor = BINARY[unit] ?? DECIMAL[unit];
  if (factor === undefined) throw new Error(`unknown memory unit in ${quantity}`);
  const bytes = Math.ceil(Number(match[1]) * factor);
  for (const [suffix, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return `${bytes}b`;
}

/** Seconds as a Go/Prometheus duration in the largest exact unit: 600 → `10m`. */
export function duration(seconds: number): string {
  for (const [suffix, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${suffix}`;
  }
  return `${seconds}s`;
}
