/**
 * From an output object back to the system.yaml entity and line that produced it. The manifest
 * names every file's source entities with their lines; where a file has several, the object's own
 * names decide (Terraform resource names are the snake_case of entity names, Kubernetes objects
 * carry `app.kubernetes.io/name`, compose services and serverless functions are named after
 * entities), with the kind of object as a tie-breaker.
 */
import type { ManifestSource } from '../write/writer.ts';
import type { FormatHandler, OutputObject } from './formats/format.ts';
import type { Attribution } from './types.ts';

/** `orders_dlq` → [orders, dlq]; `OrdersQueue` → [orders, queue]; `shop-prod-orders` → [shop, prod, orders]. */
export function tokens(name: string): string[] {
  return name
    // CloudFormation logical ids spell `-` and `_` out (serverless: `OrdersDashapiLambdaRole`).
    .replace(/([a-z0-9])Dash(?=[a-z0-9])/gi, '$1-')
    .replace(/([a-z0-9])Underscore(?=[a-z0-9])/gi, '$1_')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function contiguousAt(haystack: string[], needle: string[]): number {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let i = 0; i < needle.length; i++) if (haystack[start + i] !== needle[i]) continue outer;
    return start;
  }
  return -1;
}

/** How well an entity name matches an object's names; 0 when it does not. */
function score(entityKind: string, entityName: string, names: string[]): number {
  const wanted = tokens(entityName);
  if (!wanted.length) return 0;
  let best = 0;
  names.forEach((name, rank) => {
    const have = tokens(name);
    const at = contiguousAt(have, wanted);
    if (at < 0) return;
    // `database_main_host`: the kind written before the name makes the match certain.
    const kindBefore = at > 0 && have[at - 1] === entityKind ? 40 : 0;
    const value = 10 * wanted.length + (have.length === wanted.length ? 50 : 0) + kindBefore + (at === 0 ? 2 : 0) - rank;
    best = Math.max(best, value);
  });
  return best;
}

/** Picks the entity among a file's sources that produced `object`. */
export function pickSource(object: OutputObject, candidates: readonly ManifestSource[], format: FormatHandler): ManifestSource | undefined {
  const unique = [...new Map(candidates.map((source) => [source.entity, source])).values()];
  if (format.unattributed?.(object.type)) return undefined;
  if (unique.length <= 1) return unique[0];
  const kind = format.entityKind?.(object.type);
  const ranked = unique
    .map((source) => {
      const [entityKind, name] = source.entity.split('.', 2) as [string, string];
      const byName = score(entityKind, name ?? '', object.names);
      return { source, value: byName > 0 ? byName + (entityKind === kind ? 5 : 0) : 0 };
    })
    .filter((entry) => entry.value > 0)
    .sort((a, b) => b.value - a.value || (a.source.entity < b.source.entity ? -1 : 1));
  if (ranked[0]) return ranked[0].source;
  const ofKind = unique.filter((source) => kind && source.entity.startsWith(`${kind}.`));
  return ofKind.length === 1 ? ofKind[0] : undefined;
}

/** Where each entity is defined on one side: `entity` → source (first seen wins; sorted input). */
export type EntityIndex = Map<string, ManifestSource>;

export function attribution(source: ManifestSource | undefined, head: EntityIndex, side: 'head' | 'base'): Attribution | undefined {
  if (!source) return undefined;
  const current = head.get(source.entity);
  if (current) return { entity: source.entity, file: current.file, line: current.line, side: 'head' };
  return { entity: source.entity, file: source.file, line: source.line, side };
}
