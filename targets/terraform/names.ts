/**
 * Names this target gives things. Terraform identifiers are snake_case from entity names; AWS
 * names are `<system>-<env>-<name>` (cloudName), fitted to each service's length limit. Names
 * other targets point at (queues, topics, tables, buckets, functions, image repositories, IRSA
 * roles) come from compiler/model/wiring.ts.
 */
import { snakeCase } from '../../compiler/plugin-api.ts';

/** Longest names AWS accepts, per service. */
export const NAME_LIMITS = {
  alarm: 255,
  cacheReplicationGroup: 40,
  dbInstance: 63,
  metricFilter: 512,
  searchDomain: 28,
  securityGroup: 255,
  snsTopic: 256,
} as const;

/**
 * `parts.join(separator)`, by concatenation. In Node 20's V8, `Array#join` returns a two-byte
 * string when a part is an internalized string used as a property key (as entity names are),
 * though all of it is ASCII; every string made from it is two-byte too, and one such string in a
 * stack makes `JSON.stringify` write the whole file two-byte: twice its size in memory, on both
 * threads. Concatenation keeps ASCII one-byte.
 */
export function joined(parts: readonly string[], separator: string): string {
  let text = '';
  for (let index = 0; index < parts.length; index++) text = index === 0 ? parts[0]! : text + separator + parts[index]!;
  return text;
}

/** Terraform identifier of an entity-derived object: `wallet-db` → `wallet_db`, parts joined by `_`. */
export function tfId(...parts: string[]): string {
  return joined(parts.map(snakeCase).filter(Boolean), '_');
}

/** The ElastiCache member clusters of a replication group are `<group id>-001`, `-002`, … */
export function cacheMemberIds(replicationGroupId: string, nodes: number): string[] {
  return Array.from({ length: nodes }, (_, index) => `${replicationGroupId}-${String(index + 1).padStart(3, '0')}`);
}

/** Log group of a service (Terraform creates it): `/<system>/<env>/<service>`. */
export function serviceLogGroupName(system: string, env: string, service: string): string {
  return `/${system}/${env}/${service}`;
}

/** Provider alias of a region: `eu-central-1` → `eu_central_1`. */
export function regionAlias(region: string): string {
  return snakeCase(region);
}
