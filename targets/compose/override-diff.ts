/**
 * The override file of an environment: what its compose project changes in the base project,
 * written so that Compose's merge (`-f docker-compose.yml -f <override>`) gives exactly the
 * environment's project. Maps merge key by key, so only changed keys are written. Compose appends
 * or unions some lists (ports, volumes, secrets, cap_drop…) instead of replacing them, so every
 * changed list is written whole and tagged `!override`; a key the environment drops is `!reset`.
 */
import { Scalar, YAMLSeq, stringify } from 'yaml';
import { sortKeysDeep, isPlainObject } from '../../compiler/plugin-api.ts';

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeysDeep(a)) === JSON.stringify(sortKeysDeep(b));
}

function tagged(tag: '!override' | '!reset', value: unknown[] | null): YAMLSeq | Scalar {
  if (value === null) {
    const scalar = new Scalar(null);
    scalar.tag = tag;
    return scalar;
  }
  const seq = new YAMLSeq();
  seq.tag = tag;
  seq.items = sortKeysDeep(value);
  return seq;
}

/** The override taking `base` to `target`; undefined when they are equal. */
export function overrideOf(base: unknown, target: unknown): unknown {
  if (equal(base, target)) return undefined;
  if (isPlainObject(base) && isPlainObject(target)) {
    const result: Record<string, unknown> = {};
    for (const key of [...new Set([...Object.keys(base), ...Object.keys(target)])].sort()) {
      if (!(key in target)) result[key] = tagged('!reset', null);
      else if (!(key in base)) result[key] = sortKeysDeep(target[key]);
      else {
        const change = overrideOf(base[key], target[key]);
        if (change !== undefined) result[key] = change;
      }
    }
    return result;
  }
  if (Array.isArray(target)) return tagged('!override', target);
  return sortKeysDeep(target);
}

/** YAML like `toStableYaml`, keeping the `!override`/`!reset` nodes (keys are already sorted). */
export function overrideYaml(value: unknown): string {
  return stringify(value, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    version: '1.1',
  });
}
