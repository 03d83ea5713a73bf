/**
 * Every entity definition and every reference to one, with the span of the name itself in the
 * file that holds it: what go-to-definition, find-references, rename and hover read.
 */
import { isScalar, type Scalar } from 'yaml';
import type { LoadedSystem } from '../load/load.ts';
import { spanOfRange, type DataPath, type SourceDocument } from '../load/source.ts';
import type { SourceSpan } from '../model/span.ts';
import { ENTITY_COLLECTIONS, type EntityKind } from '../model/types.ts';
import { REFERENCE_FIELDS, type ReferenceFieldName } from '../validate/references.ts';
import { keysAt, forEachScalar } from './yaml-nodes.ts';

/** A place that names an entity: `span` covers the name only, so a rename replaces just that. */
export interface EntityMention {
  kind: EntityKind;
  name: string;
  span: SourceSpan;
  /** The path of the value (or key) that holds the mention. */
  path: DataPath;
}

export interface EntityIndex {
  definitions: Map<string, EntityMention>;
  references: EntityMention[];
}

export const entityKey = (kind: EntityKind, name: string) => `${kind}.${name}`;

const LIST_FIELDS = new Set(['uses', 'publishes', 'dependsOn', 'before', 'notify', 'consumes']);

/** The alarm `on` field takes the kinds of both metric and log alarms. */
export const ALARM_SOURCE_KINDS = [...new Set<EntityKind>([...REFERENCE_FIELDS.metricOn.kinds, ...REFERENCE_FIELDS.logOn.kinds])];

/** Which reference field the value at `path` is, if any (entity fields sit at depth 2 or deeper). */
export function referenceFieldAt(path: DataPath): ReferenceFieldName | 'alarmOn' | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const grand = path[path.length - 3];
  if (typeof last === 'number' && typeof parent === 'string' && LIST_FIELDS.has(parent) && path.length >= 4) return parent as ReferenceFieldName;
  if (last === 'queue' && typeof parent === 'number' && (grand === 'consumes' || grand === 'subscribers') && path.length >= 5) return grand;
  if (parent === 'secrets' && typeof last === 'string' && path.length >= 4) return 'secrets';
  if (last === 'authorizer' && path.length >= 3) return 'authorizer';
  if (last === 'on' && path[0] === 'alarms' && path.length >= 3) return 'alarmOn';
  return undefined;
}

/** The kinds a reference field accepts. */
export function kindsOf(field: ReferenceFieldName | 'alarmOn'): readonly EntityKind[] {
  return field === 'alarmOn' ? ALARM_SOURCE_KINDS : REFERENCE_FIELDS[field].kinds;
}

const INTERPOLATION = /\$\{\s*([a-z]+)\.([a-z][a-z0-9-]*)(?:\.[A-Za-z0-9_-]*)?\s*\}/g;

/** Offset in the file of character `index` of a scalar's value, when the source text holds it verbatim. */
function sourceOffset(source: SourceDocument, scalar: Scalar, needle: string, fromIndex = 0): number | undefined {
  if (!scalar.range) return undefined;
  const raw = source.text.slice(scalar.range[0], scalar.range[1]);
  const at = raw.indexOf(needle, fromIndex);
  return at < 0 ? undefined : scalar.range[0] + at;
}

function mentionsIn(source: SourceDocument, path: DataPath, scalar: Scalar, kinds: ReadonlySet<EntityKind>, push: (mention: EntityMention) => void): void {
  if (typeof scalar.value !== 'string') return;
  const text = scalar.value;
  const field = referenceFieldAt(path);
  if (field) {
    const dot = text.indexOf('.');
    const implied = field === 'alarmOn' ? undefined : (REFERENCE_FIELDS[field] as { implied?: EntityKind }).implied;
    const kind = (dot >= 0 ? text.slice(0, dot) : implied) as EntityKind | undefined;
    const name = dot >= 0 ? text.slice(dot + 1) : text;
    const start = sourceOffset(source, scalar, text);
    if (kind && kinds.has(kind) && start !== undefined) {
      const nameStart = start + (dot >= 0 ? dot + 1 : 0);
      push({ kind, name, path, span: spanOfRange(source, nameStart, nameStart + name.length) });
    }
    return;
  }
  if (!text.includes('${')) return;
  let searchFrom = 0;
  for (const match of text.matchAll(INTERPOLATION)) {
    const [whole, kind, name] = match as unknown as [string, EntityKind, string];
    if (!kinds.has(kind)) continue;
    const start = sourceOffset(source, scalar, whole, searchFrom);
    if (start === undefined) continue;
    const nameStart = start + whole.indexOf(`${kind}.${name}`) + kind.length + 1;
    searchFrom = start - scalar.range![0] + whole.length;
    push({ kind, name, path, span: spanOfRange(source, nameStart, nameStart + name.length) });
  }
}

export function buildEntityIndex(loaded: LoadedSystem): EntityIndex {
  const definitions = new Map<string, EntityMention>();
  const references: EntityMention[] = [];
  const kinds = new Set(Object.values(ENTITY_COLLECTIONS) as EntityKind[]);
  for (const source of loaded.documents) {
    for (const [collection, kind] of Object.entries(ENTITY_COLLECTIONS) as Array<[string, EntityKind]>) {
      for (const { key, scalar } of keysAt(source.document, [collection])) {
        const id = entityKey(kind, key);
        if (!definitions.has(id) && isScalar(scalar) && scalar.range) {
          definitions.set(id, { kind, name: key, path: [collection, key], span: spanOfRange(source, scalar.range[0], scalar.range[1]) });
        }
      }
    }
    forEachScalar(source.document, (path, scalar) => mentionsIn(source, path, scalar, kinds, (mention) => references.push(mention)));
  }
  return { definitions, references };
}

const within = (span: SourceSpan, file: string, offset: number) => span.file === file && span.start.offset <= offset && offset <= span.end.offset;

/** The entity named at `offset` of `file`: by its definition or by a reference to it. */
export function entityAt(index: EntityIndex, file: string, offset: number): EntityMention | undefined {
  for (const definition of index.definitions.values()) if (within(definition.span, file, offset)) return definition;
  return index.references.find((reference) => within(reference.span, file, offset));
}

export function referencesTo(index: EntityIndex, kind: EntityKind, name: string): EntityMention[] {
  return index.references.filter((reference) => reference.kind === kind && reference.name === name);
}
