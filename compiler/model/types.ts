/**
 * The normalized, target-neutral model of a system. Targets (built-in and plugins) see only this:
 * defaults applied, environment overrides merged, regions resolved, references checked and turned
 * into `EntityRef`s, `${env.*}`/`${system}` substituted. Nothing here is specific to Kubernetes,
 * AWS or any other target; every map is keyed by entity name and its keys are in sorted order.
 */
import type { SourceSpan } from './span.ts';

export type EntityKind =
  | 'secret'
  | 'database'
  | 'cache'
  | 'search'
  | 'table'
  | 'bucket'
  | 'queue'
  | 'topic'
  | 'cdn'
  | 'service'
  | 'job'
  | 'function'
  | 'testnet'
  | 'alarm'
  | 'notification';

/** A resolved reference to another entity of the same system, e.g. `database.wallet-db`. */
export interface EntityRef {
  kind: EntityKind;
  name: string;
  span: SourceSpan;
}

/**
 * A string that may interpolate values of other entities. `${system}` and `${env.*}` are already
 * substituted, except `${env.region}`: one environment spans several regions, so it stays a part
 * (`{ env: 'region' }`) that each target replaces by the region of the output it writes
 * (`templateInRegion`). What is left are references that each target resolves its own way (see "Wiring").
 */
export interface Template {
  /** The text as written (after `${env.*}`/`${system}` substitution; `${env.region}` kept as written). */
  text: string;
  parts: TemplatePart[];
}
export type TemplatePart =
  | { literal: string }
  | { kind: EntityKind; name: string; attribute: string }
  /** `${env.region}`: the region of the output the value lands in. */
  | { env: 'region' };

export interface EntityBase {
  kind: EntityKind;
  name: string;
  /** Where the entity is defined (its key in the map). */
  span: SourceSpan;
  /**
   * Where each field written on the entity is (its value; inside the environment's override when
   * the override sets it), for diagnostics at the exact line. Fields left to their default are absent.
   */
  fieldSpans: Record<string, SourceSpan>;
  /** `x-*` keys written on the entity, kept for plugins (key includes the `x-` prefix). */
  extensions: Record<string, unknown>;
}

/** An entity that is placed in regions (every managed resource and workload). */
export interface Placed {
  /** The regions it runs in for this environment, primary first. */
  regions: string[];
}

export interface Environment {
  name: string;
  /** Primary first. */
  regions: string[];
  domain?: string;
  account?: string;
  protect: boolean;
  vars: Record<string, string>;
  kubernetes: {
    cluster?: string;
    namespace: string;
    ingressClass: { public: string; internal: string };
    certIssuer?: string;
    secretStore: string;
  };
  span: SourceSpan;
}

export type NetworkModel =
  | { mode: 'managed'; cidr: string; zones: number; nat: 'per-zone' | 'single' | 'none' }
  | { mode: 'existing'; vpcId: string; privateSubnets: string[]; publicSubnets: string[] };

export interface Secret extends EntityBase, Placed {
  kind: 'secret';
  description?: string;
}

export interface Database extends EntityBase, Placed {
  kind: 'database';
  engine: 'mysql' | 'postgres';
  version: string;
  class: string;
  /** Allocated storage in GiB (rounded up from the declared size). */
  storageGiB: number;
  /** The logical database name (`dbName:` or the entity name with `-` → `_`). */
  dbName: string;
  user: string;
  port: number;
  backup: { retentionDays: number; window?: string };
  highAvailability: boolean;
  /** Read replicas: `count` in each of `regions` (sorted; default: the database's own regions). */
  replicas?: { count: number; regions: string[] };
}

export interface Cache extends EntityBase, Placed {
  kind: 'cache';
  engine: 'redis' | 'valkey';
  version: string;
  class: string;
  nodes: number;
  port: number;
}

/** A managed search cluster (OpenSearch Service). */
export interface Search extends EntityBase, Placed {
  kind: 'search';
  engine: 'opensearch';
  version: string;
  class: string;
  nodes: number;
  /** EBS storage per data node in GiB (rounded up from the declared size). */
  storageGiB: number;
  /** HTTPS, always. */
  port: number;
}

export type KeyType = 'string' | 'number' | 'binary';
export interface TableKey {
  name: string;
  type: KeyType;
}
export interface Table extends EntityBase, Placed {
  kind: 'table';
  partitionKey: TableKey;
  sortKey?: TableKey;
  billing: 'on-demand' | 'provisioned';
  capacity?: { read: number; write: number };
  ttl?: string;
  pointInTimeRecovery: boolean;
}

export type BucketEvent = 'created' | 'removed';
/** Object events of a bucket sent to a function, queue or topic. */
export interface BucketNotification {
  /** A function, queue or topic. */
  target: EntityRef;
  /** In the order created, removed. */
  events: BucketEvent[];
  prefix?: string;
  suffix?: string;
  /** The `notify` entry, or the function's `consumes` entry that declared it. */
  span: SourceSpan;
}
export interface Bucket extends EntityBase, Placed {
  kind: 'bucket';
  versioning: boolean;
  public: boolean;
  /**
   * Every notification: the bucket's `notify` entries in the order written, then those functions
   * declare with `consumes: [bucket.x]`, in function-name order.
   */
  notify: BucketNotification[];
}

export interface Queue extends EntityBase, Placed {
  kind: 'queue';
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  delaySeconds: number;
  deadLetter?: { maxReceives: number; retentionSeconds: number };
}

export interface TopicSubscription {
  queue: EntityRef;
  /** SNS filter policy: attribute → allowed values. */
  filter?: Record<string, Array<string | number | boolean>>;
  filterOn: 'attributes' | 'body';
  rawDelivery: boolean;
  span: SourceSpan;
}
export interface Topic extends EntityBase, Placed {
  kind: 'topic';
  fifo: boolean;
  subscribers: TopicSubscription[];
}

/**
 * A CDN (CloudFront) in front of a bucket or of a service's public ingress. Placed in the region of
 * its origin (the origin's first one), where Terraform builds it.
 */
export interface Cdn extends EntityBase, Placed {
  kind: 'cdn';
  origin: EntityRef;
  /** Host names, `${env.*}` substituted. */
  aliases: string[];
  cache: {
    defaultTtlSeconds: number;
    minTtlSeconds: number;
    maxTtlSeconds: number;
    queryStrings: boolean;
    cookies: boolean;
    /** Sorted. */
    headers: string[];
    compress: boolean;
  };
}

export type Protocol = 'tcp' | 'udp';
export interface Port {
  name: string;
  port: number;
  protocols: Protocol[];
  public: boolean;
  span: SourceSpan;
}

export interface Health {
  http?: string;
  /** Port name for `http` checks. */
  port?: string;
  command?: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  startupSeconds: number;
}

export interface Image {
  /** A registry image reference, or undefined when built from source. */
  image?: string;
  build?: { context: string; dockerfile: string };
}

export interface AccessRef extends EntityRef {
  /** Options given in object form, e.g. `{ queue: queue.x, batchSize: 10 }`. */
  batchSize?: number;
  windowSeconds?: number;
}

export interface Egress {
  cidr: string;
  port: number;
  protocol: Protocol;
}

/** What every container workload (service, job, testnet service) has. */
export interface Container extends EntityBase, Placed, Image {
  command?: string[];
  args?: string[];
  env: Record<string, Template>;
  /** Env var name → secret. */
  secrets: Record<string, EntityRef>;
  uses: EntityRef[];
  publishes: EntityRef[];
  consumes: AccessRef[];
  /** Declared outbound traffic to outside the system (`egress:`), sorted. */
  egress: Egress[];
  resources: { cpu: string; memory: string };
  /** User id the container runs as; never 0 unless the file says `runAsRoot: true`. */
  runAsUser: number;
  runAsRoot: boolean;
  readOnlyRootFilesystem: boolean;
  /** Per-target merge patches (`overrides: { kubernetes: …, compose: … }`). */
  overrides: Record<string, unknown>;
}

export interface Volume {
  name: string;
  path: string;
  size: string;
}

/** One path prefix of an ingress and the port name it goes to. */
export interface IngressPath {
  path: string;
  port: string;
}
export interface Ingress {
  /** Every host name, in the order written (`host:` is a list of one). */
  hosts: string[];
  /** Every path and its port, in the order written (`path`/`port` are a list of one). */
  paths: IngressPath[];
  /** The first host (what plugins of API version 1 read). */
  host: string;
  /** The port of the first path. */
  port: string;
  /** The first path. */
  path: string;
  tls: boolean;
  visibility: 'public' | 'internal';
}

/**
 * Horizontal scaling. Without `queue`: on cpu/memory (cpu 70% when neither is given). With
 * `queue`: on the queue's visible messages, `messagesPerReplica` each, plus cpu/memory if given.
 */
export interface Autoscale {
  min: number;
  max: number;
  cpu?: number;
  memory?: number;
  queue?: EntityRef;
  messagesPerReplica?: number;
}

export interface Service extends Container {
  kind: 'service';
  /** In order of port number (then name): the first is the main port (the `port` attribute, the default of health and ingress). */
  ports: Port[];
  replicas: number;
  autoscale?: Autoscale;
  health?: Health;
  dependsOn: EntityRef[];
  volumes: Volume[];
  ingress?: Ingress;
  metrics?: { port: number; path: string };
}

/** When a scheduled job runs (`schedule:`), and how runs overlap and are kept. */
export interface JobSchedule {
  /** Five-field cron or a macro (`@daily`), as written. */
  cron: string;
  /** IANA time zone; the cluster's when unset. */
  timezone?: string;
  concurrency: 'forbid' | 'allow' | 'replace';
  keepSucceeded: number;
  keepFailed: number;
  startingDeadlineSeconds?: number;
}

export interface Job extends Container {
  kind: 'job';
  /** Set for a job that runs on a schedule rather than once per deploy. */
  schedule?: JobSchedule;
  before: EntityRef[];
  backoffLimit: number;
  ttlSecondsAfterFinished: number;
  timeoutSeconds?: number;
}

export interface FunctionRoute {
  method: string;
  path: string;
  throttle?: { rate: number; burst: number };
  span: SourceSpan;
}
export type Authorizer = { function: EntityRef } | { cognito: string };
/** API Gateway's kinds: REST APIs (v1) and HTTP APIs (v2). */
export type ApiKind = 'rest' | 'http';
export interface FunctionDef extends EntityBase, Placed {
  kind: 'function';
  /** `defaults.runtime` when unset; meaningless for a function packaged as an `image`. */
  runtime: string;
  /** The code entry point; unset exactly when the function is an `image`. */
  handler?: string;
  /** A container image URI holding the function (container-image Lambda). */
  image?: string;
  memory: number;
  timeoutSeconds: number;
  routes: FunctionRoute[];
  /** The API its `routes` are served by (`api:`, else `defaults.api`). */
  api: ApiKind;
  websocket: string[];
  authorizer?: Authorizer;
  throttle?: { rate: number; burst: number };
  schedule?: string;
  consumes: AccessRef[];
  uses: EntityRef[];
  publishes: EntityRef[];
  secrets: Record<string, EntityRef>;
  env: Record<string, Template>;
  vpc: boolean;
}

export type NodeRole = 'seed' | 'producer' | 'coordinator' | 'worker' | 'archive' | 'node';
export interface TestnetNode {
  name: string;
  role: NodeRole;
  count: number;
  /** Producers (and any node with `keyed: true`) read their own key from the secret manager. */
  keyed: boolean;
  workSelection?: 'seq' | 'rand';
  coordinator?: string;
  span: SourceSpan;
}
export interface TestnetService extends Container {
  kind: 'service';
  ports: Port[];
  replicas: number;
}
export interface Testnet extends EntityBase, Placed, Image {
  kind: 'testnet';
  command?: string[];
  args?: string[];
  ha: boolean;
  public: boolean;
  ports: Port[];
  metrics?: { port: number; path: string };
  keys?: { secretPrefix: string };
  resources: { cpu: string; memory: string };
  /** In name order. */
  nodes: TestnetNode[];
  services: Record<string, TestnetService>;
}

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type Severity = 'critical' | 'warning' | 'info';
export type AlarmSource =
  | { type: 'metric'; on: EntityRef; metric: string }
  | { type: 'log'; on: EntityRef; pattern: string }
  | { type: 'probe'; url: string }
  | { type: 'expr'; expr: string };
export interface Alarm extends EntityBase {
  kind: 'alarm';
  source: AlarmSource;
  threshold?: { comparison: Comparison; value: number };
  periodSeconds: number;
  evaluationPeriods: number;
  /** `for:` of expr alarms. */
  forSeconds?: number;
  severity: Severity;
  description?: string;
  notify: EntityRef[];
}

export interface Notification extends EntityBase {
  kind: 'notification';
  email?: string[];
  webhook?: string;
  slack?: string;
  sms?: string[];
}

/** Everything of one environment (or of the base definitions), resolved. */
export interface ResolvedSystem {
  /** Undefined for the base model (local output). */
  environment?: Environment;
  /**
   * The tag of images built from source here: `--image-tag`/`IMAGE_TAG`, else the environment's
   * `image.tag`, else the system's `version`. Always set in an environment that deploys a built
   * image (validation makes sure); may be unset in the base model (the local stack).
   */
  imageTag?: string;
  network: NetworkModel;
  secrets: Record<string, Secret>;
  databases: Record<string, Database>;
  caches: Record<string, Cache>;
  search: Record<string, Search>;
  tables: Record<string, Table>;
  buckets: Record<string, Bucket>;
  queues: Record<string, Queue>;
  topics: Record<string, Topic>;
  cdns: Record<string, Cdn>;
  services: Record<string, Service>;
  jobs: Record<string, Job>;
  functions: Record<string, FunctionDef>;
  testnets: Record<string, Testnet>;
  alarms: Record<string, Alarm>;
  notifications: Record<string, Notification>;
}

export interface StateConfig {
  bucket: string;
  keyPrefix: string;
  region: string;
  lockTable?: string;
}

/** What every target receives. */
export interface SystemModel {
  /** The system's name. */
  name: string;
  /** The system's release version (`version:`), when it has one. */
  version?: string;
  description?: string;
  owner?: string;
  tags: Record<string, string>;
  defaults: { cloud: 'aws'; region: string; runtime: string; api: ApiKind };
  state?: StateConfig;
  /** The base definitions (no environment overrides): the local stack. */
  base: ResolvedSystem;
  /** One per environment, in name order (the order they are written in means nothing). */
  environments: ResolvedSystem[];
  /** Top-level `x-*` keys. */
  extensions: Record<string, unknown>;
}

/** The maps of `ResolvedSystem` that hold entities, with the kind each holds. */
export const ENTITY_COLLECTIONS = {
  secrets: 'secret',
  databases: 'database',
  caches: 'cache',
  search: 'search',
  tables: 'table',
  buckets: 'bucket',
  queues: 'queue',
  topics: 'topic',
  cdns: 'cdn',
  services: 'service',
  jobs: 'job',
  functions: 'function',
  testnets: 'testnet',
  alarms: 'alarm',
  notifications: 'notification',
} as const satisfies Record<string, EntityKind>;

export type EntityCollection = keyof typeof ENTITY_COLLECTIONS;

export const COLLECTION_OF_KIND = Object.fromEntries(
  Object.entries(ENTITY_COLLECTIONS).map(([collection, kind]) => [kind, collection]),
) as Record<EntityKind, EntityCollection>;

export type Entity =
  | Secret
  | Database
  | Cache
  | Search
  | Table
  | Bucket
  | Queue
  | Topic
  | Cdn
  | Service
  | Job
  | FunctionDef
  | Testnet
  | Alarm
  | Notification;
