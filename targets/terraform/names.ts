/**
 * Names this target gives things. Terraform identifiers are snake_case from entity names; AWS
 * names are `<system>-<env>-<name>` (cloudName), fitted to each service's length limit.
 * `iamRoleName` is the convention the Kubernetes target relies on for IRSA annotations.
 */
import { cloudName, snakeCase } from '../../compiler/model/wiring.ts';

/** Longest names AWS accepts, per service. */
export const NAME_LIMITS = {
  alarm: 255,
  bucket: 63,
  cacheReplicationGroup: 40,
  dbInstance: 63,
  iamRole: 64,
  securityGroup: 255,
  snsTopic: 256,
  sqsQueue: 80,
  table: 255,
} as const;

/** Terraform identifier of an entity-derived object: `wallet-db` → `wallet_db`, parts joined by `_`. */
export function tfId(...parts: string[]): string {
  return parts.map(snakeCase).filter(Boolean).join('_');
}

/**
 * The IAM role a Kubernetes workload's service account assumes (IRSA): `<system>-<env>-<workload>`
 * fitted to 64 characters. Its ARN is `arn:aws:iam::<account>:role/<this name>`.
 */

/** SQS names: FIFO queues must end in `.fifo`, and the suffix counts against the 80 characters. */
export function queueName(system: string, env: string, name: string, fifo: boolean): string {
  return fifo ? `${cloudName(system, env, name, NAME_LIMITS.sqsQueue - 5)}.fifo` : cloudName(system, env, name, NAME_LIMITS.sqsQueue);
}

/** SNS names follow the same `.fifo` rule as SQS. */
export function topicName(system: string, env: string, name: string, fifo: boolean): string {
  return fifo ? `${cloudName(system, env, name, NAME_LIMITS.snsTopic - 5)}.fifo` : cloudName(system, env, name, NAME_LIMITS.snsTopic);
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
