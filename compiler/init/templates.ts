/**
 * The starting points `infragen init` writes: small, commented systems that validate and build
 * as they are. Each names only what it uses (no account, no cluster until you deploy there).
 */

export interface TemplateInput {
  system: string;
  region: string;
  /** The `$schema` path for the editor line. */
  schema: string;
}

export interface Template {
  id: string;
  description: string;
  render(input: TemplateInput): string;
}

const head = (input: TemplateInput, summary: string) => `# yaml-language-server: $schema=${input.schema}
# ${summary}
# Build it:  npx infragen build system.yaml   (writes out/terraform, out/kubernetes, …)
# Language reference: https://www.npmjs.com/package/infragen (docs/language.md in the package)
infragen: 1
system: ${input.system}
`;

const environment = (input: TemplateInput) => `
defaults: { cloud: aws, region: ${input.region} }

environments:
  # Where it deploys. Before \`terraform apply\` on EKS add the account and the cluster:
  #   account: "123456789012"
  #   targets: { kubernetes: { cluster: my-eks-cluster } }
  production:
    regions: [${input.region}]
`;

const serviceDb: Template = {
  id: 'service-db',
  description: 'a web service with Postgres, a Redis cache and a migration job',
  render: (input) => `${head(input, 'A web service with a Postgres database, a Redis cache and a migration job.')}description: A web service over Postgres and Redis.
${environment(input)}
databases:
  app-db:
    engine: postgres
    version: "16"
    class: db.t4g.micro          # the RDS instance class; locally the postgres:16 image
    dbName: app

caches:
  cache:
    engine: redis
    version: "7.1"
    class: cache.t4g.micro

jobs:
  migrate:                       # runs to completion before web starts, on every deploy
    image: ghcr.io/example/web:1.0.0
    args: [npm, run, migrate]
    env: { DATABASE_URL: "\${database.app-db.url}" }
    uses: [database.app-db]
    before: [service.web]

services:
  web:
    image: ghcr.io/example/web:1.0.0   # or build: { context: ., dockerfile: Dockerfile }
    ports:
      http: { port: 8080, public: true }
    replicas: 2
    resources: { cpu: 250m, memory: 256Mi }
    health: { http: /health }
    env:
      # interpolations: each target fills in the real address (RDS, ElastiCache, or the local containers)
      DATABASE_URL: "\${database.app-db.url}"
      REDIS_URL: "\${cache.cache.url}"
    uses: [database.app-db, cache.cache]
`,
};

const functions: Template = {
  id: 'functions',
  description: 'API functions with a queue and a schedule (serverless.yml)',
  render: (input) => `${head(input, 'API functions that hand work to a queue, and a scheduled job.')}description: An HTTP API on Lambda with a work queue and a nightly run.
${environment(input)}
queues:
  work:
    visibilityTimeout: 60s       # at least the timeout of the function that consumes it
    deadLetter: { maxReceives: 5 }

functions:
  api:
    handler: src/api.handler
    routes: ["GET /items", "POST /items"]
    publishes: [queue.work]
    env: { WORK_QUEUE_URL: "\${queue.work.url}" }
  worker:
    handler: src/worker.handler
    timeout: 30s
    consumes: [queue.work]
  nightly:
    handler: src/nightly.handler
    schedule: cron(0 3 * * ? *)   # 03:00 UTC every day
`,
};

const testnet: Template = {
  id: 'testnet',
  description: 'a blockchain testnet: seed and producer nodes with a test service',
  render: (input) => `${head(input, 'A blockchain testnet: seed and block-producer nodes, and a service that drives them.')}description: A test network of seed and producer nodes.
${environment(input)}
secrets:
  faucet-key: { description: Private key of the faucet account }

testnets:
  devnet:
    image: ghcr.io/example/node:1.0.0
    ha: false                    # one region; true spreads the nodes over at least 3
    ports:
      p2p: { port: 8302, protocols: [tcp, udp] }
      rpc: { port: 3085 }
    keys: { secretPrefix: ${input.system}/devnet-keys }   # each producer reads <prefix>/<node>
    resources: { cpu: "1", memory: 2Gi }
    nodes:
      seed: { role: seed, count: 1 }
      producer: { role: producer, count: 2 }
    services:
      faucet:
        image: ghcr.io/example/faucet:1.0.0
        env: { NODE_RPC_URL: "http://\${testnet.devnet.rpc}" }
        secrets: { FAUCET_PRIVATE_KEY: faucet-key }
`,
};

const blank: Template = {
  id: 'blank',
  description: 'one service, nothing else',
  render: (input) => `${head(input, 'A blank system: one service to start from.')}${environment(input)}
services:
  web:
    image: nginx:1.27
    ports:
      http: { port: 80, public: true }
    runAsRoot: true              # the nginx image starts as root and drops to its own user
    readOnlyRootFilesystem: false
`,
};

export const TEMPLATES: readonly Template[] = [serviceDb, functions, testnet, blank];
export const DEFAULT_TEMPLATE = 'service-db';
