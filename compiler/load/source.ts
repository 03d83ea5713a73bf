/** Parsed YAML files and the lookup from a path in the merged data back to a span in a file. */
import * as yaml from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { SourceSpan } from '../model/span.ts';

// Read once: the bundle wraps yaml's CommonJS build, and each `isMap(…)` called through the
// import went through a getter first (≈ 2 % of a 1,000-service normalize).
const { isMap, isScalar, isSeq } = yaml;

export type DataPath = ReadonlyArray<string | number>;

export interface SourceDocument {
  /** Relative to the project root, `/`-separated. */
  file: string;
  text: string;
  document: Document.Parsed;
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

/**
 * Follows `path` from the document's root as far as it exists. `walkedPairs[i]` / `walkedNodes[i]`
 * are the pair holding (when it is a map value) and the node at the prefix of length `i`; the result is
 * the length of the longest prefix that exists. The arrays are reused: spans are looked up for
 * every field of every entity, and each lookup allocating its own walk showed in the GC time.
 * Lookups come in runs under one entity (its fields, its references), so the walk starts where the
 * previous one in the same document left the path it shares with this one (`walkedPath`).
 */
const walkedPairs: Array<Pair | undefined> = [];
const walkedNodes: Array<Node | undefined> = [];
const walkedPath: Array<string | number> = [];
/**
 * The document of the previous walk and how many of `walkedPath`'s segments exist in it. Held (with
 * its tree, through `walkedNodes`) until a lookup in another document: one document at most.
 */
let walkedDocument: Document.Parsed | undefined;
let walkedDepth = 0;
function walk(document: Document.Parsed, path: DataPath): number {
  let depth = 0;
  if (walkedDocument === document) {
    const shared = Math.min(walkedDepth, path.length);
    while (depth < shared && walkedPath[depth] === path[depth]) depth++;
  } else {
    walkedDocument = document;
    walkedPairs[0] = undefined;
    walkedNodes[0] = document.contents ?? undefined;
  }
  let current: Node | null | undefined = walkedNodes[depth];
  for (; depth < path.length; depth++) {
    const segment = path[depth]!;
    let pair: Pair | undefined;
    if (isMap(current)) {
      pair = pairByKey(current, String(segment));
      if (!pair) break;
      current = pair.value as Node | null;
    } else if (isSeq(current) && typeof segment === 'number') {
      current = current.items[segment] as Node | undefined;
      if (current === undefined) break;
    } else {
      break;
    }
    walkedPath[depth] = segment;
    walkedPairs[depth + 1] = pair;
    walkedNodes[depth + 1] = current ?? undefined;
  }
  walkedDepth = depth;
  return depth;
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
  for (let length = walk(source.document, path); length >= 0; length--) {
    const pair = walkedPairs[length];
    const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
    const preferKey = part === 'key' || length !== path.length;
    const target = preferKey && keyNode ? keyNode : walkedNodes[length] ?? keyNode;
    if (target?.range) return spanOfNode(source, target);
  }
  return undefined;
}

/**
 * A node's span, computed once: the same fields are looked up in every environment's view (and by
 * the checks), and sharing the (never mutated) span keeps the model from holding a copy per view.
 */
const nodeSpans = new WeakMap<Node, SourceSpan>();
function spanOfNode(source: SourceDocument, node: Node): SourceSpan {
  let span = nodeSpans.get(node);
  if (!span) {
    span = spanOfRange(source, node.range![0], node.range![1]);
    nodeSpans.set(node, span);
  }
  return span;
}
