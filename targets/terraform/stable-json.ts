/**
 * A stack's JSON text, byte for byte what `toStableJson` writes (keys sorted, undefined members
 * dropped, two-space indentation, a trailing newline), without copying or even visiting what is
 * sorted already. `toStableJson` copies the whole document to sort it (17.7 MB at 1,000 services);
 * but `resolveElement` returns each element's JSON with its maps' keys sorted, so only the objects
 * the elements were merged into need sorting, and what an override or a patch wrote (which
 * `sortedKeys` checks in full before).
 */
import { sortKeysDeep } from '../../compiler/plugin-api.ts';

/**
 * `document` as JSON text. `merged`: the objects elements were merged into, `document` among them;
 * every other object in it must have its keys sorted and no undefined member, as `resolveElement`
 * and `sortedKeys` return them.
 */
export function stackJson(document: Record<string, unknown>, merged: ReadonlySet<object>): string {
  return `${JSON.stringify(writtenForm(document, merged), null, 2)}\n`;
}

function writtenForm(value: unknown, merged: ReadonlySet<object>): unknown {
  if (value === null || typeof value !== 'object' || !merged.has(value)) return value;
  // a list an element's map was merged into (cdktf's deepMerge allows that too) is checked in full
  if (Array.isArray(value)) return sortedKeys(value);
  const map = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(map).sort()) {
    const member = map[key];
    if (member !== undefined) copy[key] = writtenForm(member, merged);
  }
  return copy;
}

/**
 * `sortKeysDeep(value)`, except that an array or plain object whose members need no change is
 * returned itself: an object whose keys are in sorted order, none undefined, whose members all
 * come back unchanged. JSON text does not tell the two apart. Other objects are copied by
 * `sortKeysDeep` itself.
 */
export function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return sortedItems(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return sortKeysDeep(value);
  const map = value as Record<string, unknown>;
  const checked = checkMembers(map);
  if (checked === undefined) return value;
  // what the check already did is not done again: at every level that would double the work below
  const { verified, changed } = checked;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(map).sort()) {
    const member = map[key];
    if (member === undefined) continue;
    copy[key] = verified.has(key) ? member : key === changed?.key ? changed.sorted : sortedKeys(member);
  }
  return copy;
}

/**
 * Undefined when `map` is written as it is: its keys in sorted order, none undefined or
 * `__proto__` (the copy's assignment would set the prototype instead, as sortKeysDeep's does),
 * its members too. Otherwise what the check learned before it stopped: the keys whose members
 * come back unchanged, and the first member that does not, with its sorted form. `for…in` walks
 * the keys without the array `Object.keys` makes (a plain object inherits none).
 */
function checkMembers(map: Record<string, unknown>): { verified: Set<string>; changed?: { key: string; sorted: unknown } } | undefined {
  let previous: string | undefined;
  let count = 0;
  const stopped = (changed?: { key: string; sorted: unknown }) => ({ verified: new Set(Object.keys(map).slice(0, count)), ...(changed ? { changed } : {}) });
  for (const key in map) {
    const member = map[key];
    if (member === undefined || key === '__proto__' || (previous !== undefined && previous > key)) return stopped();
    if (member !== null && typeof member === 'object') {
      const sorted = sortedKeys(member);
      if (sorted !== member) return stopped({ key, sorted });
    }
    previous = key;
    count++;
  }
  return undefined;
}

function sortedItems(list: unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    const sorted = sortedKeys(item);
    if (sorted !== item && !copy) copy = list.slice(0, index);
    copy?.push(sorted);
  }
  return copy ?? list;
}
