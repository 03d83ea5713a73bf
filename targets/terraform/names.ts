/**
 * Names this target gives things. Terraform identifiers are snake_case from entity names; AWS
 * names are `<system>-<env>-<name>` (cloudName), fitted to each service's length limit. Names
 * other targets point at (queues, topics, tables, buckets, functions, image repositories, IRSA
 * roles) come from compiler/model/wiring.ts.
 */
import { joined, snakeCase } from '../../compiler/plugin-api.ts';

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
