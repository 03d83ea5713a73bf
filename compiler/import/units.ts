/** Compose's value formats (durations, byte sizes, CPUs, shell-form commands) in system.yaml's terms. */

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Compose (Go) duration such as `1m30s` or `500ms`, in seconds; undefined when it is not one. */
export function durationSecondsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value / 1e9;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const match of value.trim().matchAll(pattern)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    consumed += match[0].length;
  }
  return consumed === value.trim().length ? total : undefined;
}

/** Seconds as a system.yaml duration: whole seconds (at least 1), in the largest unit that divides them. */
export function durationText(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole % 86400 === 0) return `${whole / 86400}d`;
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

/** A Compose byte size (`512m`, `1g`, `1.5GB`, a number of bytes) as a Kubernetes quantity (`512Mi`); undefined when it is not one. */
export function sizeOf(value: unknown): string | undefined {
  const match = typeof value === 'number' ? [String(value), String(value), 'b'] : typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value) : null;
  if (!match) return undefined;
  const factor = BYTE_UNITS[(match[2] || 'b').toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Number(match[1]) * factor;
  for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes >= size && Number.isInteger(bytes / size)) return `${bytes / size}${unit}`;
  }
  return `${Math.max(1, Math.ceil(bytes / 1024 ** 2))}Mi`;
}

/** Compose `cpus` (`0.5`, `"2"`) as system.yaml CPU: millicores below one core. */
export function cpuOf(value: unknown): string | undefined {
  const cores = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
  if (cores === undefined || cores <= 0) return undefined;
  return Number.isInteger(cores) ? String(cores) : `${Math.max(1, Math.round(cores * 1000))}m`;
}

/** A shell-form command split into words as Compose splits it (quotes and backslashes, no expansion). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && /["\\$`]/.test(text[index + 1] ?? '')) current += text[++index];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < text.length) {
      current += text[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** A command as Compose accepts it (a list, or a string in shell form) as a list of words. */
export function commandWords(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return shellWords(value);
  return undefined;
}
