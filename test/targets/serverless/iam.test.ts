/** Least privilege: each function's own role grants exactly what it declares, on named resources. */
import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.ts';

const SYSTEM = `
infragen: 1
system: shop
defaults: { cloud: aws, region: eu-west-1, runtime: nodejs22.x }
environments:
  prod: { regions: [eu-west-1], account: "111122223333" }
queues:
  orders-in: { visibilityTimeout: 60s }
topics:
  orders-out: {}
tables:
  carts: { partitionKey: id }
databases:
  shop-db: { engine: postgres, version: "16.3", class: db.t3.micro, storage: 20Gi }
functions:
  worker:
    handler: dist/worker.handler
    timeout: 30s
    consumes: [queue.orders-in]
    publishes: [topic.orders-out]
  cart:
    handler: dist/cart.handler
    uses: [table.carts, database.shop-db]
    vpc: true
`;

type Statement = { Action: string[]; Effect: string; Resource: unknown };
function statementsOf(document: any, roleId: string): Statement[] {
  return document.resources.Resources[roleId].Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement);
}

describe('per-function IAM roles', () => {
  it('a queue consumer and topic publisher gets exactly receive/delete/attributes on the queue and publish on the topic', async () => {
    const { documents, diagnostics } = await compileInline(SYSTEM);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const document = documents['prod/eu-west-1/serverless.yml'];
    expect(document.functions.worker.role).toBe('WorkerLambdaRole');
    const statements = statementsOf(document, 'WorkerLambdaRole');
    const logs = statements.filter((s) => s.Action.every((action) => action.startsWith('logs:')));
    const others = statements.filter((s) => !logs.includes(s));
    expect(others).toEqual([
      { Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Effect: 'Allow', Resource: '${ssm:/shop/prod/queue/orders-in/arn}' },
      { Action: ['sns:Publish'], Effect: 'Allow', Resource: '${ssm:/shop/prod/topic/orders-out/arn}' },
    ]);
    // Logging is limited to the function's own log group.
    expect(logs).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: 'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/shop-prod-worker:*',
      },
    ]);
    for (const statement of others) {
      expect(statement.Action.some((action) => action.includes('*'))).toBe(false);
      expect(String(statement.Resource)).not.toContain('*');
    }
  });

  it('another function of the same file gets none of those grants', async () => {
    const { documents } = await compileInline(SYSTEM);
    const statements = statementsOf(documents['prod/eu-west-1/serverless.yml'], 'CartLambdaRole');
    const actions = statements.flatMap((s) => s.Action);
    expect(actions.filter((action) => action.startsWith('sqs:') || action.startsWith('sns:'))).toEqual([]);
    expect(statements.find((s) => s.Resource === '${ssm:/shop/prod/table/carts/arn}')?.Action).toContain('dynamodb:GetItem');
    // the database is network access only; the ENI actions take no resource but are named
    expect(actions.some((action) => action.startsWith('rds'))).toBe(false);
    for (const statement of statements) expect(statement.Action).not.toContain('*');
  });

  it('no function shares the framework default role', async () => {
    const { documents } = await compileInline(SYSTEM);
    const document = documents['prod/eu-west-1/serverless.yml'];
    for (const fn of Object.values<any>(document.functions)) expect(document.resources.Resources[fn.role]?.Type).toBe('AWS::IAM::Role');
    expect(document.provider.iam).toBeUndefined();
  });
});

describe('search clusters', () => {
  it('a function that uses a search cluster may call its HTTP API, and must run in the VPC to reach it', async () => {
    const { documents, diagnostics } = await compileInline(`
infragen: 1
system: shop
defaults: { cloud: aws, region: eu-west-1 }
environments:
  prod: { regions: [eu-west-1], account: "111122223333" }
search:
  products: { version: "2.13", class: t3.small.search }
functions:
  indexer: { handler: dist/indexer.handler, uses: [search.products], vpc: true, env: { SEARCH_URL: "\${search.products.endpoint}" } }
  outside: { handler: dist/outside.handler, uses: [search.products] }
`);
    expect(diagnostics.filter((d) => d.code === 'SERVERLESS_PRIVATE_WITHOUT_VPC').map((d) => d.message)).toEqual([
      'function "outside" (prod) uses search.products in private subnets but does not run in the VPC',
    ]);
    const document = documents['prod/eu-west-1/serverless.yml'];
    const search = statementsOf(document, 'IndexerLambdaRole').find((statement) => statement.Action.includes('es:ESHttpGet'));
    expect(search).toEqual({
      Action: ['es:ESHttpDelete', 'es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPatch', 'es:ESHttpPost', 'es:ESHttpPut'],
      Effect: 'Allow',
      Resource: '${ssm:/shop/prod/search/products/arn}/*',
    });
    expect(document.functions.indexer.environment.SEARCH_URL).toBe('${ssm:/shop/prod/search/products/endpoint}');
  });
});
