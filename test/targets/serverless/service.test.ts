/** What one serverless.yml holds: files per environment/region, events, throttling, wiring, findings. */
import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.ts';

const HEADER = `
infragen: 1
system: pay
defaults: { cloud: aws, region: us-east-1, runtime: nodejs20.x }
environments:
  dev: { regions: [us-east-1, eu-west-1], vars: { LOG_LEVEL: debug } }
  live: { regions: [us-east-1, eu-west-1], account: "123456789012", protect: true }
secrets:
  api-key: { description: partner key }
databases:
  pay-db: { engine: mysql, version: "8.0", class: db.t3.micro, storage: 20Gi }
queues:
  jobs: {}
`;

describe('serverless.yml per environment and region', () => {
  it('writes a file only where functions run, staged by environment', async () => {
    const { documents } = await compileInline(`${HEADER}
functions:
  api: { handler: dist/api.handler, routes: ["GET /items"] }
  nightly: { handler: dist/nightly.handler, schedule: cron(0 3 * * ? *), regions: [eu-west-1] }
`);
    expect(Object.keys(documents).sort()).toEqual(['dev/eu-west-1/serverless.yml', 'dev/us-east-1/serverless.yml', 'live/eu-west-1/serverless.yml', 'live/us-east-1/serverless.yml']);
    expect(Object.keys(documents['dev/eu-west-1/serverless.yml'].functions)).toEqual(['nightly']);
    const live = documents['live/us-east-1/serverless.yml'];
    expect(live.service).toBe('pay');
    expect(live.provider).toMatchObject({ stage: 'live', region: 'us-east-1', logRetentionInDays: 90 });
    expect(documents['dev/us-east-1/serverless.yml'].provider.logRetentionInDays).toBe(30);
    expect(live.provider.stackTags).toMatchObject({ system: 'pay', environment: 'live', 'managed-by': 'infragen' });
    expect(live.functions.api.name).toBe('pay-live-api');
    expect(documents['dev/eu-west-1/serverless.yml'].functions.nightly.events).toEqual([{ schedule: 'cron(0 3 * * ? *)' }]);
  });

  it('throttles the stage and each route, a route override winning', async () => {
    const { documents } = await compileInline(`${HEADER}
functions:
  api:
    handler: dist/api.handler
    routes: ["GET /items/{id}", { route: "POST /items", throttle: { rate: 2, burst: 4 } }]
    throttle: { rate: 20, burst: 40 }
  admin: { handler: dist/admin.handler, routes: ["GET /admin/{proxy+}"], throttle: { rate: 5, burst: 10 } }
`);
    const document = documents['live/us-east-1/serverless.yml'];
    expect(document.plugins).toEqual(['serverless-api-gateway-throttling']);
    expect(document.custom.apiGatewayThrottling).toEqual({ maxRequestsPerSecond: 20, maxConcurrentRequests: 40 });
    const [get, post] = document.functions.api.events.map((event: any) => event.http);
    expect(get).toMatchObject({ method: 'get', path: '/items/{id}', request: { parameters: { paths: { id: true } } }, throttling: { maxRequestsPerSecond: 20, maxConcurrentRequests: 40 } });
    expect(post.throttling).toEqual({ maxRequestsPerSecond: 2, maxConcurrentRequests: 4 });
    expect(document.functions.admin.events[0].http.request.parameters.paths).toEqual({ proxy: true });
  });

  it('references wiring values and secrets through SSM, never values', async () => {
    const { documents, files } = await compileInline(`${HEADER}
functions:
  api:
    handler: dist/api.handler
    env: { DB_URL: "mysql://\${database.pay-db.host}:\${database.pay-db.port}/app", QUEUE: "\${queue.jobs.url}", DB_PASS: "\${database.pay-db.password}" }
    secrets: { API_KEY: api-key }
    consumes: [{ queue: queue.jobs, batchSize: 5, window: 2s }]
    uses: [database.pay-db]
    vpc: true
`);
    const api = documents['live/us-east-1/serverless.yml'].functions.api;
    expect(api.environment).toEqual({
      API_KEY_SECRET_ARN: '${ssm:/pay/live/secret/api-key/arn}',
      DB_PASS_SECRET_ARN: '${ssm:/pay/live/database/pay-db/master-secret-arn}',
      DB_PASS_SECRET_FIELD: 'password',
      DB_URL: 'mysql://${ssm:/pay/live/database/pay-db/host}:${ssm:/pay/live/database/pay-db/port}/app',
      QUEUE: '${ssm:/pay/live/queue/jobs/url}',
    });
    expect(api.events).toEqual([{ sqs: { arn: '${ssm:/pay/live/queue/jobs/arn}', batchSize: 5, maximumBatchingWindow: 2 } }]);
    expect(api.vpc).toEqual({
      securityGroupIds: ['${ssm:/pay/live/network/vpc/lambda-security-group-id}'],
      subnetIds: '${ssm:/pay/live/network/vpc/private-subnet-ids}',
    });
    expect(documents['dev/us-east-1/serverless.yml'].provider.environment).toEqual({ LOG_LEVEL: 'debug' });
    // read at run time: the role may read exactly the two secrets, nothing is resolved at deploy time
    const statements = documents['live/us-east-1/serverless.yml'].resources.Resources.ApiLambdaRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.filter((statement: { Action: string[] }) => statement.Action.includes('secretsmanager:GetSecretValue')).map((statement: { Resource: string }) => statement.Resource)).toEqual([
      '${ssm:/pay/live/database/pay-db/master-secret-arn}',
      '${ssm:/pay/live/secret/api-key/arn}',
    ]);
    for (const contents of Object.values(files)) expect(contents).not.toMatch(/aws\/reference\/secretsmanager/);
  });

  it('reads a value of an entity in another region from that region', async () => {
    const { documents } = await compileInline(`${HEADER}
functions:
  edge: { handler: dist/edge.handler, regions: [eu-west-1], env: { DB_HOST: "\${database.pay-db.host}" }, secrets: { KEY: api-key } }
`);
    expect(documents['dev/eu-west-1/serverless.yml'].functions.edge.environment).toEqual({
      DB_HOST: '${ssm(us-east-1):/pay/dev/database/pay-db/host}',
      KEY_SECRET_ARN: '${ssm(us-east-1):/pay/dev/secret/api-key/arn}',
    });
  });

  it('puts Lambda TOKEN authorizers on routes and a REQUEST authorizer on $connect', async () => {
    const { documents } = await compileInline(`${HEADER}
functions:
  auth: { handler: dist/auth.handler }
  api: { handler: dist/api.handler, routes: ["GET /me"], websocket: [$connect, ping], authorizer: function.auth, throttle: { rate: 7, burst: 9 } }
`);
    const document = documents['live/us-east-1/serverless.yml'];
    const [http, connect, ping] = document.functions.api.events;
    expect(http.http.authorizer).toEqual({ name: 'auth', type: 'token', identitySource: 'method.request.header.Authorization' });
    expect(connect.websocket).toEqual({ route: '$connect', authorizer: { name: 'auth', identitySource: ['route.request.querystring.token'] } });
    expect(ping.websocket).toEqual({ route: 'ping' });
    expect(document.resources.extensions.WebsocketsDeploymentStage.Properties.RouteSettings.ping).toEqual({ ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 });
  });

  it('reads a Cognito user pool ARN from SSM unless an ARN is given', async () => {
    const { documents } = await compileInline(`${HEADER}
functions:
  a: { handler: dist/a.handler, routes: ["GET /a"], authorizer: { cognito: customers } }
  b: { handler: dist/b.handler, routes: ["GET /b"], authorizer: { cognito: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC" } }
`);
    const functions = documents['live/us-east-1/serverless.yml'].functions;
    expect(functions.a.events[0].http.authorizer).toEqual({ arn: '${ssm:/pay/live/cognito/customers/arn}', name: 'cognito-customers', type: 'COGNITO_USER_POOLS' });
    expect(functions.b.events[0].http.authorizer.arn).toBe('arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC');
  });

  it('reports what it cannot express', async () => {
    const { diagnostics, files } = await compileInline(`${HEADER}
functions:
  auth: { handler: dist/auth.handler, regions: [eu-west-1] }
  ws: { handler: dist/ws.handler, websocket: [$connect], authorizer: function.auth }
  one: { handler: dist/one.handler, routes: ["GET /x"] }
  two: { handler: dist/two.handler, routes: ["GET /x"], uses: [database.pay-db] }
  chat: { handler: dist/chat.handler, websocket: [$connect], authorizer: { cognito: users }, env: { MODE: plain }, secrets: { MODE: api-key } }
`);
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain('SERVERLESS_AUTHORIZER_REGION');
    expect(codes).toContain('SERVERLESS_DUPLICATE_ROUTE');
    expect(codes).toContain('SERVERLESS_PRIVATE_WITHOUT_VPC');
    expect(codes).toContain('SERVERLESS_WEBSOCKET_COGNITO');
    expect(codes).toContain('SERVERLESS_ENV_SECRET_CONFLICT');
    // a warning is reported once per environment, not once per region file
    expect(codes.filter((code) => code === 'SERVERLESS_PRIVATE_WITHOUT_VPC')).toHaveLength(2);
    expect(files).toEqual({});
  });
});
