/** Walking plain data (what YAML parses to): maps, lists and scalars. */
import type { DataPath } from './load/source.ts';

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value at `path`, or undefined when the path does not exist. */
export function valueAt(data: unknown, path: DataPath): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/**
 * RFC 7386 JSON merge patch (the `overrides.<target>` escape hatch): maps merge member by member,
 * `null` deletes, anything else replaces. Returns a new value; neither argument is changed (what
 * is not patched is shared, not copied).
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
