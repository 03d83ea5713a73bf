/**
 * Names this target gives things. Terraform identifiers are snake_case from entity names; AWS
 * names are `<system>-<env>-<name>` (cloudName), fitted to each service's length limit. The IRSA
 * role name the Kubernetes target relies on is `workloadRoleName` in compiler/model/wiring.ts.
 */
import { cloudName, snakeCase } from '../../compiler/model/wiring.ts';

/** Longest names AWS accepts, per service. */
export const NAME_LIMITS = {
  alarm: 255,
  bucket: 63,
  cacheReplicationGroup: 40,
  dbInstance: 63,
  iamRole: 64,
  metricFilter: 512,
  securityGroup: 255,
  snsTopic: 256,
  sqsQueue: 80,
  table: 255,
} as const;

/** Terraform identifier of an entity-derived object: `wallet-db` → `wallet_db`, parts joined by `_`. */
export function tfId(...parts: string[]): string {
  return parts.map(snakeCase).filter(Boolean).join('_');
}

/** FIFO queues and topics must end in `.fifo`, and the suffix counts against the length limit. */
function fifoName(system: string, env: string, name: string, fifo: boolean, maxLength: number): string {
  return fifo ? `${cloudName(system, env, name, maxLength - '.fifo'.length)}.fifo` : cloudName(system, env, name, maxLength);
}

/** SQS names (80 characters, `.fifo` included). */
export function queueName(system: string, env: string, name: string, fifo: boolean): string {
  return fifoName(system, env, name, fifo, NAME_LIMITS.sqsQueue);
}

/** SNS names follow the same `.fifo` rule as SQS. */
export function topicName(system: string, env: string, name: string, fifo: boolean): string {
  return fifoName(system, env, name, fifo, NAME_LIMITS.snsTopic);
}

/**
 * S3 names are global: the bucket of the entity's first region is `<system>-<env>-<name>`, the
 * copies in further regions add the region, so adding a region never renames the first bucket.
 */
export function bucketName(system: string, env: string, name: string, region: string, regions: readonly string[]): string {
  const local = region === regions[0] ? name : `${name}-${region}`;
  return cloudName(system, env, local, NAME_LIMITS.bucket);
}

/** The ElastiCache member clusters of a replication group are `<group id>-001`, `-002`, … */
export function cacheMemberIds(replicationGroupId: string, nodes: number): string[] {
  return Array.from({ length: nodes }, (_, index) => `${replicationGroupId}-${String(index + 1).padStart(3, '0')}`);
}

/** Log group of a service (Terraform creates it): `/<system>/<env>/<service>`. */
export function serviceLogGroupName(system: string, env: string, service: string): string {
  return `/${system}/${env}/${service}`;
}

/** Serverless deploys a function as `<service>-<stage>-<function>` = cloudName(system, env, name). */
export function lambdaFunctionName(system: string, env: string, fn: string): string {
  return cloudName(system, env, fn);
}

/** Provider alias of a region: `eu-central-1` → `eu_central_1`. */
export function regionAlias(region: string): string {
  return snakeCase(region);
}
