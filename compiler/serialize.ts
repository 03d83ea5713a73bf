/**
 * Deterministic serializers for emitted files: the same value always gives the same bytes
 * (LF line endings, a trailing newline, no timestamps). Built-in targets and plugins use these.
 */
import { stringify } from 'yaml';
import { isPlainObject } from './data.ts';

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

const YAML_OPTIONS = {
  lineWidth: 0,
  aliasDuplicateObjects: false,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  version: '1.1',
} as const;

/**
 * Strings that are plain YAML under both 1.1 and 1.2 resolution: they start with a letter or `_`,
 * hold only characters that are never indicators, and are not words YAML 1.1 reads as booleans
 * or null. Everything else is quoted by the yaml library itself, so both paths agree byte for byte.
 */
const SIMPLE_PLAIN = /^[A-Za-z_][A-Za-z0-9_./@+=-]*(?: [A-Za-z0-9_./@+=()-]+)*$/;
const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

const scalarCache = new Map<string, string>();

/** One string as a YAML scalar on a single line (multi-line strings are handled by the caller). */
function yamlString(text: string): string {
  if (SIMPLE_PLAIN.test(text) && !YAML11_WORDS.test(text)) return text;
  let cached = scalarCache.get(text);
  if (cached === undefined) {
    cached = stringify(text, YAML_OPTIONS).replace(/\n$/, '');
    if (scalarCache.size > 10_000) scalarCache.clear();
    scalarCache.set(text, cached);
  }
  return cached;
}

/** A map key: as a string scalar, but a multi-line key is double-quoted (no block literal). */
function yamlKey(key: string): string {
  return key.includes('\n') ? doubleQuoted(key) : yamlString(key);
}

/**
 * A block literal (`|` or `|-`) for regular multi-line text, else undefined. Text with leading
 * whitespace, several trailing newlines, trailing spaces or control characters is double-quoted
 * instead: always valid, where a literal would need indicators.
 */
function blockLiteral(text: string, indent: string): string | undefined {
  if (/^\s/.test(text) || /\n\n$/.test(text) || /[\u0000-\u0008\u000b-\u001f\u007f]|[ \t]\n|[ \t]$/.test(text)) return undefined;
  const clip = text.endsWith('\n');
  const lines = (clip ? text.slice(0, -1) : text).split('\n').map((line) => (line ? `${indent}${line}` : ''));
  return `|${clip ? '' : '-'}\n${lines.join('\n')}`;
}

const doubleQuoted = (text: string) => stringify(text, { ...YAML_OPTIONS, defaultStringType: 'QUOTE_DOUBLE' }).replace(/\n$/, '');

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : yamlString(String(value));
  const text = String(value);
  if (text.includes('\n')) return blockLiteral(text, indent) ?? doubleQuoted(text);
  return yamlString(text);
}

/** Appends `value` (a map's member or a list item) in block style at `indent`. */
function emitNode(value: unknown, indent: string, out: string[], prefix: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${prefix}[]`);
      return;
    }
    if (prefix) out.push(prefix.trimEnd());
    for (const item of value) emitItem(item, indent, out);
    return;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, member]) => member !== undefined);
    if (entries.length === 0) {
      out.push(`${prefix}{}`);
      return;
    }
    if (prefix) out.push(prefix.trimEnd());
    for (const [key, member] of entries) emitMember(key, member, indent, out);
    return;
  }
  out.push(`${prefix}${scalar(value, indent)}`);
}

function emitMember(key: string, value: unknown, indent: string, out: string[]): void {
  const head = `${indent}${yamlKey(key)}:`;
  if ((Array.isArray(value) && value.length > 0) || (isPlainObject(value) && Object.keys(value).length > 0)) {
    out.push(head);
    if (Array.isArray(value)) for (const item of value) emitItem(item, `${indent}  `, out);
    else for (const [child, member] of Object.entries(value)) if (member !== undefined) emitMember(child, member, `${indent}  `, out);
    return;
  }
  emitNode(value, `${indent}  `, out, `${head} `);
}

/** A list item: `- scalar`, or a map/list whose first line shares the dash. */
function emitItem(item: unknown, indent: string, out: string[]): void {
  const nested: string[] = [];
  if (isPlainObject(item) && Object.keys(item).length > 0) {
    for (const [key, member] of Object.entries(item)) if (member !== undefined) emitMember(key, member, `${indent}  `, nested);
  } else if (Array.isArray(item) && item.length > 0) {
    for (const inner of item) emitItem(inner, `${indent}  `, nested);
  } else {
    out.push(`${indent}- ${Array.isArray(item) ? '[]' : isPlainObject(item) ? '{}' : scalar(item, `${indent}  `)}`);
    return;
  }
  out.push(`${indent}- ${nested[0]!.slice(indent.length + 2)}`, ...nested.slice(1));
}

/**
 * YAML in block style with no line folding and no aliases, for JSON-like data. Strings that
 * YAML 1.1 readers (kubectl, PyYAML) would take for booleans — `yes`, `no`, `on`, `off`, `y`, `n`
 * — are quoted. Written directly rather than through a YAML document tree: this runs for every
 * emitted file and is several times faster, with the same bytes.
 */
export function toStableYaml(value: unknown, options: SerializeOptions = {}): string {
  const ordered = options.sortKeys === false ? value : sortKeysDeep(value);
  const out: string[] = [];
  emitNode(ordered, '', out, '');
  return `${out.join('\n')}\n`;
}

/** Several YAML documents in one file, separated by `---`. */
export function toStableYamlDocuments(values: unknown[], options: SerializeOptions = {}): string {
  return values.map((value) => toStableYaml(value, options)).join('---\n');
}
