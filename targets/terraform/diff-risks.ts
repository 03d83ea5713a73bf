/**
 * Risk rules for Terraform JSON, one row per rule (plain secrets in Lambda environments are the
 * generic rule's). Force-new fields follow the AWS provider's
 * schema (`ForceNew: true`): changing them makes `terraform apply` destroy and re-create.
 */
import type { RiskRule, RuleFinding } from '../../compiler/plugin-api.ts';
import { asList, dataLossRule, forceNewRules, iamWildcardRule, isPlainObject, isWorld, pick } from '../../compiler/plugin-api.ts';

/** Resource types whose deletion loses data, and what is lost. */
const TERRAFORM_STATEFUL: Record<string, string> = {
  aws_db_instance: 'the database and, without a final snapshot, its data',
  aws_rds_cluster: 'the database cluster and its data',
  aws_elasticache_replication_group: 'the cache and everything in it',
  aws_elasticache_cluster: 'the cache and everything in it',
  aws_dynamodb_table: 'the table and its items',
  aws_s3_bucket: 'the bucket and its objects',
  aws_sqs_queue: 'the queue and the messages in it',
  aws_efs_file_system: 'the file system and its files',
  aws_ebs_volume: 'the volume and its data',
  aws_secretsmanager_secret: 'the secret value (after the recovery window)',
  aws_ecr_repository: 'the repository and its images',
  aws_kms_key: 'the key (data encrypted with it becomes unreadable)',
};

/** Fields that force replacement when changed, per resource type. */
const TERRAFORM_FORCE_NEW: Record<string, readonly string[]> = {
  aws_db_instance: ['identifier', 'engine', 'db_name', 'username', 'storage_encrypted', 'kms_key_id', 'availability_zone', 'character_set_name'],
  aws_rds_cluster: ['cluster_identifier', 'engine', 'database_name', 'master_username', 'storage_encrypted'],
  aws_elasticache_replication_group: ['replication_group_id', 'at_rest_encryption_enabled', 'subnet_group_name'],
  aws_elasticache_cluster: ['cluster_id', 'engine', 'subnet_group_name'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key', 'local_secondary_index'],
  aws_s3_bucket: ['bucket', 'bucket_prefix'],
  aws_sqs_queue: ['name', 'name_prefix', 'fifo_queue'],
  aws_sns_topic: ['name', 'name_prefix', 'fifo_topic'],
  aws_lambda_function: ['function_name'],
  aws_security_group: ['name', 'name_prefix', 'description', 'vpc_id'],
  aws_iam_role: ['name', 'name_prefix'],
  aws_vpc: ['cidr_block'],
  aws_subnet: ['cidr_block', 'availability_zone', 'vpc_id'],
  aws_ecr_repository: ['name'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_ssm_parameter: ['name'],
  aws_cloudwatch_log_group: ['name', 'name_prefix'],
  aws_db_subnet_group: ['name'],
  aws_elasticache_subnet_group: ['name'],
  aws_eks_cluster: ['name'],
};

/** Changing a DynamoDB key attribute's type replaces the table. */
const dynamoKeyAttributes: RiskRule = {
  id: 'terraform/force-new',
  category: 'replacement',
  on: ['changed'],
  types: ['aws_dynamodb_table'],
  check: ({ before, after, fields }) => {
    if (!fields.some((field) => field.path.startsWith('attribute'))) return undefined;
    const keys = (value: unknown) => new Set([pick(value, 'hash_key'), pick(value, 'range_key')].filter((key): key is string => typeof key === 'string'));
    const types = (value: unknown) =>
      new Map(asList(pick(value, 'attribute')).filter(isPlainObject).map((attribute) => [String(attribute.name), String(attribute.type)]));
    const old = types(before!.value);
    const now = types(after!.value);
    return [...keys(after!.value)]
      .filter((key) => old.has(key) && now.has(key) && old.get(key) !== now.get(key))
      .map((key) => ({ field: 'attribute', message: `key attribute ${key} changes type ${old.get(key)} → ${now.get(key)}: the table is destroyed and re-created` }));
  },
};

/** Ingress CIDRs open to the world, from inline `ingress` blocks and standalone rules. */
function worldIngress(type: string, value: unknown): Set<string> {
  const open = new Set<string>();
  if (!isPlainObject(value)) return open;
  const describe = (rule: Record<string, unknown>) => {
    const from = rule.from_port ?? rule.port;
    const to = rule.to_port ?? from;
    const ports = from === undefined ? 'all ports' : from === to ? `port ${from}` : `ports ${from}-${to}`;
    return `${String(rule.protocol ?? rule.ip_protocol ?? 'tcp')} ${ports}`;
  };
  const check = (rule: Record<string, unknown>) => {
    const cidrs = [...asList(rule.cidr_blocks), ...asList(rule.ipv6_cidr_blocks), rule.cidr_ipv4, rule.cidr_ipv6];
    for (const cidr of cidrs) if (isWorld(cidr)) open.add(`${describe(rule)} from ${cidr}`);
  };
  if (type === 'aws_security_group') for (const rule of asList(value.ingress)) if (isPlainObject(rule)) check(rule);
  if (type === 'aws_security_group_rule' && value.type === 'ingress') check(value);
  if (type === 'aws_vpc_security_group_ingress_rule') check(value);
  return open;
}

const openToWorld: RiskRule = {
  id: 'terraform/open-ingress',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  check: ({ before, after }) => {
    const old = worldIngress(before?.type ?? after!.type, before?.value);
    return [...worldIngress(after!.type, after!.value)].filter((rule) => !old.has(rule)).map((rule) => ({ message: `ingress open to the world: ${rule}` }));
  },
};

const truthy = (value: unknown) => value === true || value === 'true';

/** Settings that make a resource reachable from the internet. */
const publicExposure: RiskRule = {
  id: 'terraform/public',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: ['aws_db_instance', 'aws_rds_cluster_instance', 'aws_lb', 'aws_alb', 'aws_s3_bucket_public_access_block', 'aws_instance'],
  check: ({ before, after }) => {
    const findings: RuleFinding[] = [];
    const was = (key: string) => pick(before?.value, key);
    const now = (key: string) => pick(after!.value, key);
    if (truthy(now('publicly_accessible')) && !truthy(was('publicly_accessible'))) findings.push({ field: 'publicly_accessible', message: 'becomes publicly accessible' });
    if (truthy(now('associate_public_ip_address')) && !truthy(was('associate_public_ip_address'))) findings.push({ field: 'associate_public_ip_address', message: 'gets a public IP address' });
    if ((after!.type === 'aws_lb' || after!.type === 'aws_alb') && now('internal') !== true && now('internal') !== 'true' && (before === undefined || truthy(was('internal')))) {
      findings.push({ field: 'internal', message: 'an internet-facing load balancer' });
    }
    if (after!.type === 'aws_s3_bucket_public_access_block') {
      for (const key of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
        if (now(key) === false && was(key) !== false) findings.push({ field: key, message: `${key} turned off: the bucket can become public` });
      }
    }
    return findings;
  },
};

export const TERRAFORM_RISKS: readonly RiskRule[] = [
  dataLossRule('terraform', TERRAFORM_STATEFUL),
  {
    id: 'terraform/deletion-protection',
    category: 'data-loss',
    on: ['changed'],
    types: ['aws_db_instance', 'aws_rds_cluster', 'aws_dynamodb_table'],
    check: ({ before, after }) => {
      const findings: RuleFinding[] = [];
      for (const key of ['deletion_protection', 'deletion_protection_enabled']) {
        if (truthy(pick(before!.value, key)) && !truthy(pick(after!.value, key))) findings.push({ field: key, message: `${key} turned off` });
      }
      if (pick(before!.value, 'skip_final_snapshot') === false && truthy(pick(after!.value, 'skip_final_snapshot'))) {
        findings.push({ field: 'skip_final_snapshot', message: 'no final snapshot will be taken on deletion' });
      }
      return findings;
    },
  },
  ...forceNewRules('terraform', TERRAFORM_FORCE_NEW),
  dynamoKeyAttributes,
  openToWorld,
  publicExposure,
  iamWildcardRule('terraform'),
];

