// Generates a valid system.yaml of a given size for the benchmark: `services` services with
// proportional databases, caches, tables, buckets, secrets, queues, topics, functions, jobs,
// alarms and one testnet, in two environments (one with two regions). Deterministic: the same
// size gives the same text. Run directly to print one: `node bench/generate.mjs 50`.
import { stringify } from 'yaml';

const per = (n, ratio) => Math.max(1, Math.round(n * ratio));
const pad = (i) => String(i).padStart(4, '0');

/** @param {number} services */
export function generateSystem(services) {
  const n = {
    services,
    databases: per(services, 0.2),
    caches: per(services, 0.1),
    tables: per(services, 0.1),
    buckets: per(services, 0.1),
    secrets: per(services, 0.1),
    queues: per(services, 0.5),
    topics: per(services, 0.2),
    functions: per(services, 0.5),
    jobs: per(services, 0.1),
  };
  const name = (kind, i) => `${kind}-${pad(i)}`;
  const pick = (kind, i) => name(kind, i % n[`${kind}s`]);

  const system = {
    infragen: 1,
    system: `bench-${services}`,
    description: `A generated system with ${services} services, for the benchmark.`,
    owner: 'bench@example.com',
    tags: { project: 'bench', team: 'platform' },
    defaults: { cloud: 'aws', region: 'us-east-1', runtime: 'nodejs20.x' },
    state: { bucket: 'bench-terraform-state', keyPrefix: `bench-${services}`, region: 'us-east-1', lockTable: 'bench-locks' },
    environments: {
      staging: {
        account: '123456789012',
        regions: ['us-east-1'],
        domain: 'staging.bench.example.com',
        vars: { LOG_LEVEL: 'debug' },
        targets: { kubernetes: { cluster: 'bench-staging', namespace: 'bench', certIssuer: 'letsencrypt-prod' } },
      },
      production: {
        account: '123456789012',
        regions: ['us-east-1', 'eu-west-1'],
        domain: 'bench.example.com',
        protect: true,
        vars: { LOG_LEVEL: 'info' },
        targets: {
          kubernetes: {
            cluster: 'bench-production', namespace: 'bench',
            ingressClass: { public: 'nginx', internal: 'nginx-internal' },
            certIssuer: 'letsencrypt-prod', secretStore: 'aws',
          },
        },
      },
    },
    network: { cidr: '10.0.0.0/16', zones: 2, nat: 'per-zone' },
    secrets: {}, databases: {}, caches: {}, tables: {}, buckets: {}, queues: {}, topics: {},
    services: {}, jobs: {}, functions: {}, testnets: {},
    notifications: { ops: { email: 'ops@example.com' }, oncall: { email: ['oncall@example.com'], webhook: 'https://hooks.example.com/bench' } },
    alarms: {},
  };

  for (let i = 0; i < n.secrets; i++) system.secrets[name('secret', i)] = { description: `Secret ${i}` };
  for (let i = 0; i < n.databases; i++) {
    system.databases[name('database', i)] = {
      engine: i % 2 ? 'postgres' : 'mysql', version: i % 2 ? '16.3' : '8.0', class: 'db.t3.medium', storage: '50Gi',
      backup: { retention: '7d', window: '03:00-04:00' },
      environments: { production: { class: 'db.r6g.large', storage: '200Gi', highAvailability: true } },
    };
  }
  for (let i = 0; i < n.caches; i++) {
    system.caches[name('cache', i)] = { engine: 'redis', version: '7.1', class: 'cache.t3.micro', nodes: 1, environments: { production: { nodes: 2 } } };
  }
  for (let i = 0; i < n.tables; i++) system.tables[name('table', i)] = { partitionKey: 'id', sortKey: 'createdAt', billing: 'on-demand', ttl: 'expiresAt' };
  for (let i = 0; i < n.buckets; i++) system.buckets[name('bucket', i)] = { versioning: i % 2 === 0, public: false };
  for (let i = 0; i < n.queues; i++) {
    system.queues[name('queue', i)] = { visibilityTimeout: '60s', retention: '4d', deadLetter: { maxReceives: 5 } };
  }
  for (let i = 0; i < n.topics; i++) {
    system.topics[name('topic', i)] = {
      subscribers: [
        { queue: `queue.${pick('queue', 2 * i)}`, filter: { kind: ['created', 'updated'] } },
        { queue: `queue.${pick('queue', 2 * i + 1)}`, filterOn: 'body', filter: { priority: 'high' } },
      ],
    };
  }

  for (let i = 0; i < services; i++) {
    const db = pick('database', i);
    const cache = pick('cache', i);
    const queue = pick('queue', i);
    const topic = pick('topic', i);
    const service = {
      image: `example/service-${pad(i)}:1.${i % 10}.0`,
      args: ['serve', '--port', '8080'],
      ports: { http: { port: 8080 }, ...(i % 5 === 0 ? { grpc: { port: 9090, protocols: ['tcp'] } } : {}) },
      ...(i % 4 === 0 ? { autoscale: { min: 2, max: 10, cpu: 70 } } : { replicas: 2 }),
      resources: { cpu: '250m', memory: '512Mi' },
      health: { http: '/health', port: 'http' },
      env: {
        DB_HOST: `\${database.${db}.host}`,
        DB_PORT: `\${database.${db}.port}`,
        DB_NAME: `\${database.${db}.name}`,
        REDIS_URL: `\${cache.${cache}.url}`,
        QUEUE_URL: `\${queue.${queue}.url}`,
        TOPIC_ARN: `\${topic.${topic}.arn}`,
        PUBLIC_URL: 'https://svc-' + pad(i) + '.${env.domain}',
        // a service in every region never calls one that runs in the primary region only
        ...(i > 0 && i % 7 !== 0 ? { UPSTREAM_URL: `\${service.${name('service', i - 1)}.url}` } : {}),
      },
      ...(i % 10 === 0 ? { secrets: { API_TOKEN: pick('secret', i) } } : {}),
      uses: [`database.${db}`, `cache.${cache}`, `table.${pick('table', i)}`, `bucket.${pick('bucket', i)}`],
      publishes: [`topic.${topic}`],
      consumes: [`queue.${queue}`],
      ...(i > 0 && i % 3 === 0 ? { dependsOn: [name('service', i - 1)] } : {}),
      ...(i % 20 === 0 ? { volumes: { data: { path: '/data', size: '20Gi' } } } : {}),
      ...(i % 2 === 0 ? { ingress: { host: `svc-${pad(i)}.\${env.domain}`, port: 'http', path: '/', tls: true, visibility: i % 4 === 0 ? 'public' : 'internal' } } : {}),
      metrics: { port: 8080, path: '/metrics' },
      environments: { production: { resources: { cpu: '500m', memory: '1Gi' }, ...(i % 7 === 0 ? { regions: 'all' } : {}) } },
    };
    system.services[name('service', i)] = service;
  }

  for (let i = 0; i < n.jobs; i++) {
    const db = pick('database', i);
    system.jobs[name('job', i)] = {
      image: `example/migrate-${pad(i)}:1.0.0`, command: ['migrate', 'up'],
      env: { DB_HOST: `\${database.${db}.host}`, DB_NAME: `\${database.${db}.name}` },
      uses: [`database.${db}`], before: [`service.${pick('service', i)}`],
    };
  }

  for (let i = 0; i < n.functions; i++) {
    const fn = {
      handler: `dist/fn${pad(i)}.handler`, memory: 512, timeout: '30s',
      env: { DB_HOST: `\${database.${pick('database', i)}.host}`, TABLE: `\${table.${pick('table', i)}.name}` },
      uses: [`database.${pick('database', i)}`, `table.${pick('table', i)}`],
      vpc: true,
    };
    if (i % 3 === 0) Object.assign(fn, { routes: [`GET /fn${pad(i)}/{id}`, `POST /fn${pad(i)}`], throttle: { rate: 100, burst: 200 } });
    else if (i % 3 === 1) fn.consumes = [{ queue: `queue.${pick('queue', i + 1)}`, batchSize: 10, window: '3s' }];
    else fn.schedule = 'rate(5 minutes)';
    if (i % 10 === 0) fn.secrets = { TOKEN: pick('secret', i) };
    if (i % 5 === 0) fn.publishes = [`topic.${pick('topic', i)}`];
    system.functions[name('function', i)] = fn;
  }

  system.testnets.chain = {
    image: 'example/node:1.0.0',
    regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
    public: true,
    ports: { p2p: { port: 8302, protocols: ['tcp', 'udp'], public: true }, graphql: { port: 3085 } },
    metrics: { port: 10000 },
    keys: { secretPrefix: 'bench/chain' },
    nodes: {
      seed: { role: 'seed', count: 2 },
      producer: { role: 'producer', count: Math.max(3, Math.round(services / 25)) },
      coordinator: { role: 'coordinator', count: 1, workSelection: 'seq' },
      worker: { role: 'worker', count: 4, coordinator: 'coordinator' },
    },
    services: { bot: { image: 'example/bot:1.0.0', env: { GRAPHQL_URL: 'http://${testnet.chain.graphql}/graphql' } } },
  };

  const alarms = per(services, 0.5);
  for (let i = 0; i < alarms; i++) {
    const shape = i % 6;
    const alarm =
      shape === 0 ? { on: `function.${pick('function', i)}`, metric: 'errors', threshold: '> 0', period: '5m' }
      : shape === 1 ? { on: `database.${pick('database', i)}`, metric: 'cpu-credit-balance', threshold: '< 20' }
      : shape === 2 ? { on: `queue.${pick('queue', i)}`, metric: 'dead-letters', threshold: '> 0' }
      : shape === 3 ? { on: `service.${pick('service', i)}`, log: 'FATAL', threshold: '>= 1', period: '1m', severity: 'critical' }
      : shape === 4 ? { on: `cache.${pick('cache', i)}`, metric: 'evictions', threshold: '> 100' }
      : { expr: `sum(rate(http_errors_total{service="${pick('service', i)}"}[5m])) > 1`, for: '10m' };
    alarm.notify = i % 2 ? ['ops'] : ['ops', 'oncall'];
    system.alarms[name('alarm', i)] = alarm;
  }
  system.alarms['site-up'] = { probe: 'https://${env.domain}/health', period: '1m', notify: ['ops'] };

  return `# Generated by bench/generate.mjs (${services} services); do not edit.\n${stringify(system, { lineWidth: 0 })}`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(generateSystem(Number(process.argv[2] ?? 50)));
