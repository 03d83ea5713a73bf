/** Where an offset falls in a parsed YAML document: the data path of the node under the cursor. */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import type { DataPath } from '../load/source.ts';

export interface NodeAtOffset {
  /** The data path of the value (for a key: of the value the key names). */
  path: DataPath;
  /** Whether the cursor is on a map key rather than a value. */
  isKey: boolean;
  /** The scalar under the cursor, when there is one. */
  scalar?: Scalar;
}

const contains = (node: Node | null | undefined, offset: number) => Boolean(node?.range && node.range[0] <= offset && offset <= node.range[1]);

/** The deepest node at `offset`, descending through maps and sequences. */
export function nodeAt(document: Document.Parsed | Document, offset: number): NodeAtOffset | undefined {
  let current = document.contents as Node | null;
  const path: Array<string | number> = [];
  while (current) {
    if (isScalar(current)) return contains(current, offset) ? { path, isKey: false, scalar: current } : undefined;
    if (isMap(current)) {
      let next: Node | null = null;
      for (const pair of current.items) {
        const key = pair.key as Node | null;
        if (isScalar(key) && contains(key, offset)) return { path: [...path, String(key.value)], isKey: true, scalar: key };
        if (contains(pair.value as Node | null, offset) && isScalar(key)) {
          path.push(String(key.value));
          next = pair.value as Node;
          break;
        }
      }
      if (!next) return undefined;
      current = next;
    } else if (isSeq(current)) {
      const index = current.items.findIndex((item) => contains(item as Node | null, offset));
      if (index < 0) return undefined;
      path.push(index);
      current = current.items[index] as Node;
    } else return undefined;
  }
  return undefined;
}

/** Calls `visit` for every scalar value (not keys) of the document with its data path. */
export function forEachScalar(document: Document.Parsed, visit: (path: DataPath, scalar: Scalar) => void): void {
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (isScalar(node)) visit(path, node);
    else if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) node.items.forEach((item, index) => walk(item, [...path, index]));
  };
  walk(document.contents, []);
}

/** The map keys of `path` (e.g. the entity names of `['services']`) with their key scalars. */
export function keysAt(document: Document.Parsed, path: DataPath): Array<{ key: string; scalar: Scalar }> {
  const node = document.getIn(path, true);
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => (isPair(pair) && isScalar(pair.key) ? [{ key: String(pair.key.value), scalar: pair.key }] : []));
}

const PLACEHOLDER = 'infragenCursor0';

export interface CompletionContext {
  /** The path of the map whose keys may go here (`key`), or of the value being written (`value`). */
  path: DataPath;
  position: 'key' | 'value';
  /** The word typed so far, and where it starts (an offset in the text). */
  prefix: string;
  prefixStart: number;
}

/**
 * What the cursor is writing, found by putting a placeholder word where the cursor is and parsing:
 * half-typed text does not parse as the user means, a placeholder does. A bare word on a block line
 * gets a `:` so it parses as the key it is about to become.
 */
export function completionContext(text: string, offset: number): CompletionContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const prefix = /[A-Za-z0-9_.$-]*$/.exec(before)![0];
  const prefixStart = offset - prefix.length;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const wordEnd = offset + /^[A-Za-z0-9_.$-]*/.exec(text.slice(offset, lineEnd))![0].length;
  const lead = text.slice(lineStart, prefixStart);
  const bareBlockWord = /^\s*$/.test(lead) && !/^\s*:/.test(text.slice(wordEnd, lineEnd));
  const inserted = bareBlockWord ? `${PLACEHOLDER}:` : PLACEHOLDER;
  const patched = text.slice(0, prefixStart) + inserted + text.slice(wordEnd);
  const document = parseDocument(patched, { uniqueKeys: false, prettyErrors: false });
  const found = nodeAt(document, prefixStart + 1);
  if (!found || !found.scalar || found.scalar.value !== PLACEHOLDER) return undefined;
  if (found.isKey) return { path: found.path.slice(0, -1), position: 'key', prefix, prefixStart };
  return { path: found.path, position: 'value', prefix, prefixStart };
}
