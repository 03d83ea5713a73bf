/**
 * Reading one Compose file: YAML with merge keys (`<<: *base`) and Compose's own `!reset` and
 * `!override` tags, kept as a parsed document so that every later finding points at its line.
 */
import path from 'node:path';
import { parseDocument, Scalar, visit, YAMLMap, type Document } from 'yaml';
import { isPlainObject } from '../data.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SourceHost } from '../load/host.ts';
import { keyFaults, MAX_ALIAS_COUNT, MAX_FILE_BYTES } from '../load/load.ts';
import { spanInDocument, spanOfRange, type DataPath, type SourceDocument } from '../load/source.ts';
import type { SourceSpan } from '../model/span.ts';

/** `!reset` removes what an earlier file set; `!override` replaces it instead of merging. */
export const RESET = '\u0000!reset';
export const OVERRIDE_KEY = '\u0000!override';

/** Turns Compose's tags into plain markers the merge understands (the tags themselves stay unresolved). */
function markComposeTags(document: Document.Parsed): void {
  visit(document, {
    Node(_, node) {
      if (node.tag === '!reset') return new Scalar(RESET);
      if (node.tag === '!override') {
        node.tag = undefined;
        const marker = new YAMLMap();
        marker.set(OVERRIDE_KEY, node);
        return marker;
      }
      return undefined;
    },
  });
}

export interface ComposeFile {
  /** Absolute path. */
  absolutePath: string;
  source: SourceDocument;
  data: Record<string, unknown>;
}

/** Where a path of this file is, or the nearest ancestor that exists. */
export function spanIn(file: ComposeFile, dataPath: DataPath, part: 'key' | 'value' = 'value'): SourceSpan | undefined {
  return spanInDocument(file.source, dataPath, part);
}

/** Reads and parses one Compose file; on any problem, reports it and returns undefined. */
export function readComposeFile(host: SourceHost, absolutePath: string, root: string, diagnostics: Diagnostic[], sources: Map<string, string>): ComposeFile | undefined {
  const file = path.relative(root, absolutePath).split(path.sep).join('/') || path.basename(absolutePath);
  const bytes = host.fileSize(absolutePath);
  const text = bytes === undefined ? undefined : host.readFile(absolutePath);
  if (text === undefined) {
    diagnostics.push(catalogue.fileNotFound(file));
    return undefined;
  }
  if (bytes! > MAX_FILE_BYTES * 16) {
    diagnostics.push(catalogue.fileTooLarge(file, bytes!, MAX_FILE_BYTES * 16, { path: file }));
    return undefined;
  }
  sources.set(file, text);
  const document = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: false,
    merge: true,
  });
  const source: SourceDocument = { file, text, document };
  const reported = new Set<number>();
  for (const error of document.errors) {
    if (reported.has(error.pos[0])) continue;
    reported.add(error.pos[0]);
    const span = spanOfRange(source, error.pos[0], error.pos[1]);
    if (error.code === 'DUPLICATE_KEY') diagnostics.push(catalogue.yamlDuplicateKey(/^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim(), { span }));
    else diagnostics.push(catalogue.yamlSyntax(error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), { span }));
  }
  if (document.errors.length) return undefined;
  // keys `__proto__` (the parser's own check found the duplicates)
  const { reserved } = keyFaults(document);
  for (const key of reserved) diagnostics.push(catalogue.yamlReservedKey({ span: spanOfRange(source, key[0], key[1]) }));
  if (reserved.length) return undefined;
  if (/!(reset|override)\b/.test(text)) markComposeTags(document);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT * 10 });
  } catch {
    diagnostics.push(catalogue.yamlAliasLimit(MAX_ALIAS_COUNT * 10, { path: file }));
    return undefined;
  }
  if (!isPlainObject(data)) {
    const range = document.contents?.range ?? [0, 0];
    diagnostics.push(catalogue.importNotCompose(file, { span: spanOfRange(source, range[0], range[1]) }));
    return undefined;
  }
  return { absolutePath, source, data };
}

/** The file names Docker Compose looks for in a folder, in its order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;
const OVERRIDE_NAMES: Record<string, string[]> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
};

/**
 * The files to read, as `docker compose` picks them: a folder means its compose.yaml (or
 * docker-compose.yml), plus the matching override file when no `-f` override was given.
 */
export function composeFiles(host: SourceHost, given: string, overrides: readonly string[]): string[] {
  const absolute = path.resolve(given);
  let main = absolute;
  if (host.fileSize(absolute) === undefined) {
    const found = COMPOSE_FILE_NAMES.map((name) => path.join(absolute, name)).find((candidate) => host.fileSize(candidate) !== undefined);
    if (found) main = found;
  }
  const extra = overrides.map((file) => path.resolve(file));
  if (extra.length === 0) {
    const sibling = (OVERRIDE_NAMES[path.basename(main)] ?? []).map((name) => path.join(path.dirname(main), name)).find((candidate) => host.fileSize(candidate) !== undefined);
    if (sibling) extra.push(sibling);
  }
  return [main, ...extra];
}
