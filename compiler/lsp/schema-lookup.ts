/** Reading the generated JSON Schema by data path: the keys, values and descriptions an editor shows. */
import { systemJsonSchema } from '../../schema/json-schema.ts';
import type { DataPath } from '../load/source.ts';

type SchemaNode = Record<string, unknown>;

const asNode = (value: unknown): SchemaNode | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaNode) : undefined;

/** A node and the alternatives it stands for (`anyOf`/`oneOf` branches), flattened. */
function alternatives(node: SchemaNode): SchemaNode[] {
  const branches = [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])].map(asNode).filter((branch): branch is SchemaNode => !!branch);
  return branches.length ? [node, ...branches.flatMap(alternatives)] : [node];
}

function child(node: SchemaNode, segment: string | number): SchemaNode[] {
  if (typeof segment === 'number') {
    const items = asNode(node.items);
    return items ? [items] : [];
  }
  const property = asNode(asNode(node.properties)?.[segment]);
  if (property) return [property];
  if (segment.startsWith('x-')) return [];
  const additional = asNode(node.additionalProperties);
  return additional ? [additional] : [];
}

/** Every schema node that may describe the value at `path` (more than one where a union allows several shapes). */
export function schemaNodesAt(path: DataPath): SchemaNode[] {
  let nodes = alternatives(systemJsonSchema());
  for (const segment of path) {
    nodes = nodes.flatMap((node) => child(node, segment)).flatMap(alternatives);
    if (nodes.length === 0) return [];
  }
  return nodes;
}

export interface KeyInfo {
  key: string;
  description?: string;
  required: boolean;
}

/** The declared keys of the map at `path`. */
export function keysOf(path: DataPath): KeyInfo[] {
  const keys = new Map<string, KeyInfo>();
  for (const node of schemaNodesAt(path)) {
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [key, value] of Object.entries(asNode(node.properties) ?? {})) {
      if (keys.has(key)) continue;
      keys.set(key, { key, description: describe(asNode(value) ?? {}), required: required.has(key) });
    }
  }
  return [...keys.values()];
}

/** The values the schema lists at `path`: enum members, constants, `true`/`false`. */
export function valuesOf(path: DataPath): string[] {
  const values = new Set<string>();
  for (const node of schemaNodesAt(path)) {
    for (const value of (node.enum as unknown[] | undefined) ?? []) values.add(String(value));
    if ('const' in node) values.add(String(node.const));
    if (node.type === 'boolean') ['true', 'false'].forEach((value) => values.add(value));
  }
  return [...values];
}

/** Whether a map may stand at `path` (so a list item there can take keys). */
export const acceptsMap = (path: DataPath) => schemaNodesAt(path).some((node) => node.type === 'object' && asNode(node.properties));

function describe(node: SchemaNode): string | undefined {
  for (const candidate of alternatives(node)) {
    const text = (candidate.markdownDescription ?? candidate.description) as string | undefined;
    if (text) return text;
  }
  return undefined;
}

/** The description of the key at `path` (markdown where the schema has it). */
export function descriptionAt(path: DataPath): string | undefined {
  if (path.length === 0) return undefined;
  const parents = schemaNodesAt(path.slice(0, -1));
  for (const parent of parents) {
    for (const node of child(parent, path[path.length - 1]!)) {
      const text = describe(node);
      if (text) return text;
    }
  }
  return undefined;
}
