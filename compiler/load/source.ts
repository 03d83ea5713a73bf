/** Parsed YAML files and the lookup from a path in the merged data back to a span in a file. */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceSpan } from '../model/span.ts';

export type DataPath = ReadonlyArray<string | number>;

export interface SourceDocument {
  /** Relative to the project root, `/`-separated. */
  file: string;
  text: string;
  document: Document.Parsed;
}

/** Where a node is: the pair holding it (when it is a map value) and the node itself. */
interface Located {
  pair?: Pair;
  node?: Node;
}

/** Map keys indexed once per map: span lookups stay linear in the size of large systems. */
const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairByKey(map: YAMLMap, key: string): Pair | undefined {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item as Pair);
    keyIndexes.set(map, index);
  }
  return index.get(key);
}

function walk(document: Document.Parsed, path: DataPath): Located | undefined {
  let current: Node | null | undefined = document.contents;
  let pair: Pair | undefined;
  for (const segment of path) {
    if (isMap(current)) {
      const found = pairByKey(current, String(segment));
      if (!found) return undefined;
      pair = found;
      current = found.value as Node | null;
    } else if (isSeq(current) && typeof segment === 'number') {
      pair = undefined;
      current = current.items[segment] as Node | undefined;
      if (current === undefined) return undefined;
    } else {
      return undefined;
    }
  }
  return { ...(pair ? { pair } : {}), ...(current ? { node: current } : {}) };
}

/** Offsets where each line starts, from the text itself: the parser's LineCounter misses lines in broken input. */
const lineStartsOf = new WeakMap<SourceDocument, number[]>();
function position(source: SourceDocument, offset: number): { line: number; column: number; offset: number } {
  let starts = lineStartsOf.get(source);
  if (!starts) {
    starts = [0];
    for (let index = source.text.indexOf('\n'); index >= 0; index = source.text.indexOf('\n', index + 1)) starts.push(index + 1);
    lineStartsOf.set(source, starts);
  }
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1, offset };
}

export function spanOfRange(source: SourceDocument, start: number, end: number): SourceSpan {
  // The parser reports some errors (an unclosed bracket or quote) one past the end of the text.
  const from = Math.min(Math.max(0, start), source.text.length);
  const to = Math.min(Math.max(from, end), source.text.length);
  return { file: source.file, start: position(source, from), end: position(source, to) };
}

/**
 * Finds the span of `path` in one document. `part: 'key'` points at the map key (unknown keys,
 * entity names); `'value'` at the value, falling back to the key when the value is empty. When the
 * path does not exist, the nearest existing ancestor's key is used.
 */
export function spanInDocument(source: SourceDocument, path: DataPath, part: 'key' | 'value' = 'value'): SourceSpan | undefined {
  for (let length = path.length; length >= 0; length--) {
    const located = walk(source.document, path.slice(0, length));
    if (!located) continue;
    const exact = length === path.length;
    const keyNode = located.pair && isScalar(located.pair.key) ? located.pair.key : undefined;
    const preferKey = part === 'key' || !exact;
    const target = preferKey && keyNode ? keyNode : located.node ?? keyNode;
    const range = target?.range;
    if (range) return spanOfRange(source, range[0], range[1]);
  }
  return undefined;
}
