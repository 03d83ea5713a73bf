/**
 * V8 holds a string one byte a character when every character fits, two bytes otherwise; but a
 * string cut from a two-byte string stays two-byte whatever it holds. A system.yaml with a single
 * character beyond Latin-1 anywhere (an em dash in a comment) is read into a two-byte text, and
 * then every key and value the parser cuts from it is two-byte too, and so is every file made from
 * them: twice the memory for the model and for the output (70–90 MB more peak RSS at 1,000
 * services), and slower hashing, JSON and writing. `JSON.parse` makes each string it reads
 * one-byte when its characters fit, so the data's strings go through it once.
 */

/** A map as `toJS` makes them (it makes no map without a prototype). */
const isPlainMap = (value: object) => Object.getPrototypeOf(value) === Object.prototype;

/**
 * `data` (as `Document#toJS` returns it) with its keys and strings re-read by `JSON.parse`: the
 * same values, held one-byte where they fit. Lists and plain maps are copied (a map or list the
 * data holds twice, through a YAML alias, is copied once and still held twice); anything else
 * (a Date or a Set of a YAML 1.1 tag) is kept as it is. Each distinct string is re-read once, so
 * a string an alias repeats is held once, as before.
 */
export function withOneByteStrings(data: unknown): unknown {
  const distinct = new Set<string>();
  const seen = new Set<object>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') distinct.add(value);
    else if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value);
      if (Array.isArray(value)) for (const item of value) collect(item);
      else if (isPlainMap(value)) {
        for (const key in value) {
          distinct.add(key);
          collect((value as Record<string, unknown>)[key]);
        }
      }
    }
  };
  collect(data);
  const written = [...distinct];
  const reread = JSON.parse(JSON.stringify(written)) as string[];
  const oneByte = new Map<string, string>();
  for (let index = 0; index < written.length; index++) oneByte.set(written[index]!, reread[index]!);
  const copies = new Map<object, unknown>();
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return oneByte.get(value);
    if (typeof value !== 'object' || value === null) return value;
    const made = copies.get(value);
    if (made !== undefined) return made;
    if (Array.isArray(value)) {
      const list: unknown[] = [];
      copies.set(value, list);
      for (const item of value) list.push(copy(item));
      return list;
    }
    if (!isPlainMap(value)) return value;
    const map: Record<string, unknown> = {};
    copies.set(value, map);
    for (const key in value) {
      const name = oneByte.get(key)!;
      const member = copy((value as Record<string, unknown>)[key]);
      // defined, not assigned: an assignment to `__proto__` would set the prototype
      if (name === '__proto__') Object.defineProperty(map, name, { value: member, enumerable: true, writable: true, configurable: true });
      else map[name] = member;
    }
    return map;
  };
  return copy(data);
}
