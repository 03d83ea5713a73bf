/**
 * `manifest.json`: the list of every file infragen wrote into an output folder, with its digest
 * and the entities it came from. It is also the deed of ownership: infragen touches exactly the
 * files its own last manifest lists, so the manifest must say that infragen wrote it.
 */
import * as crypto from 'node:crypto';
import type { LoadedSystem } from '../load/load.ts';
import { locate } from '../load/load.ts';
import { COLLECTION_OF_KIND, type EntityKind } from '../model/types.ts';
import { toStableJson } from '../serialize.ts';
import type { EmittedObject } from '../target.ts';
import { unsafePathReason, type OutputFile } from '../targets.ts';

export const MANIFEST = 'manifest.json';
export const GENERATOR = 'infragen';
/** The manifest format this version writes. Format 1 (`{ infragen: 1, … }`, no generator field) is still read. */
export const MANIFEST_FORMAT = 2;

export interface ManifestSource {
  entity: string;
  file: string;
  line: number;
}
/** One object of a file (as the target's diff format identifies it) and the system.yaml line behind it. */
export interface ManifestObject extends ManifestSource {
  id: string;
}
export interface ManifestEntry {
  path: string;
  sha256: string;
  target: string;
  sources: ManifestSource[];
  /**
   * Present when the target recorded its objects (`EmittedFile.objects`); manifests of earlier
   * versions have none, and readers then fall back to `sources`.
   */
  objects?: ManifestObject[];
}
export interface Manifest {
  generator: typeof GENERATOR;
  format: typeof MANIFEST_FORMAT;
  system: string;
  files: ManifestEntry[];
}

/**
 * `crypto.hash` (Node 20.12+) hashes in one call, without a Hash object per file (thousands of
 * files at 1,000 services); older Node 20 releases fall back to `createHash`.
 */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;
export const sha256 = (contents: string | Buffer) =>
  oneShotHash ? oneShotHash('sha256', contents, 'hex') : crypto.createHash('sha256').update(contents).digest('hex');

/** Where a record's source is defined: an entity's key, an environment's, or the `system:` line. */
function dataPathOf(kind: string, name: string): string[] | undefined {
  if (kind === 'environment') return ['environments', name];
  if (kind === 'system') return ['system'];
  const collection = COLLECTION_OF_KIND[kind as EntityKind];
  return collection ? [collection, name] : undefined;
}

/** The complete output tree (relative path → contents), manifest included. */
export function planOutput(system: string, files: OutputFile[], loaded?: LoadedSystem): Map<string, string> {
  // Once per entity: most entities are the source of several files and many objects.
  const sources = new Map<string, ManifestSource>();
  const spanOf = (entity: string): ManifestSource => {
    let source = sources.get(entity);
    if (!source) {
      const [kind, name] = entity.split('.', 2) as [EntityKind, string];
      const at = dataPathOf(kind, name);
      const span = loaded && at ? locate(loaded, at, 'key') : undefined;
      source = { entity, file: span?.file ?? '', line: span?.start.line ?? 0 };
      sources.set(entity, source);
    }
    return source;
  };
  // A top-level section's key line, when the system writes the section.
  const sectionSpan = (section: string | undefined) => (loaded && section && loaded.data[section] !== undefined ? locate(loaded, [section], 'key') : undefined);
  const objectOf = (object: EmittedObject): ManifestObject => {
    const section = object.span ? undefined : sectionSpan(object.section);
    const at = object.span ? { file: object.span.file, line: object.span.start.line } : section ? { file: section.file, line: section.start.line } : spanOf(object.source);
    return { id: object.id, entity: object.source, file: at.file, line: at.line };
  };
  const manifest: Manifest = {
    generator: GENERATOR,
    format: MANIFEST_FORMAT,
    system,
    files: files.map((file) => ({
      path: file.path,
      sha256: sha256(file.contents),
      target: file.target,
      sources: file.sources.map(spanOf),
      ...(file.objects ? { objects: file.objects.map(objectOf) } : {}),
    })),
  };
  const tree = new Map<string, string>();
  for (const file of files) tree.set(file.path, file.contents);
  tree.set(MANIFEST, manifestJson(manifest));
  return tree;
}

/**
 * The manifest as JSON, one line per object record: a build of a large system records thousands
 * of objects, and a line each keeps the file short and its diffs readable.
 */
function manifestJson(manifest: Manifest): string {
  // A file's object records, one per line, stand in for a single marker in its `objects` list:
  // one replacement per file (not per object) in the 13 MB manifest of 1,000 services.
  const blocks: string[] = [];
  const OBJECT_INDENT = ',\n        ';
  const withMarkers = {
    ...manifest,
    files: manifest.files.map((entry) =>
      entry.objects?.length ? { ...entry, objects: [`\u0001${blocks.push(entry.objects.map((object) => JSON.stringify(object)).join(OBJECT_INDENT)) - 1}`] } : entry,
    ),
  };
  // Markers replace whole object lists, so no id or path of the manifest itself can be mistaken for one.
  return toStableJson(withMarkers, { sortKeys: false }).replace(/"\\u0001(\d+)"/g, (_, index: string) => blocks[Number(index)]!);
}

/** What an existing `manifest.json` says about its folder. */
export type ManifestReading =
  | { kind: 'infragen'; format: number; files: Map<string, string> }
  | { kind: 'foreign'; reason: string }
  | { kind: 'newer'; format: number };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a manifest's text: infragen's (this format, or format 1 of earlier versions) gives the
 * owned files (path → sha256). Every listed path must be a safe relative path, so a crafted
 * manifest can never make the writer touch anything outside the folder.
 */
export function readManifest(text: string): ManifestReading {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'foreign', reason: 'it is not JSON' };
  }
  if (!isRecord(data)) return { kind: 'foreign', reason: 'it is not a JSON object' };
  const format = data.generator === GENERATOR ? data.format : data.infragen === 1 && !('generator' in data) ? 1 : undefined;
  if (format === undefined) return { kind: 'foreign', reason: `it has no "generator": "${GENERATOR}"` };
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) return { kind: 'foreign', reason: 'its "format" is not a version number' };
  if (format > MANIFEST_FORMAT) return { kind: 'newer', format };
  if (typeof data.system !== 'string' || !Array.isArray(data.files)) return { kind: 'foreign', reason: 'it has no "system" and "files"' };
  const files = new Map<string, string>();
  for (const entry of data.files as unknown[]) {
    if (!isRecord(entry) || typeof entry.path !== 'string' || typeof entry.sha256 !== 'string') return { kind: 'foreign', reason: 'a "files" entry has no "path" and "sha256"' };
    const reason = unsafePathReason(entry.path) ?? (entry.path === MANIFEST ? 'it lists itself' : undefined);
    if (reason) return { kind: 'foreign', reason: `it lists "${entry.path.replace(/[\x00-\x1f]/g, '?')}": ${reason}` };
    files.set(entry.path, entry.sha256);
  }
  return { kind: 'infragen', format, files };
}
