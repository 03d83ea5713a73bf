/** Small systems exercising one compose rule each. */
import { describe, expect, it } from 'vitest';
import { Tagged, mergeCompose } from './compose-merge.ts';
import { compileInline } from './compile-inline.ts';

const HEADER = `infragen: 1
system: shop
defaults: { cloud: aws, region: us-east-1 }
environments:
  prod: { regions: [us-east-1], account: "123456789012", domain: shop.example.com, protect: true, vars: { LOG_LEVEL: info } }
`;

describe('compose target', () => {
  it('escapes literal $ so that Compose does not interpolate it', async () => {
    const { documents } = await compileInline(`${HEADER}
services:
  worker:
    image: busybox:1.36
    command: [sh, -c]
    args: ['echo "$HOME"']
    env: { GREETING: "costs $5" }
databases:
  db: { engine: mysql, version: "8.0", class: db.t3.micro, storage: 20Gi }
`);
    const worker = documents['docker-compose.yml'].services.worker;
    expect(worker.entrypoint).toEqual(['sh', '-c']);
    expect(worker.command).toEqual(['echo "$$HOME"']);
    expect(worker.environment.GREETING).toBe('costs $$5');
  });

  it('runs MySQL and Redis stand-ins at the declared versions, with readiness checks', async () => {
    const { documents } = await compileInline(`${HEADER}
databases:
  orders-db: { engine: mysql, version: "8.0", class: db.t3.micro, storage: 20Gi, dbName: orders, user: shop }
caches:
  sessions: { engine: redis, version: "7.1", class: cache.t3.micro }
services:
  api:
    image: shop/api:1.0
    ports: { http: 8080 }
    env: { DB: "\${database.orders-db.url}", REDIS: "\${cache.sessions.url}" }
    uses: [database.orders-db, cache.sessions]
`);
    const compose = documents['docker-compose.yml'];
    const db = compose.services['orders-db'];
    expect(db.image).toBe('mysql:8.0');
    expect(db.environment).toEqual({ MYSQL_DATABASE: 'orders', MYSQL_PASSWORD_FILE: '/run/secrets/orders-db-password', MYSQL_RANDOM_ROOT_PASSWORD: 'yes', MYSQL_USER: 'shop' });
    expect(db.healthcheck.test.slice(0, 3)).toEqual(['CMD', 'mysqladmin', 'ping']);
    // ElastiCache 7.1 has no upstream Redis release of that number.
    expect(compose.services.sessions.image).toBe('redis:7.2');
    expect(compose.services.api.environment).toMatchObject({
      DB: 'mysql://shop@orders-db:3306/orders',
      REDIS: 'redis://sessions:6379',
      ORDERS_DB_PASSWORD_FILE: '/run/secrets/orders-db-password',
    });
    expect(compose.services.api.depends_on).toEqual({ 'orders-db': { condition: 'service_healthy' }, sessions: { condition: 'service_healthy' } });
    expect(compose.services.api).not.toHaveProperty('ports');
  });

  it('gives published ports host ports that never collide, a range per replica', async () => {
    const services = ['a', 'b', 'c']
      .map((name) => `  ${name}: { image: shop/${name}:1, ports: { http: 8080 }, replicas: 2, ingress: { host: "${name}.\${env.domain}", visibility: internal } }`)
      .join('\n');
    const { documents } = await compileInline(`${HEADER}services:\n${services}\n  d: { image: shop/d:1, ports: { http: 8081 }, ingress: { host: "d.\${env.domain}" } }\n`);
    const published = Object.fromEntries(Object.entries(documents['docker-compose.yml'].services).map(([name, s]: [string, any]) => [name, s.ports[0].published]));
    // d's own 8081 is inside a's range, so it moves above the ranges b and c took.
    expect(published).toEqual({ a: '8080-8081', b: '8082-8083', c: '8084-8085', d: '8086' });
  });

  it('creates queues with their dead-letter queue, topics with filtered subscriptions, and wires them', async () => {
    const { documents, files } = await compileInline(`${HEADER}
queues:
  jobs: { fifo: true, deadLetter: { maxReceives: 3 } }
topics:
  events:
    fifo: true
    subscribers: [{ queue: jobs, filter: { type: [created] }, filterOn: body, rawDelivery: true }]
services:
  api:
    image: shop/api:1.0
    env: { JOBS_URL: "\${queue.jobs.url}", EVENTS_ARN: "\${topic.events.arn}" }
    publishes: [topic.events]
    consumes: [queue.jobs]
`);
    const script = files['localstack/init/ready.d/init-aws.sh']!;
    expect(script).toContain(`awslocal sqs create-queue --queue-name shop-local-jobs-dlq.fifo --attributes '{"MessageRetentionPeriod":`);
    expect(script).toContain('\\"deadLetterTargetArn\\":\\"arn:aws:sqs:us-east-1:000000000000:shop-local-jobs-dlq.fifo\\",\\"maxReceiveCount\\":\\"3\\"');
    expect(script).toContain(`awslocal sns create-topic --name shop-local-events.fifo --attributes '{"FifoTopic":"true"}'`);
    expect(script).toContain(`"FilterPolicy":"{\\"type\\":[\\"created\\"]}","FilterPolicyScope":"MessageBody"`);
    expect(script).not.toContain('LocationConstraint');
    const api = documents['docker-compose.yml'].services.api;
    expect(api.environment.JOBS_URL).toBe('http://localstack:4566/000000000000/shop-local-jobs.fifo');
    expect(api.environment.EVENTS_ARN).toBe('arn:aws:sns:us-east-1:000000000000:shop-local-events.fifo');
    expect(api.environment.AWS_ACCESS_KEY_ID).toBe('test');
    expect(api.depends_on).toEqual({ localstack: { condition: 'service_healthy' } });
    expect(documents['docker-compose.yml'].services.localstack.environment.SERVICES).toBe('sns,sqs');
  });

  it('applies overrides.compose as a JSON merge patch, and resets keys an environment drops', async () => {
    const { documents } = await compileInline(`${HEADER}
services:
  api:
    image: shop/api:1.0
    overrides: { compose: { services.api: { labels: { team: core }, cap_drop: null } } }
    environments: { prod: { readOnlyRootFilesystem: false } }
`);
    const api = documents['docker-compose.yml'].services.api;
    expect(api.labels).toEqual({ team: 'core' });
    expect(api).not.toHaveProperty('cap_drop');
    const override = documents['docker-compose.prod.override.yml'].services.api;
    expect(override.read_only).toBeInstanceOf(Tagged);
    expect([override.read_only.tag, override.tmpfs.tag]).toEqual(['!reset', '!reset']);
    const merged: any = mergeCompose(documents['docker-compose.yml'], documents['docker-compose.prod.override.yml']);
    expect(merged.services.api).not.toHaveProperty('read_only');
    expect(merged.services.api.restart).toBe('always');
    expect(merged.services.api.environment).toEqual({ LOG_LEVEL: 'info' });
  });

  it('says that functions are not run locally, and stops on clashing compose service names', async () => {
    const functions = await compileInline(`${HEADER}
functions:
  hello: { handler: dist/hello.handler, runtime: nodejs20.x }
`);
    expect(functions.diagnostics).toContainEqual(expect.objectContaining({ code: 'COMPOSE_FUNCTIONS_NOT_LOCAL', severity: 'info' }));
    expect(functions.files['docker-compose.yml']).toContain('# Functions are not run locally (deploy them with serverless.yml): hello.');

    const many = await compileInline(`${HEADER}
functions:
${Array.from({ length: 12 }, (_, index) => `  fn-${String(index).padStart(2, '0')}: { handler: dist/h.handler, runtime: nodejs20.x }`).join('\n')}
`);
    const listed = many.diagnostics.find((diagnostic) => diagnostic.code === 'COMPOSE_FUNCTIONS_NOT_LOCAL')!;
    expect(listed.message).toContain('(fn-00, fn-01, fn-02, fn-03, fn-04, fn-05, fn-06, fn-07, fn-08, fn-09 and 2 more)');
    expect(many.files['docker-compose.yml']).toContain('fn-10, fn-11.');

    const clash = await compileInline(`${HEADER}
databases:
  api: { engine: postgres, version: "16.3", class: db.t3.micro, storage: 20Gi }
services:
  api: { image: shop/api:1.0 }
`);
    expect(clash.diagnostics).toContainEqual(expect.objectContaining({ code: 'COMPOSE_NAME_CLASH', severity: 'error' }));
    expect(clash.files).toEqual({});
  });
});
