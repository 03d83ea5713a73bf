/** mulberry32: a tiny, good-enough 32-bit PRNG; the same seed gives the same sequence everywhere, so a failure reproduces. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What `randomData` makes. */
export interface DataShape {
  /** Map keys, picked at random; each is defined as an own property, so `__proto__` is a key too. */
  keys: readonly string[];
  /** Strings for the leaves. */
  strings: readonly string[];
  /** The share of leaves that are undefined (0 unless given). */
  undefinedLeaves?: number;
  /** The share of maps made without a prototype (0 unless given). */
  nullPrototypes?: number;
}

/** Values nest this deep at most: below it, every value is a leaf. */
const DATA_DEPTH = 4;

/**
 * Random JSON-like data, the same for the same `random` sequence: maps of up to four members,
 * lists of up to three items, and leaves (a string, a whole or a fractional number, a boolean,
 * null, undefined when `shape` asks for it).
 */
export function randomData(random: () => number, shape: DataShape, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const roll = random();
  if (depth >= DATA_DEPTH || roll < 0.45) {
    if (random() < (shape.undefinedLeaves ?? 0)) return undefined;
    return [
      () => pick(shape.strings),
      () => Math.floor(random() * 100_000) - 500,
      () => random() < 0.5,
      () => null,
      () => Math.round(random() * 1000) / 8,
    ][Math.floor(random() * 5)]!();
  }
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomData(random, shape, depth + 1));
  const map: Record<string, unknown> = random() < (shape.nullPrototypes ?? 0) ? Object.create(null) : {};
  for (let count = Math.floor(random() * 5); count > 0; count--) {
    Object.defineProperty(map, pick(shape.keys), { value: randomData(random, shape, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return map;
}
