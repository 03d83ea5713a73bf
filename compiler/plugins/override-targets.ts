/**
 * `overrides.<id>` keys that name no known target: PLUGIN_UNKNOWN_TARGET at the key. Each target
 * reads only its own key, so a misspelt one (`kubernets:`) would otherwise be ignored silently.
 */
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { isPlainObject } from '../data.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { DataPath } from '../load/source.ts';
import { ENTITY_COLLECTIONS } from '../model/types.ts';

/** Where `overrides:` may be written on an entity: on it, and in each of its environment overrides. */
function overridePaths(entityPath: DataPath, entity: Record<string, unknown>): DataPath[] {
  const environments = isPlainObject(entity.environments) ? Object.keys(entity.environments) : [];
  return [[...entityPath, 'overrides'], ...environments.map((env) => [...entityPath, 'environments', env, 'overrides'])];
}

function entityPaths(data: Record<string, unknown>): Array<{ path: DataPath; entity: Record<string, unknown> }> {
  const found: Array<{ path: DataPath; entity: Record<string, unknown> }> = [];
  for (const collection of Object.keys(ENTITY_COLLECTIONS)) {
    const entities = data[collection];
    if (!isPlainObject(entities)) continue;
    for (const [name, entity] of Object.entries(entities)) {
      if (!isPlainObject(entity)) continue;
      found.push({ path: [collection, name], entity });
      // a testnet's services are containers too
      if (collection === 'testnets' && isPlainObject(entity.services)) {
        for (const [service, definition] of Object.entries(entity.services)) {
          if (isPlainObject(definition)) found.push({ path: [collection, name, 'services', service], entity: definition });
        }
      }
    }
  }
  return found;
}

export function unknownOverrideTargets(loaded: LoadedSystem, known: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { path, entity } of entityPaths(loaded.data)) {
    for (const overridesPath of overridePaths(path, entity)) {
      const overrides = overridesPath.slice(path.length).reduce<unknown>((at, key) => (isPlainObject(at) ? at[String(key)] : undefined), entity);
      if (!isPlainObject(overrides)) continue;
      for (const id of Object.keys(overrides).filter((key) => !known.includes(key))) {
        diagnostics.push(catalogue.pluginUnknownTarget(id, known, { span: locate(loaded, [...overridesPath, id], 'key') }, closest(id, known)));
      }
    }
  }
  return diagnostics;
}
