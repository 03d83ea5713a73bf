/**
 * Writing a system.yaml people read: a header comment, comments where the import approximated or
 * dropped something, short maps and lists on one line. Built with yaml's Document API.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { escapeYaml11Breaks, yaml11SafeText } from '../serialize.ts';
import type { SystemComment } from './report.ts';

export interface WriteOptions {
  /** Comment lines for the top of the file (without `#`). */
  header: string[];
  comments: readonly SystemComment[];
  /** Comment lines before top-level keys, by key. */
  sectionComments?: Readonly<Record<string, string[]>>;
}

/** Maps and lists at or below this depth that hold only scalars go on one line. */
const FLOW_DEPTH = 3;
const FLOW_MAX_ITEMS = 4;

export function writeSystemYaml(system: Record<string, unknown>, options: WriteOptions): string {
  const document = new Document(system);
  // comments are written as given, and the yaml library would break their lines at these characters
  const line = (text: string) => ` ${escapeYaml11Breaks(text)}`;
  document.commentBefore = options.header.map((text) => (text ? line(text) : '')).join('\n');
  for (const [key, lines] of Object.entries(options.sectionComments ?? {})) {
    const pair = pairAt(document, [key]);
    if (pair) (pair.key as Scalar).commentBefore = lines.map(line).join('\n');
  }
  for (const comment of options.comments) {
    if (comment.path.length === 0 || comment.text === '') continue;
    const pair = pairAt(document, comment.path);
    if (!pair) continue;
    if (isScalar(pair.value)) pair.value.comment = line(comment.text);
    else {
      const key = pair.key as Scalar;
      key.commentBefore = key.commentBefore ? `${key.commentBefore}\n${line(comment.text)}` : line(comment.text);
    }
  }
  flowSmallCollections(document.contents as Node, 0, '');
  // YAML 1.1 readers (docker compose, kubectl, PyYAML) read the values back too
  return yaml11SafeText(document, { lineWidth: 0, flowCollectionPadding: false });
}

function pairAt(document: Document, keys: readonly string[]): Pair | undefined {
  const parent = keys.length === 1 ? document.contents : document.getIn(keys.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  return (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === keys[keys.length - 1]) as Pair | undefined;
}

/** Environment maps stay one variable a line: they grow, and their values carry comments. */
const BLOCK_KEYS = new Set(['env']);

function flowSmallCollections(node: Node | null | undefined, depth: number, key: string): void {
  if (isMap(node)) {
    // A comment inside a one-line map would break it over lines: commented maps stay blocks.
    const allScalars = node.items.every((item) => isScalar(item.value) && !item.value.comment && !(item.key as Scalar).commentBefore);
    if (depth >= FLOW_DEPTH && allScalars && node.items.length > 0 && node.items.length <= FLOW_MAX_ITEMS && !BLOCK_KEYS.has(key)) node.flow = true;
    for (const item of node.items) flowSmallCollections(item.value as Node, depth + 1, isScalar(item.key) ? String(item.key.value) : '');
  } else if (isSeq(node)) {
    if (depth >= FLOW_DEPTH - 1 && node.items.every((item) => isScalar(item)) && node.items.length > 0) node.flow = true;
    for (const item of node.items) flowSmallCollections(item as Node, depth + 1, '');
  }
}

/**
 * The `$schema` a new system.yaml in `folder` points its editor at: the schema shipped in the
 * installed npm package when `node_modules/infragen` is found from there; else undefined (the
 * caller writes one beside the file).
 */
export function installedSchemaPath(folder: string): string | undefined {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', 'infragen', 'schema', 'system.schema.json');
    if (existsSync(candidate)) return path.relative(folder, candidate).split(path.sep).join('/');
    if (path.dirname(current) === current) return undefined;
  }
}
