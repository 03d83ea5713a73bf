/**
 * cdktf keeps every token it encodes — each `.arn` or `.id` read, each reference between
 * resources — in one process-wide map (`globalThis.__cdktfTokenMap`) for the life of the process,
 * and each token holds the construct it refers to. Dropping a stack from the construct tree
 * therefore freed nothing: at 1,000 services the stacks' constructs stayed alive to the end of
 * the build (≈ 140 MB of live heap after this target). Stacks never reference each other, and a
 * stack's tokens are resolved only while that stack is synthesized, so the tokens registered
 * while one stack is built and synthesized are released once it is written. Tokens registered
 * before (at import time) stay. cdktf has no public way to do this; if the map's shape changes,
 * `releasedTokens` reports it and the target's test fails instead of the memory growing quietly.
 */
interface TokenMap {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
}

const tokenMap = () => (globalThis as { __cdktfTokenMap?: TokenMap }).__cdktfTokenMap;

/** Deletes the entries after the first `keep` ones (a Map iterates in insertion order). */
function deleteAfter<K>(map: Map<K, unknown>, keep: number): number {
  let index = 0;
  let deleted = 0;
  for (const key of map.keys()) {
    if (index++ < keep) continue;
    map.delete(key);
    deleted++;
  }
  return deleted;
}

/** Runs `build`, then releases the tokens it registered; `released` counts them (for the test). */
export function releasingTokens<T>(build: () => T, released?: (count: number) => void): T {
  const before = tokenMap();
  const strings = before?.stringTokenMap.size ?? 0;
  const numbers = before?.numberTokenMap.size ?? 0;
  const result = build();
  const after = tokenMap();
  const shaped = after?.stringTokenMap instanceof Map && after.numberTokenMap instanceof Map;
  // -1: the map is not where or what it was (a cdktf upgrade); nothing is released
  const count = shaped ? deleteAfter(after.stringTokenMap, strings) + deleteAfter(after.numberTokenMap, numbers) : -1;
  released?.(count);
  return result;
}
