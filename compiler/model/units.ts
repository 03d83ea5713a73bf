/**
 * The language's units — durations (`30s`, `5m`), sizes (Kubernetes quantities) and CPU — read
 * and written the same way by the compiler, every target and plugins (`infragen/plugin`).
 */
import { DURATION_PATTERN, SIZE_PATTERN } from '../../schema/primitives.ts';

const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Seconds in a duration string (`5m` → 300). */
export function durationSeconds(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  return match ? Number(match[1]) * SECONDS[match[2] as keyof typeof SECONDS] : 0;
}

/** Seconds as a duration in the largest exact unit (600 → `10m`), as Prometheus and the language write it. */
export function durationText(seconds: number): string {
  for (const [suffix, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${suffix}`;
  }
  return `${seconds}s`;
}

const BYTES: Record<string, number> = {
  '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15,
};

/** Bytes in a size (`512Mi` → 536870912); not rounded. NaN for a string that is not a size. */
export function quantityBytes(size: string): number {
  const match = SIZE_PATTERN.exec(size);
  return match ? Number(match[1]) * BYTES[match[3] ?? '']! : Number.NaN;
}

/** Cores in a CPU quantity (`250m` → 0.25, `2` → 2). */
export function cpuCores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
}
