/**
 * Conventions shared by every target, so that what one target creates another can find:
 * cloud names, the SSM parameter paths Terraform publishes, secret ids, the attributes each
 * kind of entity exposes to `${kind.name.attribute}`.
 */
import { createHash } from 'node:crypto';
import type { Container, EntityKind, Template } from './types.ts';

/** The attributes each kind exposes to `${kind.name.attribute}` (LANGUAGE.md). */
export const ENTITY_ATTRIBUTES: Partial<Record<EntityKind, readonly string[]>> = {
  database: ['host', 'readerHost', 'port', 'name', 'user', 'url', 'password', 'urlWithPassword'],
  cache: ['host', 'port', 'url'],
  search: ['endpoint', 'arn'],
  cdn: ['domain', 'url'],
  queue: ['url', 'arn', 'name'],
  topic: ['arn', 'name'],
  table: ['arn', 'name'],
  bucket: ['arn', 'name'],
  secret: ['arn', 'name'],
  service: ['host', 'port', 'url'],
  function: ['name', 'arn'],
  // testnet attributes are its declared port names: checked against the entity itself.
};

/**
 * Attributes whose value is a credential. They are never resolved into a file: each target
 * delivers them the way it delivers `secrets:` (docs/deploy.md), so one may only be the whole
 * value of an `env:` entry (core check `SECRET_ATTRIBUTE_MISPLACED`).
 */
export const SECRET_ATTRIBUTES: Partial<Record<EntityKind, readonly string[]>> = {
  database: ['password', 'urlWithPassword'],
};

export const isSecretAttribute = (kind: EntityKind, attribute: string): boolean => SECRET_ATTRIBUTES[kind]?.includes(attribute) ?? false;

/** The reference of a template that is one secret attribute and nothing else, if it is. */
export function secretAttributeOf(template: Template): { kind: EntityKind; name: string; attribute: string } | undefined {
  if (template.parts.length !== 1) return undefined; // (no destructuring: targets call this for every variable)
  const only = template.parts[0]!;
  return 'kind' in only && isSecretAttribute(only.kind, only.attribute) ? only : undefined;
}

/**
 * The field of a database's master secret (RDS keeps it in Secrets Manager as JSON
 * `{"username": …, "password": …}`) that a secret attribute reads.
 */
export const DATABASE_SECRET_FIELD: Readonly<Record<string, string>> = { password: 'password' };

/**
 * `${database.<name>.urlWithPassword}`: `url` with the master secret's user and password in it,
 * `<scheme>://<username>:<password>@<host>:<port>/<name>` (the password URL-encoded). No secret
 * store holds it whole: each target assembles it where the password is read (docs/deploy.md).
 */
export const DATABASE_URL_WITH_PASSWORD = 'urlWithPassword';

/** The URL scheme of a database engine, as drivers expect it in a connection URL. */
export const DATABASE_URL_SCHEMES: Readonly<Record<'mysql' | 'postgres', string>> = { postgres: 'postgresql', mysql: 'mysql' };

/** The tag RDS puts on the master secret it manages: the value is the DB instance's ARN. */
export const RDS_SECRET_TAG = 'aws:rds:primaryDBInstanceArn';

/** The RDS instance identifier of a database: `<system>-<env>-<name>`, at most 63 characters. */
export function databaseIdentifier(system: string, env: string, name: string): string {
  return cloudName(system, env, name, 63);
}

/**
 * The VPC range of the `index`-th region of an environment: the first region has `network.cidr`,
 * each further one the next block of the same size (`10.40.0.0/16` → `10.41.0.0/16`, …), so the
 * regions' networks never overlap and can be peered.
 */
export function regionCidr(cidr: string, index: number): string {
  const [address, prefixText] = cidr.split('/') as [string, string];
  const prefix = Number(prefixText);
  const base = address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const shifted = (base + index * 2 ** (32 - prefix)) % 2 ** 32;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(shifted / 2 ** shift) % 256).join('.')}/${prefix}`;
}

/** Short deterministic digest used to shorten names and make them unique again. */
export function shortHash(text: string, length = 6): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Shortens `name` to at most `maxLength` characters, deterministically: a name that fits is
 * returned unchanged; a longer one keeps its head and ends in `-<hash of the full name>`, so two
 * long names that share a prefix still differ.
 */
export function fitName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = shortHash(name);
  const head = name.slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

/** `<system>-<env>-<name>`, the name every cloud resource carries, fitted to `maxLength`. */
export function cloudName(system: string, env: string, name: string, maxLength = 63): string {
  return fitName(`${system}-${env}-${name}`, maxLength);
}

/** `/<system>/<env>/<kind>/<name>/<attribute>`: where Terraform publishes a wiring value. */
export function ssmParameterName(
  system: string,
  env: string,
  kind: EntityKind,
  name: string,
  attribute: string,
): string {
  return `/${system}/${env}/${kind}/${name}/${attribute}`;
}

/** `<system>/<env>/<name>`: the Secrets Manager id of a declared secret. */
export function secretId(system: string, env: string, name: string): string {
  return `${system}/${env}/${name}`;
}

/** The Secrets Manager id of a keyed testnet node's key: `<secretPrefix>/<node-name>`. */
export function testnetKeySecretId(secretPrefix: string, nodeName: string): string {
  return `${secretPrefix.replace(/\/+$/, '')}/${nodeName}`;
}

/** Names of the individual nodes of a testnet node group: `<group>-1`, `<group>-2`, … */
export function testnetNodeNames(group: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${group}-${index + 1}`);
}

/** `snake_case` identifier from a DNS-label name (`wallet-db` → `wallet_db`). */
export function snakeCase(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
}

/** `kind.name`, the way references are written in system.yaml. */
export function refString(ref: { kind: EntityKind; name: string }): string {
  return `${ref.kind}.${ref.name}`;
}

/** The IAM role of a Kubernetes workload's service account (IRSA): `<system>-<env>-<workload>`. */
export function workloadRoleName(system: string, env: string, workload: string): string {
  return cloudName(system, env, workload, 64);
}

/**
 * Scaling on queue depth (KEDA): every `aws-sqs-queue` trigger authenticates through this
 * ClusterTriggerAuthentication (podIdentity provider `aws`, identityOwner `workload`), which KEDA's
 * operator serves by assuming the workload's IAM role; so that role also trusts the operator's
 * role, named `KEDA_OPERATOR_ROLE` in the account. Both are installed with KEDA (targets/kubernetes/README.md, docs/language.md).
 */
export const KEDA_AUTHENTICATION = 'keda-aws-workload';
export const KEDA_OPERATOR_ROLE = 'keda-operator';

/** The namespace of one testnet: `<environment namespace>-<testnet>`, fitted to a DNS label. */
export function testnetNamespace(environmentNamespace: string, testnet: string): string {
  return fitName(`${environmentNamespace}-${testnet}`, 63);
}

/** The workload (and service account) name of a testnet's test service: `<testnet>-<service>`. */
export function testnetServiceName(testnet: string, service: string): string {
  return `${testnet}-${service}`;
}

/** Network values published for functions with `vpc: true`: `/<system>/<env>/network/vpc/<attribute>`. */
export function networkParameterName(system: string, env: string, attribute: 'private-subnet-ids' | 'lambda-security-group-id'): string {
  return `/${system}/${env}/network/vpc/${attribute}`;
}

/** Kinds whose attributes Terraform publishes as SSM parameters (the rest are known at compile time). */
export const PUBLISHED_KINDS: ReadonlySet<EntityKind> = new Set(['database', 'cache', 'search', 'queue', 'topic', 'table', 'bucket', 'secret', 'cdn']);

/**
 * Kinds a workload reaches through IAM; databases and caches are reached over the network only,
 * search clusters over the network (a security group) and through IAM (signed requests).
 */
export const IAM_ACCESS_KINDS: ReadonlySet<EntityKind> = new Set(['queue', 'topic', 'table', 'bucket', 'secret', 'search']);

/**
 * Whether a Kubernetes workload gets an IAM role for its service account (IRSA): it reaches a
 * resource through IAM, reads a secret, or reads a wiring parameter. Terraform creates exactly
 * these roles and Kubernetes annotates exactly these service accounts.
 */
export function needsWorkloadRole(workload: Container): boolean {
  return (
    [...workload.uses, ...workload.consumes, ...workload.publishes].some((ref) => IAM_ACCESS_KINDS.has(ref.kind)) ||
    Object.keys(workload.secrets).length > 0 ||
    Object.values(workload.env).some((template) => template.parts.some((part) => 'kind' in part && PUBLISHED_KINDS.has(part.kind)))
  );
}

/*
 * Names of the cloud resources more than one target refers to — Terraform creates them, the
 * serverless file and Kubernetes manifests point at them, the compose stand-ins mirror them — each
 * `<system>-<env>-<name>` fitted to what AWS accepts.
 */

/** FIFO queues and topics end in `.fifo`, and the suffix counts against the length limit. */
function fifoName(system: string, env: string, name: string, fifo: boolean, maxLength: number): string {
  return fifo ? `${cloudName(system, env, name, maxLength - '.fifo'.length)}.fifo` : cloudName(system, env, name, maxLength);
}

/** An SQS queue (80 characters, `.fifo` included). */
export function queueName(system: string, env: string, name: string, fifo: boolean): string {
  return fifoName(system, env, name, fifo, 80);
}

/** An SNS topic (256 characters, the same `.fifo` rule as SQS). */
export function topicName(system: string, env: string, name: string, fifo: boolean): string {
  return fifoName(system, env, name, fifo, 256);
}

/** A DynamoDB table (255 characters). */
export function tableName(system: string, env: string, name: string): string {
  return cloudName(system, env, name, 255);
}

/**
 * An S3 bucket (63 characters). Names are global: the bucket of the entity's first region is
 * `<system>-<env>-<name>`; a copy in a further region (`copyRegion`) adds the region, so adding a
 * region never renames the first bucket.
 */
export function bucketName(system: string, env: string, name: string, copyRegion?: string): string {
  return cloudName(system, env, copyRegion ? `${name}-${copyRegion}` : name, 63);
}

/** A Lambda function: Serverless deploys `<service>-<stage>-<function>`, which is this. */
export function functionName(system: string, env: string, name: string): string {
  return cloudName(system, env, name);
}

/** The ECR repository of a workload built from source. */
export function imageRepositoryName(system: string, env: string, workload: string): string {
  return cloudName(system, env, workload);
}

/**
 * `${service.<name>.host|port|url}` once a target knows the service's `host`: the port is the
 * service's main port (the lowest-numbered), the url `http://host:port` (`http://host` with no port).
 */
export function serviceAttribute(service: { ports: ReadonlyArray<{ port: number }> } | undefined, host: string, attribute: string): string {
  const port = service?.ports[0]?.port;
  if (attribute === 'host') return host;
  if (attribute === 'port') return port === undefined ? '' : String(port);
  return port === undefined ? `http://${host}` : `http://${host}:${port}`;
}

/**
 * Where the Kubernetes target deploys an environment, read from its checked options
 * (`optionsOf('kubernetes', env)`): the cluster, when named, and the namespace, the system name
 * unless set. The Kubernetes target deploys there, the Terraform target's IAM roles of service
 * accounts trust that cluster and name that namespace, and the graph labels the group with them.
 */
export interface KubernetesPlacement {
  /** The cluster (as kubeconfig and CI know it); unnamed, workloads get no IAM role. */
  cluster?: string;
  namespace: string;
}

export function kubernetesPlacement(options: Readonly<Record<string, unknown>>, system: string): KubernetesPlacement {
  const cluster = typeof options.cluster === 'string' ? options.cluster : undefined;
  return { ...(cluster ? { cluster } : {}), namespace: typeof options.namespace === 'string' ? options.namespace : system };
}
