/**
 * Compose's merge of `-f base -f override`, for the keys the compose target emits (compose-go
 * override/merge.go): maps merge key by key; `command`, `entrypoint` and `healthcheck.test`
 * are replaced; other lists are unioned (ports, volumes, secrets by their identity, cap_drop,
 * security_opt, tmpfs…); `!override` replaces whatever it tags and `!reset` removes the key.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

export class Tagged {
  constructor(readonly tag: '!override' | '!reset', readonly value: unknown) {}
}

/** Parses a compose file keeping `!override` / `!reset` as `Tagged` values. */
export function parseCompose(text: string): any {
  const document = parseDocument(text, { version: '1.2' });
  if (document.errors.length) throw new Error(document.errors.map((e) => e.message).join('\n'));
  const convert = (node: unknown): unknown => {
    let value: unknown;
    if (isMap(node)) value = Object.fromEntries(node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), convert(pair.value)]));
    else if (isSeq(node)) value = node.items.map(convert);
    else if (isScalar(node)) value = node.value;
    else value = node;
    const tag = (node as { tag?: string } | null)?.tag;
    return tag === '!override' || tag === '!reset' ? new Tagged(tag, value) : value;
  };
  return convert(document.contents);
}

const REPLACED = new Set(['command', 'entrypoint', 'test']);
/** Lists merged by an identity rather than by equal entries. */
const IDENTITY: Record<string, (entry: any) => string> = {
  volumes: (entry) => (typeof entry === 'string' ? entry.split(':')[1] ?? entry : entry.target),
  secrets: (entry) => (typeof entry === 'string' ? entry : entry.target ?? entry.source),
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Tagged);

function strip(value: unknown): unknown {
  if (value instanceof Tagged) return strip(value.value);
  if (Array.isArray(value)) return value.map(strip);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
  return value;
}

export function mergeCompose(base: unknown, override: unknown, key = ''): unknown {
  if (override instanceof Tagged) return override.tag === '!reset' ? undefined : strip(override.value);
  if (isObject(base) && isObject(override)) {
    const result: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) {
      const merged = mergeCompose(base[k], v, k);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    }
    return result;
  }
  if (Array.isArray(base) && Array.isArray(override) && !REPLACED.has(key)) {
    const identity = IDENTITY[key] ?? ((entry: unknown) => JSON.stringify(entry));
    const byIdentity = new Map(base.map((entry) => [identity(entry), entry]));
    for (const entry of override) byIdentity.set(identity(entry), entry);
    return [...byIdentity.values()];
  }
  return strip(override);
}
