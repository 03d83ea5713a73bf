/** One zod schema per kind of entity. Entity maps are keyed by name (see `system.ts`). */
import { z } from 'zod';
import {
  comparison, cpu, duration, envMap, envVarName, instanceClass, instanceSize, ipv4Cidr, name, overrides, port, reference, region, regions, runtime, size,
} from './primitives.ts';

export const secret = z.strictObject({
  description: z.string().optional(),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

export const database = z.strictObject({
  engine: z.enum(['mysql', 'postgres']),
  version: z.string().regex(/^\d+(\.\d+)*$/, { error: 'must be an engine version like "8.0" or "16.3"' }),
  class: instanceClass('The instance class as the environment\'s cloud names it (`db.t3.medium` on AWS); or give `size`.').optional(),
  size: instanceSize.optional().meta({ description: 'A portable size, `small` to `xlarge`, that each cloud maps to one of its classes; or give `class`.' }),
  storage: size.default('20Gi'),
  dbName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, { error: 'must be a database name: a letter, then letters, digits, `_`' }).optional(),
  user: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, { error: 'must be a user name: a letter, then up to 15 letters, digits, `_`' }).optional(),
  backup: z.strictObject({
    retention: duration.default('7d'),
    window: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a UTC window like "03:00-04:00"' }).optional(),
  }).optional(),
  highAvailability: z.boolean().default(false),
  replicas: z.strictObject({
    count: z.int().min(1).max(5).meta({ description: 'Read replicas in each replica region.' }),
    regions: z.array(region).min(1).optional()
      .meta({ description: 'Regions of the replicas (environment regions); a region the database is not in gets cross-region replicas of its first copy. Default: next to each copy of the database.' }),
  }).optional().meta({ description: 'RDS read replicas; `${database.<name>.readerHost}` is the first replica of the region.' }),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

export const search = z.strictObject({
  engine: z.literal('opensearch').default('opensearch'),
  version: z.string().regex(/^\d+\.\d+$/, { error: 'must be an OpenSearch version like "2.13"' }),
  class: instanceClass('The instance type of the data nodes as the environment\'s cloud names it (`r6g.large.search` on AWS); or give `size`.').optional(),
  size: instanceSize.optional().meta({ description: 'A portable size, `small` to `xlarge`, that each cloud maps to one of its classes; or give `class`.' }),
  nodes: z.int().min(1).max(80).default(1).meta({ description: 'Data nodes; more than one spreads them over two availability zones (an even count).' }),
  storage: size.default('20Gi').meta({ description: 'EBS (gp3) storage per data node.' }),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

export const cache = z.strictObject({
  engine: z.enum(['redis', 'valkey']).default('redis'),
  version: z.string().regex(/^\d+(\.\d+)*$/, { error: 'must be an engine version like "7.1"' }),
  class: instanceClass('The node type as the environment\'s cloud names it (`cache.t3.micro` on AWS); or give `size`.').optional(),
  size: instanceSize.optional().meta({ description: 'A portable size, `small` to `xlarge`, that each cloud maps to one of its classes; or give `class`.' }),
  nodes: z.int().min(1).max(6).default(1),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

const tableKey = z.union([
  z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { error: 'must be an attribute name' }),
  z.strictObject({ name: z.string().min(1), type: z.enum(['string', 'number', 'binary']).default('string') }),
]);
export const table = z.strictObject({
  partitionKey: tableKey,
  sortKey: tableKey.optional(),
  billing: z.enum(['on-demand', 'provisioned']).default('on-demand'),
  capacity: z.strictObject({ read: z.int().min(1), write: z.int().min(1) }).optional()
    .meta({ description: 'Read and write capacity units; required with `billing: provisioned`.' }),
  ttl: z.string().min(1).optional().meta({ description: 'The attribute that holds each item\'s expiry time.' }),
  pointInTimeRecovery: z.boolean().default(true),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

/** Which object events a bucket notification (or a function's bucket source) carries, and for which keys. */
const bucketEventFilter = {
  events: z.array(z.enum(['created', 'removed'])).min(1).default(['created'])
    .meta({ description: 'Object events that notify: `created` (any upload or copy), `removed` (any delete).' }),
  prefix: z.string().min(1).max(1024).optional().meta({ description: 'Only keys starting with this, e.g. `uploads/`.' }),
  suffix: z.string().min(1).max(1024).optional().meta({ description: 'Only keys ending with this, e.g. `.jpg`.' }),
};
const bucketNotification = z.strictObject({
  function: reference('A function invoked for each event: `function.name` or `name`.').optional(),
  queue: reference('A queue sent each event: `queue.name` or `name`.').optional(),
  topic: reference('A topic published each event: `topic.name` or `name`.').optional(),
  ...bucketEventFilter,
});

export const bucket = z.strictObject({
  versioning: z.boolean().default(false),
  public: z.boolean().default(false),
  notify: z.array(bucketNotification).default([])
    .meta({ description: 'Object events sent on: `[{ queue: uploads, events: [created], prefix: incoming/, suffix: .csv }]`; each entry names one `function`, `queue` or `topic`.' }),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

export const queue = z.strictObject({
  fifo: z.boolean().default(false),
  visibilityTimeout: duration.default('30s'),
  retention: duration.default('4d'),
  delay: duration.default('0s'),
  deadLetter: z.strictObject({ maxReceives: z.int().min(1).max(1000), retention: duration.default('14d') }).optional()
    .meta({ description: 'Creates `<name>-dlq` and a redrive policy.' }),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

export const cdn = z.strictObject({
  origin: reference('What it serves: `bucket.name` (it stays private: CloudFront reads it through Origin Access Control) or `service.name` (through its public ingress).'),
  aliases: z.array(z.string().regex(/^[A-Za-z0-9.${}*-]+$/, { error: 'must be a host name like `media.${env.domain}`' })).default([])
    .meta({ description: 'Host names it answers (TLS through an ACM certificate in us-east-1, validated by DNS); `${env.*}` allowed.' }),
  cache: z.strictObject({
    defaultTtl: duration.default('1d'),
    minTtl: duration.default('0s'),
    maxTtl: duration.default('365d'),
    queryStrings: z.boolean().default(false).meta({ description: 'Query strings are part of the cache key (and reach the origin).' }),
    cookies: z.boolean().default(false).meta({ description: 'Cookies are part of the cache key (and reach the origin).' }),
    headers: z.array(z.string().regex(/^[A-Za-z0-9-]+$/, { error: 'must be a header name' })).default([])
      .meta({ description: 'Request headers that are part of the cache key (and reach the origin).' }),
    compress: z.boolean().default(true),
  }).default({ defaultTtl: '1d', minTtl: '0s', maxTtl: '365d', queryStrings: false, cookies: false, headers: [], compress: true })
    .meta({ description: 'The cache policy: TTLs and what makes up the cache key.' }),
  overrides: overrides.optional(),
});

const filterValue = z.union([z.string(), z.number(), z.boolean()]);
export const topic = z.strictObject({
  fifo: z.boolean().default(false),
  subscribers: z.array(z.strictObject({
    queue: reference('The subscribed queue: `queue.name` or `name`.'),
    filter: z.record(z.string().min(1), z.union([filterValue, z.array(filterValue).min(1)])).optional()
      .meta({ description: 'SNS filter policy: attribute (or body field) → allowed values.' }),
    filterOn: z.enum(['attributes', 'body']).default('attributes'),
    rawDelivery: z.boolean().default(true),
  })).default([]),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

const portSpec = z.union([
  port,
  z.strictObject({
    port,
    protocols: z.array(z.enum(['tcp', 'udp'])).min(1).default(['tcp']),
    public: z.boolean().default(false),
  }),
]);
const ports = z.record(name, portSpec);

const queueConsumer = z.strictObject({
  queue: reference('A queue: `queue.name`.'),
  batchSize: z.int().min(1).max(10000).optional(),
  window: duration.optional().meta({ description: 'Maximum batching window.' }),
});
const consumeRef = z.union([reference('A queue: `queue.name`.'), queueConsumer]);
/** Functions also take a bucket's object events as their source (the same thing as the bucket's `notify: [{ function }]`). */
const functionConsumeRef = z.union([
  reference('A queue (`queue.name`) or a bucket whose object creations invoke the function (`bucket.name`).'),
  queueConsumer,
  z.strictObject({ bucket: reference('A bucket whose object events invoke the function: `bucket.name` or `name`.'), ...bucketEventFilter }),
]);

const health = z.strictObject({
  http: z.string().startsWith('/', { error: 'must be a path starting with `/`' }).optional(),
  port: name.optional().meta({ description: 'The port name the http check calls (default: the main port, the lowest-numbered).' }),
  command: z.array(z.string()).min(1).optional(),
  interval: duration.default('10s'),
  timeout: duration.default('5s'),
  failureThreshold: z.int().min(1).max(20).default(3),
  startup: duration.default('0s').meta({ description: 'Time allowed for start-up before liveness checks count.' }),
});

/** Outbound connections a workload makes beyond what `uses` and references open: a port (to anywhere) or a range. */
const egress = z.array(z.union([
  port,
  z.strictObject({ cidr: ipv4Cidr.default('0.0.0.0/0'), port, protocol: z.enum(['tcp', 'udp']).default('tcp') }),
])).default([]).meta({ description: 'Outbound traffic to outside the system: `443` (HTTPS to anywhere) or `{ cidr, port, protocol: tcp }`. Everything else is denied on Kubernetes.' });

const ingressPath = z.string().startsWith('/', { error: 'must start with `/`' });

const image = z.string().regex(/^[a-z0-9][a-z0-9._\/:@-]*$/i, { error: 'must be an image reference like `repo/name:1.2.3`' });
const build = z.strictObject({ context: z.string().min(1), dockerfile: z.string().default('Dockerfile') });

/** Keys every container workload (service, job, testnet service) accepts. */
const containerShape = {
  image: image.optional(),
  build: build.optional().meta({ description: 'Build from source; in the cloud an ECR repository is created.' }),
  command: z.array(z.string()).optional().meta({ description: 'The entrypoint.' }),
  args: z.array(z.string()).optional(),
  env: envMap.default({}),
  secrets: z.record(envVarName, reference('A secret: `secret.name` or `name`.')).default({}),
  uses: z.array(reference('An entity this workload reads or writes.')).default([]),
  publishes: z.array(reference('A topic or queue it sends to.')).default([]),
  consumes: z.array(consumeRef).default([]),
  egress,
  resources: z.strictObject({ cpu: cpu.default('100m'), memory: size.default('128Mi') }).default({ cpu: '100m', memory: '128Mi' }),
  runAsUser: z.int().min(1).max(2147483647).default(10001),
  runAsRoot: z.boolean().default(false).meta({ description: 'Run as root: off unless you say so.' }),
  readOnlyRootFilesystem: z.boolean().default(true),
  regions: regions.optional(),
  overrides: overrides.optional(),
};

export const service = z.strictObject({
  ...containerShape,
  ports: ports.default({}),
  replicas: z.int().min(0).max(1000).optional(),
  size: instanceSize.optional().meta({ description: 'A portable size, `small` to `xlarge`: the CPU and memory the environment\'s cloud gives it (`resources` set what it names).' }),
  autoscale: z.strictObject({
    min: z.int().min(1),
    max: z.int().min(1).max(1000),
    cpu: z.int().min(1).max(100).optional(),
    memory: z.int().min(1).max(100).optional(),
    queue: reference('Scale on this queue\'s depth: `queue.name` (KEDA on Kubernetes).').optional(),
    messagesPerReplica: z.int().min(1).max(100000).optional()
      .meta({ description: 'Visible messages one replica works through; with `queue`. Default: 5.' }),
  }).optional(),
  health: health.optional(),
  dependsOn: z.array(reference('A service: `name` or `service.name`.')).default([]),
  volumes: z.record(name, z.strictObject({ path: z.string().startsWith('/', { error: 'must be an absolute path' }), size: size.default('10Gi') })).default({}),
  ingress: z.strictObject({
    host: z.string().min(1).optional().meta({ description: 'The one host name it answers (or `hosts`).' }),
    hosts: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Several host names, e.g. `[app.example.com, www.example.com]`; TLS covers every one.' }),
    port: name.optional().meta({ description: 'The port name (default: the main port, the lowest-numbered); the default of each `paths` entry.' }),
    path: ingressPath.default('/'),
    paths: z.array(z.strictObject({
      path: ingressPath,
      port: name.optional().meta({ description: 'The port name this path goes to (default: the ingress `port`).' }),
    })).min(1).optional().meta({ description: 'Several path prefixes, each to a port: `[{ path: /api, port: http }, { path: /stream, port: ws }]`.' }),
    tls: z.boolean().default(true),
    visibility: z.enum(['public', 'internal']).default('internal'),
  }).optional(),
  metrics: z.strictObject({ port, path: z.string().startsWith('/', { error: 'must be a path starting with `/`' }).default('/metrics') }).optional(),
});

/** Five-field cron (or a macro like `@daily`); its fields are checked by the semantic stage, at their line. */
const cron = z.string().min(1).meta({ description: 'Five-field cron, `minute hour day-of-month month day-of-week` (`"30 2 * * *"`), or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.' });
const jobSchedule = z.union([
  cron,
  z.strictObject({
    cron,
    timezone: z.string().min(1).optional().meta({ description: 'An IANA time zone like `Europe/Berlin` (default: the cluster\'s, usually UTC).' }),
    concurrency: z.enum(['forbid', 'allow', 'replace']).default('forbid').meta({ description: 'When a run is due while the last one still runs: skip it (`forbid`), run both (`allow`), or stop the old one (`replace`).' }),
    keepSucceeded: z.int().min(0).max(100).default(3).meta({ description: 'Finished runs kept for inspection.' }),
    keepFailed: z.int().min(0).max(100).default(1).meta({ description: 'Failed runs kept for inspection.' }),
    startingDeadline: duration.optional().meta({ description: 'A run that could not start within this time of its schedule is skipped.' }),
  }),
]);

export const job = z.strictObject({
  ...containerShape,
  schedule: jobSchedule.optional().meta({ description: 'Run on a schedule (a Kubernetes CronJob) instead of once per deploy.' }),
  before: z.array(reference('A service that waits for this job: `service.name`.')).default([]),
  backoffLimit: z.int().min(0).max(100).default(2),
  ttlAfterFinished: duration.default('1h'),
  timeout: duration.optional(),
});

const ROUTE_PATTERN = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/[A-Za-z0-9_.~{}\/+-]*$/;
const route = z.union([
  z.string().regex(ROUTE_PATTERN, { error: 'must be `METHOD /path`, e.g. "GET /wallets/{id}"' }),
  z.strictObject({
    route: z.string().regex(ROUTE_PATTERN, { error: 'must be `METHOD /path`, e.g. "GET /wallets/{id}"' }),
    throttle: z.strictObject({ rate: z.number().positive(), burst: z.int().min(1) }),
  }),
]);
export const fn = z.strictObject({
  runtime: runtime.optional().meta({ description: 'Default: `defaults.runtime`. Not with `image`.' }),
  handler: z.string().min(1).optional().meta({ description: 'The code entry point, e.g. `src/api.handler`; or give `image`.' }),
  image: image.optional().meta({ description: 'A container image (an ECR image URI) holding the function instead of `handler`/`runtime`.' }),
  memory: z.int().min(128).max(10240).default(256),
  timeout: duration.default('6s'),
  routes: z.array(route).default([]),
  api: z.enum(['rest', 'http']).optional().meta({ description: 'The API Gateway kind of its routes: `rest` (REST API) or `http` (HTTP API); default: `defaults.api`.' }),
  websocket: z.array(z.string().regex(/^(\$connect|\$disconnect|\$default|[A-Za-z0-9_-]+)$/, { error: 'must be a route key: $connect, $disconnect, $default or a name' })).default([]),
  authorizer: z.union([reference('A function: `function.name`.'), z.strictObject({ cognito: z.string().min(1) })]).optional(),
  throttle: z.strictObject({ rate: z.number().positive(), burst: z.int().min(1) }).optional(),
  schedule: z.string().regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/, { error: 'must be `rate(5 minutes)` or `cron(...)`' }).optional(),
  consumes: z.array(functionConsumeRef).default([]),
  uses: z.array(reference('An entity this function reads or writes.')).default([]),
  publishes: z.array(reference('A topic or queue it sends to.')).default([]),
  secrets: z.record(envVarName, reference('A secret: `secret.name` or `name`.')).default({}),
  env: envMap.default({}),
  vpc: z.boolean().default(false),
  regions: regions.optional(),
  overrides: overrides.optional(),
});

const testnetNode = z.strictObject({
  role: z.enum(['seed', 'producer', 'coordinator', 'worker', 'archive', 'node']),
  count: z.int().min(1).max(500).default(1),
  keyed: z.boolean().optional().meta({ description: 'Reads its own key from `<secretPrefix>/<node>`; default: true for producers.' }),
  workSelection: z.enum(['seq', 'rand']).optional(),
  coordinator: reference('The coordinator node group this worker pool serves.').optional(),
});
export const testnetService = z.strictObject({
  ...containerShape,
  ports: ports.default({}),
  replicas: z.int().min(0).max(100).default(1),
});
export const testnet = z.strictObject({
  image,
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  regions: z.array(region).min(1).optional().meta({ description: 'Regions the nodes are spread over; default: the environment\'s.' }),
  ha: z.boolean().default(true).meta({ description: 'Highly available: needs at least 3 regions.' }),
  public: z.boolean().default(false),
  ports: ports.default({}),
  metrics: z.strictObject({ port, path: z.string().startsWith('/', { error: 'must be a path starting with `/`' }).default('/metrics') }).optional(),
  keys: z.strictObject({ secretPrefix: z.string().regex(/^[A-Za-z0-9/_+=.@-]+$/, { error: 'must be a Secrets Manager path prefix' }) }).optional(),
  resources: z.strictObject({ cpu: cpu.default('1'), memory: size.default('2Gi') }).default({ cpu: '1', memory: '2Gi' }),
  nodes: z.record(name, testnetNode),
  services: z.record(name, testnetService).default({}),
});

export const notification = z.strictObject({
  email: z.union([z.email({ error: 'must be an e-mail address' }), z.array(z.email({ error: 'must be an e-mail address' })).min(1)]).optional(),
  slack: z.url({ error: 'must be a URL' }).optional().meta({ description: 'A Slack incoming-webhook URL (set out of band in the cloud; kept out of files).' }),
  webhook: z.url({ error: 'must be a URL' }).optional(),
  sms: z.union([z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be a phone number like `+15551234567`' }), z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be a phone number like `+15551234567`' })).min(1)]).optional(),
});

export const alarm = z.strictObject({
  on: reference('The entity watched: `function.api`, `database.db`, `service.daemon`, …').optional(),
  metric: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a metric name like `errors`' }).optional().meta({ description: 'A metric of the source kind\'s catalogue.' }),
  log: z.string().min(1).optional().meta({ description: 'A log marker: the alarm counts log lines that contain it.' }),
  probe: z.string().regex(/^https?:\/\/[^/\s?#]+/, { error: 'must be an http(s) URL with a host, e.g. https://app.example.com/health' }).optional(),
  expr: z.string().min(1).optional().meta({ description: 'A PromQL expression (PrometheusRule / Prometheus rules file).' }),
  threshold: comparison.optional(),
  period: duration.default('5m'),
  evaluationPeriods: z.int().min(1).max(100).default(1),
  for: duration.optional(),
  severity: z.enum(['critical', 'warning', 'info']).default('warning'),
  description: z.string().optional(),
  notify: z.array(reference('A notification channel: `name` or `notification.name`.')).default([]),
});

export const entitySchemas = {
  secrets: secret,
  databases: database,
  caches: cache,
  search,
  tables: table,
  buckets: bucket,
  queues: queue,
  topics: topic,
  cdns: cdn,
  services: service,
  jobs: job,
  functions: fn,
  testnets: testnet,
  alarms: alarm,
  notifications: notification,
} as const;
