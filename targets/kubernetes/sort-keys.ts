/**
 * Sorts distinct keys in place in code unit order, as `Array#sort` without a comparator does.
 * Maps are small, and most arrive nearly sorted: insertion sort allocates nothing, where the
 * built-in sort allocates its work arrays for every map.
 */
export function sortInPlace(keys: string[]): void {
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index]!;
    let at = index - 1;
    for (; at >= 0 && keys[at]! > key; at--) keys[at + 1] = keys[at]!;
    keys[at + 1] = key;
  }
}
