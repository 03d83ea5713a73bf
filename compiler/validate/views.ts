/**
 * An environment's view of the document: every entity with that environment's override
 * deep-merged over its base definition (maps merge, lists and scalars replace), re-parsed so
 * defaults apply. Semantic checks and the normalizer both work on views.
 */
import { entitySchemas } from '../../schema/entities.ts';
import { isPlainObject, valueAt } from '../data.ts';
import type { SystemDocument } from '../../schema/system.ts';
import type { DataPath } from '../load/source.ts';
import type { RawData } from '../load/load.ts';
import { SCHEMA_PARSE, withoutExtensions } from './schema-check.ts';

export interface DocumentView {
  /** Undefined for the base definitions. */
  env?: string;
  document: SystemDocument;
  /** Where a path of this view was written: inside the override when the override set it. */
  sourcePath(path: DataPath): DataPath;
}

export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = key in base ? deepMerge(base[key], value) : value;
  return merged;
}

export function baseView(document: SystemDocument): DocumentView {
  return { document, sourcePath: (path) => path };
}

/** The view of environment `env`; `raw` is the loaded data (for override values as written). */
export function environmentView(document: SystemDocument, raw: RawData, env: string): DocumentView {
  const merged: Record<string, unknown> = { ...document };
  for (const [collection, schema] of Object.entries(entitySchemas)) {
    const entities = document[collection as keyof typeof entitySchemas] as Record<string, Record<string, unknown>> | undefined;
    if (!entities) continue;
    const rawEntities = raw[collection] as Record<string, Record<string, unknown>> | undefined;
    const mergedEntities: Record<string, unknown> = {};
    for (const [name, entity] of Object.entries(entities)) {
      const rawEntity = rawEntities?.[name];
      const override = isPlainObject(rawEntity?.environments) ? rawEntity.environments[env] : undefined;
      if (!isPlainObject(override)) {
        mergedEntities[name] = entity;
        continue;
      }
      const { environments: _ignored, ...rawBase } = withoutExtensions(rawEntity) as Record<string, unknown>;
      const parsed = schema.safeParse(deepMerge(rawBase, withoutExtensions(override)), SCHEMA_PARSE);
      // The override itself was checked against the schema; a merge can only fail on a shape the
      // base check reports already, so the base definition stands in that case.
      // Onto zod's own copy: a literal that starts with a spread gives each result a hidden class of its own.
      mergedEntities[name] = parsed.success ? Object.assign(parsed.data, { environments: entity.environments }) : entity;
    }
    merged[collection] = mergedEntities;
  }
  return {
    env,
    document: merged as SystemDocument,
    sourcePath(path) {
      const [collection, name] = path;
      if (collection === undefined || name === undefined || !(collection in entitySchemas)) return path;
      // YAML data has no undefined values: a path holds something exactly when it exists. Most
      // entities have no override for this environment: then nothing more is looked up or copied.
      const override = valueAt(raw, [collection, name, 'environments', env]);
      if (override === undefined) return path;
      const rest = path.slice(2);
      return valueAt(override, rest) !== undefined ? [collection, name, 'environments', env, ...rest] : path;
    },
  };
}
