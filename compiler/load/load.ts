/**
 * Stage 1: read system.yaml and its includes into one plain data tree, keeping for every entity
 * the document it came from so that any later finding can point at its exact line and column.
 */
import path from 'node:path';
import * as yaml from 'yaml';
import { parseAllDocuments, visit, type Document, type Node as YamlNode, type Pair, type Range } from 'yaml';
import { INCLUDABLE_SECTIONS } from '../../schema/system.ts';
import { isPlainObject } from '../data.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SourceSpan } from '../model/span.ts';
import type { SourceHost } from './host.ts';
import { spanInDocument, spanOfRange, type DataPath, type SourceDocument } from './source.ts';
import { firstLine, yamlErrorDiagnostics } from './yaml-errors.ts';
import { withOneByteStrings } from './one-byte.ts';

const NON_ASCII = /[^\x00-\x7f]/;

// Read once (see source.ts): a call through the bundle's wrapper of yaml's CommonJS build reads a getter first.
const { isAlias, isMap, isNode, isPair, isScalar, isSeq } = yaml;

/** Files larger than this are refused before they are parsed. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Alias uses allowed per file; enough for any real file, far below a "billion laughs" expansion. */
export const MAX_ALIAS_COUNT = 100;

export type RawData = Record<string, unknown>;

export interface LoadedSystem {
  /** Absolute folder of the root system file: spans and includes are relative to it. */
  root: string;
  /** Root document first, then the included fragments in the order they were merged. */
  documents: SourceDocument[];
  /** The merged data, `x-*` keys included. */
  data: RawData;
  /** `<section>.<name>` → the document that defines it. */
  origins: Map<string, SourceDocument>;
}

export interface LoadResult {
  loaded?: LoadedSystem;
  diagnostics: Diagnostic[];
  /** File (as in spans) → text of every file read, including those that failed to parse: code frames need them. */
  sources: Map<string, string>;
}

/** Finds the span of a data path in the merged system. */
export function locate(loaded: LoadedSystem, dataPath: DataPath, part: 'key' | 'value' = 'value'): SourceSpan | undefined {
  // Without includes every entity is in the root document: no origin to look up (spans are looked
  // up for every field of every entity, and the key string was a fifth of that).
  if (loaded.documents.length === 1) return spanInDocument(loaded.documents[0]!, dataPath, part);
  const [section, name] = dataPath;
  const origin =
    typeof section === 'string' && name !== undefined ? loaded.origins.get(`${section}.${String(name)}`) : undefined;
  return spanInDocument(origin ?? loaded.documents[0]!, dataPath, part);
}

function parseFile(
  host: SourceHost,
  absolutePath: string,
  root: string,
  diagnostics: Diagnostic[],
  sources: Map<string, string>,
  includedAt?: { span?: SourceSpan },
): { source: SourceDocument; data: RawData } | undefined {
  const fragment = includedAt !== undefined;
  const at = includedAt ?? {};
  const file = path.relative(root, absolutePath).split(path.sep).join('/') || path.basename(absolutePath);
  const bytes = host.fileSize(absolutePath);
  if (bytes === undefined) {
    diagnostics.push(catalogue.fileNotFound(file, at));
    return undefined;
  }
  if (bytes > MAX_FILE_BYTES) {
    diagnostics.push(catalogue.fileTooLarge(file, bytes, MAX_FILE_BYTES, at.span ? at : { path: file }));
    return undefined;
  }
  const text = host.readFile(absolutePath);
  if (text === undefined) {
    diagnostics.push(catalogue.fileNotFound(file, at));
    return undefined;
  }
  sources.set(file, text);
  // Duplicate keys are found by `duplicateKeys` below: the parser's own check compares each key
  // with every earlier one of its map, which a 2 MiB map of short keys turns into minutes.
  const documents = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  if (documents.length === 0) {
    // An empty stream (nothing but comments or blank lines): the "not a map" message explains it.
    diagnostics.push(catalogue.notAMap(file, fragment, { span: { file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } }));
    return undefined;
  }
  const document = documents[0]!;
  const source: SourceDocument = { file, text, document };
  const before = diagnostics.length;
  for (const extra of documents.slice(1)) {
    diagnostics.push(catalogue.yamlMultipleDocuments({ span: spanOfRange(source, extra.range[0], extra.range[0]) }));
  }
  const { complex, duplicates, reserved } = keyFaults(document);
  for (const key of complex) diagnostics.push(catalogue.yamlComplexKey({ span: spanOfRange(source, key.range![0], key.range![1]) }));
  for (const key of reserved) diagnostics.push(catalogue.yamlReservedKey({ span: spanOfRange(source, key[0], key[1]) }));
  // The parser reports a complex key a second time, more vaguely, at the same place.
  const complexAt = new Set(complex.map((key) => key.range![0]));
  diagnostics.push(...yamlErrorDiagnostics(source, documents.flatMap((doc) => doc.errors).filter((error) => !complexAt.has(error.pos[0]))));
  for (const { duplicate, first, name } of duplicates) {
    diagnostics.push(catalogue.yamlDuplicateKey(name ?? duplicateKeyName(text, duplicate[0]), { span: spanOfRange(source, duplicate[0], duplicate[1]) }, spanOfRange(source, first[0], first[1])));
  }
  if (diagnostics.length > before) return undefined;

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAliasSpan(source);
    if (error instanceof ReferenceError || /alias/i.test(String(error))) {
      diagnostics.push(catalogue.yamlAliasLimit(MAX_ALIAS_COUNT, alias ? { span: alias } : { path: file }));
    } else {
      diagnostics.push(catalogue.yamlSyntax(firstLine(String(error instanceof Error ? error.message : error)), alias ? { span: alias } : { path: file }));
    }
    return undefined;
  }
  if (!isPlainObject(data)) {
    const span = spanOfRange(source, document.contents?.range[0] ?? 0, document.contents?.range[1] ?? 0);
    diagnostics.push(catalogue.notAMap(file, fragment, { span }));
    return undefined;
  }
  // a text that is not all ASCII is two-byte, and so is every string cut from it (one-byte.ts)
  return { source, data: NON_ASCII.test(text) ? (withOneByteStrings(data) as Record<string, unknown>) : data };
}

/** A key that repeats an earlier one of its map; `name` when the key is an alias (the text there is `*anchor`). */
interface Duplicate {
  duplicate: Range;
  first: Range;
  name?: string;
}

/**
 * One pass over the document for what a JavaScript object cannot hold. `complex`: map keys that
 * are maps or lists (`? [a, b]`, `{ a: 1 }: x`). `duplicates`: every key that repeats an earlier
 * key of the same map, with the range of that first key (a hash per map); keys compare as the
 * object keys they become (`1` and `"1"` collide), so that no value is silently dropped when the
 * map becomes data. `reserved`: keys `__proto__`, which the data would lose (copying a map sets
 * its prototype instead). The lists are in document order (a map's keys before those nested in
 * it). A plain recursion: yaml's `visit` builds a frozen path array at every node.
 */
export function keyFaults(document: Document.Parsed): { complex: YamlNode[]; duplicates: Duplicate[]; reserved: Range[] } {
  const complex: YamlNode[] = [];
  const duplicates: Duplicate[] = [];
  const reserved: Range[] = [];
  const visitPair = (pair: Pair<unknown, unknown>) => {
    if (isNode(pair.key) && !isScalar(pair.key) && !isAlias(pair.key) && pair.key.range) complex.push(pair.key);
    visitNode(pair.key);
    visitNode(pair.value);
  };
  const visitNode = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, Range>();
      for (const { key } of node.items) {
        // an alias key (`*k : v`) names what its anchor holds: reported where the alias is
        const named = isAlias(key) ? key.resolve(document) : key;
        if (!isScalar(named) || !isNode(key) || !key.range) continue;
        const name = String(named.value);
        const first = seen.get(name);
        if (first) duplicates.push({ duplicate: key.range, first, ...(key === named ? {} : { name }) });
        else seen.set(name, key.range);
        if (name === '__proto__') reserved.push(key.range);
      }
      for (const pair of node.items) visitPair(pair);
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) visitPair(item);
        else visitNode(item);
      }
    }
  };
  visitNode(document.contents);
  return { complex, duplicates, reserved };
}

function duplicateKeyName(text: string, offset: number): string {
  // Sticky: read from `offset` without copying the rest of the text (8,000 duplicates in 2 MiB).
  const key = /[^:\n]*/y;
  key.lastIndex = offset;
  return key.exec(text)![0].trim().replace(/^["']|["']$/g, '');
}

function firstAliasSpan(source: SourceDocument): SourceSpan | undefined {
  let found: SourceSpan | undefined;
  visit(source.document, {
    Alias(_, alias) {
      if (isAlias(alias) && alias.range) found = spanOfRange(source, alias.range[0], alias.range[1]);
      return visit.BREAK;
    },
  });
  return found;
}

function includePatterns(source: SourceDocument, data: RawData): Array<{ pattern: string; span?: SourceSpan }> {
  const include = data.include;
  if (!Array.isArray(include)) return [];
  return include.flatMap((pattern, index) =>
    typeof pattern === 'string' ? [{ pattern, span: spanInDocument(source, ['include', index]) }] : [],
  );
}

/** Whether a relative pattern could match files outside `root` (`..` segments, absolute paths). */
function escapesRoot(pattern: string): boolean {
  if (path.isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern)) return true;
  return path.posix.normalize(pattern).split('/').includes('..');
}

/** Stage 1 entry point. Never throws for a user mistake. */
export function loadSystem(entryPath: string, host: SourceHost): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const absoluteEntry = path.resolve(entryPath);
  const root = path.dirname(absoluteEntry);
  const parsedRoot = parseFile(host, absoluteEntry, root, diagnostics, sources);
  if (!parsedRoot) return { diagnostics, sources };

  const loaded: LoadedSystem = { root, documents: [parsedRoot.source], data: parsedRoot.data, origins: new Map() };
  const includes = includePatterns(parsedRoot.source, parsedRoot.data);
  // Where each entity is defined, for a fragment that defines it again: only looked up when there are fragments.
  const definedAt = new Map<string, SourceSpan | undefined>();
  for (const section of INCLUDABLE_SECTIONS) {
    const map = parsedRoot.data[section];
    if (!isPlainObject(map)) continue;
    for (const entityName of Object.keys(map)) {
      loaded.origins.set(`${section}.${entityName}`, parsedRoot.source);
      if (includes.length) definedAt.set(`${section}.${entityName}`, spanInDocument(parsedRoot.source, [section, entityName], 'key'));
    }
  }

  const realRoot = host.realPath(root);
  const seen = new Set<string>([absoluteEntry]);
  for (const { pattern, span } of includes) {
    const at = span ? { span } : {};
    if (escapesRoot(pattern)) {
      diagnostics.push(catalogue.includeOutsideProject(pattern, at));
      continue;
    }
    const matches = host.glob(pattern, root);
    if (matches.length === 0) diagnostics.push(catalogue.includeNoMatch(pattern, at));
    for (const match of matches) {
      if (seen.has(match)) continue;
      seen.add(match);
      const real = host.realPath(match);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        diagnostics.push(catalogue.includeOutsideProject(pattern, at));
        continue;
      }
      const fragment = parseFile(host, match, root, diagnostics, sources, at);
      if (fragment) mergeFragment(loaded, fragment, definedAt, diagnostics);
    }
  }
  return { loaded, diagnostics, sources };
}

function mergeFragment(
  loaded: LoadedSystem,
  fragment: { source: SourceDocument; data: RawData },
  definedAt: Map<string, SourceSpan | undefined>,
  diagnostics: Diagnostic[],
): void {
  loaded.documents.push(fragment.source);
  for (const [section, map] of Object.entries(fragment.data)) {
    if (!(INCLUDABLE_SECTIONS as readonly string[]).includes(section)) {
      diagnostics.push(
        catalogue.includeSectionNotAllowed(section, INCLUDABLE_SECTIONS, { span: spanInDocument(fragment.source, [section], 'key') }),
      );
      continue;
    }
    if (map === null || map === undefined) continue;
    if (!isPlainObject(map)) {
      diagnostics.push(catalogue.invalidType('a map of names', Array.isArray(map) ? 'a list' : typeof map, { span: spanInDocument(fragment.source, [section]) }));
      continue;
    }
    const target = isPlainObject(loaded.data[section]) ? (loaded.data[section] as RawData) : (loaded.data[section] = {});
    for (const [entityName, definition] of Object.entries(map)) {
      const key = `${section}.${entityName}`;
      const span = spanInDocument(fragment.source, [section, entityName], 'key');
      if (definedAt.has(key)) {
        const first = definedAt.get(key);
        const what = `${section === 'environments' ? 'environment' : singular(section)} "${entityName}"`;
        diagnostics.push(first ? catalogue.duplicateName(what, span ? { span } : {}, first) : catalogue.yamlDuplicateKey(entityName, span ? { span } : {}));
        continue;
      }
      definedAt.set(key, span);
      target[entityName] = definition;
      loaded.origins.set(key, fragment.source);
    }
  }
}

const SINGULAR: Record<string, string> = { caches: 'cache', functions: 'function', environments: 'environment' };
export const singular = (section: string) => SINGULAR[section] ?? section.replace(/s$/, '');
