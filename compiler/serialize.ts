/**
 * Deterministic serializers for emitted files: the same value always gives the same bytes
 * (LF line endings, a trailing newline, no timestamps). Built-in targets and plugins use these.
 */
import { stringify } from 'yaml';

/** Returns a deep copy of `value` with every object's keys sorted; `undefined` members dropped. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = sortKeysDeep(member);
    }
    return sorted as T;
  }
  return value;
}

export interface SerializeOptions {
  /** Sort object keys (default true). Pass false when the value was built in a meaningful order. */
  sortKeys?: boolean;
}

/** JSON with two-space indentation and a trailing newline. */
export function toStableJson(value: unknown, options: SerializeOptions = {}): string {
  const ordered = options.sortKeys === false ? value : sortKeysDeep(value);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * YAML 1.2 with block style, no line folding and no aliases. Strings that YAML 1.1 readers
 * (kubectl, PyYAML) would take for booleans — `yes`, `no`, `on`, `off`, `y`, `n` — are quoted.
 */
export function toStableYaml(value: unknown, options: SerializeOptions = {}): string {
  const ordered = options.sortKeys === false ? value : sortKeysDeep(value);
  return stringify(ordered, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    version: '1.1',
  });
}

/** Several YAML documents in one file, separated by `---`. */
export function toStableYamlDocuments(values: unknown[], options: SerializeOptions = {}): string {
  return values.map((value) => toStableYaml(value, options)).join('---\n');
}
