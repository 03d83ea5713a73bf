/**
 * Structural comparison of two parsed values: the leaf fields that differ, as JSON paths, with
 * short display forms of the old and new values. Lists of objects that all carry a unique `name`
 * (containers, env vars, ports, volumes) are matched by name, so inserting one entry does not
 * report every later entry as changed.
 */
import { isPlainObject, valueAt } from '../data.ts';
import type { FieldChange } from './types.ts';

const MAX_VALUE_CHARS = 80;

/** A one-line display form, truncated in the middle-free way reviewers expect (`…` at the end). */
export function display(value: unknown, max = MAX_VALUE_CHARS): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  const single = text.replace(/\s+/g, ' ');
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

/**
 * Display forms of two differing values. When both are too long to show whole, both are cut to a
 * window around the first character where they differ, so the difference is what the reader sees.
 */
function displayPair(a: unknown, b: unknown, max = MAX_VALUE_CHARS): { old: string; new: string } {
  const left = display(a, Number.MAX_SAFE_INTEGER);
  const right = display(b, Number.MAX_SAFE_INTEGER);
  if (left.length <= max && right.length <= max) return { old: left, new: right };
  let at = 0;
  while (at < left.length && at < right.length && left[at] === right[at]) at++;
  const start = Math.max(0, at - Math.floor(max / 3));
  const cut = (text: string) => {
    const window = text.slice(start, start + max - (start > 0 ? 2 : 1));
    return `${start > 0 ? '…' : ''}${window}${start + window.length < text.length ? '…' : ''}`;
  };
  return { old: cut(left), new: cut(right) };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const joinPath = (parent: string, key: string) =>
  IDENT.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;

/** The key a list is matched by, when every entry is an object with a unique string under it. */
function listKey(a: unknown[], b: unknown[]): string | undefined {
  const all = [...a, ...b];
  if (all.length === 0) return undefined;
  for (const key of ['name', 'containerPort', 'mountPath', 'port', 'sid', 'Sid']) {
    if (!all.every((item) => isPlainObject(item) && (typeof item[key] === 'string' || typeof item[key] === 'number'))) continue;
    const unique = (list: unknown[]) => new Set(list.map((item) => String((item as Record<string, unknown>)[key]))).size === list.length;
    if (unique(a) && unique(b)) return key;
  }
  return undefined;
}

function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equalValues(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && equalValues(a[key], b[key]));
  }
  return false;
}

/** Every leaf that differs, in a stable order (sorted paths). `ignore` drops keys by name (e.g. `//`). */
export function diffFields(before: unknown, after: unknown, ignore: ReadonlySet<string> = new Set()): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (equalValues(a, b)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (ignore.has(key)) continue;
        walk(a[key], b[key], joinPath(at, key));
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const key = listKey(a, b);
      if (key) {
        const index = (list: unknown[]) => new Map(list.map((item) => [String((item as Record<string, unknown>)[key]), item]));
        const left = index(a);
        const right = index(b);
        for (const name of [...new Set([...left.keys(), ...right.keys()])].sort()) {
          walk(left.get(name), right.get(name), `${at}[${key}=${name}]`);
        }
        return;
      }
      if (a.every((item) => !isPlainObject(item) && !Array.isArray(item)) && b.every((item) => !isPlainObject(item) && !Array.isArray(item))) {
        // A list of scalars is one field: show it whole.
        out.push({ path: at || '.', ...displayPair(a, b) });
        return;
      }
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`);
      return;
    }
    if (a !== undefined && b !== undefined) {
      out.push({ path: at || '.', ...displayPair(a, b) });
      return;
    }
    const change: FieldChange = { path: at || '.' };
    if (a !== undefined) change.old = display(a);
    if (b !== undefined) change.new = display(b);
    out.push(change);
  };
  walk(before, after, '');
  return out;
}

/** Reads a value by a dotted path of plain keys (`spec.selector`); lists are not indexed. */
export const pick = (value: unknown, dotted: string): unknown => valueAt(value, dotted.split('.'));
