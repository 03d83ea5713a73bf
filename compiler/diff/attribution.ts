/**
 * From an output object back to the system.yaml entity and line that produced it, as the build
 * recorded it: the manifest keeps, per file, each object's entity and line (`objects`, from the
 * targets' `EmittedFile.objects`). A manifest without records (an earlier infragen, or a plugin
 * that records none) says only which entities produced the whole file: the object is attributed
 * when the file has exactly one. Nothing is guessed.
 */
import type { Manifest, ManifestObject, ManifestSource } from '../write/writer.ts';
import type { Attribution } from './types.ts';

/** What one manifest says about one of its files. */
interface FileRecord {
  /** Object id → its record; undefined when the manifest recorded no objects for the file. */
  objects?: Map<string, ManifestObject>;
  sources: ManifestSource[];
}

/** What one side's manifests recorded: tree path → record, and where each entity is defined. */
export interface SideRecords {
  files: Map<string, FileRecord>;
  /** `prefix` (the system's folder in the tree) → entity → where it is defined (its key line). */
  entities: Map<string, Map<string, ManifestSource>>;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function emptyRecords(): SideRecords {
  return { files: new Map(), entities: new Map() };
}

/** Adds the records of the manifest found at `prefix` (`''` for the tree's root). */
export function addManifest(records: SideRecords, prefix: string, manifest: Manifest): void {
  const entities = new Map<string, ManifestSource>();
  const files = [...manifest.files].sort((a, b) => compare(a.path, b.path));
  for (const entry of files) {
    const sources = Array.isArray(entry.sources) ? entry.sources : [];
    const objects = Array.isArray(entry.objects) ? new Map(entry.objects.map((object) => [object.id, object])) : undefined;
    records.files.set(prefix ? `${prefix}/${entry.path}` : entry.path, { sources, ...(objects ? { objects } : {}) });
    for (const source of sources) if (!entities.has(source.entity) && source.line > 0) entities.set(source.entity, source);
  }
  // Environments and the system are no file's source; their records say where they are.
  for (const entry of files) {
    for (const object of Array.isArray(entry.objects) ? entry.objects : []) {
      if (/^(environment|system)\./.test(object.entity) && !entities.has(object.entity) && object.line > 0) entities.set(object.entity, object);
    }
  }
  records.entities.set(prefix, entities);
}

/** The recorded source of object `id` in tree file `file`. */
export function recordedSource(records: SideRecords, file: string, id: string): ManifestSource | undefined {
  const record = records.files.get(file);
  if (!record) return undefined;
  if (record.objects) return record.objects.get(id);
  const entities = [...new Set(record.sources.map((source) => source.entity))];
  return entities.length === 1 ? record.sources[0] : undefined;
}

/**
 * The attribution of a change. An object only the base has still points at the head's line when
 * its entity exists in the head (the reviewer reads the head); otherwise at the base's line.
 */
export function attribution(source: ManifestSource | undefined, headEntities: ReadonlyMap<string, ManifestSource>, side: 'head' | 'base'): Attribution | undefined {
  if (!source) return undefined;
  if (side === 'base') {
    const current = headEntities.get(source.entity);
    if (current) return { entity: source.entity, file: current.file, line: current.line, side: 'head' };
  }
  return { entity: source.entity, file: source.file, line: source.line, side };
}
