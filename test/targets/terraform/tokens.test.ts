/**
 * cdktf's process-wide token map (targets/terraform/tokens.ts), end to end: each stack's tokens
 * are released once it is written, so a build (or each rebuild of a watch session) does not keep
 * every construct it made alive through them. resolve.test.ts covers releaseTokensSince itself.
 */
import { describe, expect, it } from 'vitest';
import { Lazy } from 'cdktf';
import { compileInline } from './compile-inline.ts';

const tokenCount = () => {
  const map = (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } }).__cdktfTokenMap;
  return (map?.stringTokenMap.size ?? 0) + (map?.numberTokenMap.size ?? 0);
};

const SYSTEM = `infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1, eu-west-1], account: "123456789012" }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro, regions: [us-east-1, eu-west-1] }
functions:
  api: { runtime: nodejs20.x, handler: index.handler, env: { DB_HOST: "\${database.db.host}" }, uses: [database.db], regions: all }
`;

describe('the tokens of a stack', () => {
  it('leave nothing behind after a build of two stacks, and the second stack still resolves its own references', async () => {
    await compileInline(SYSTEM); // the first build loads cdktf and registers its import-time tokens
    const before = tokenCount();
    const { stacks, diagnostics } = await compileInline(SYSTEM);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(Object.keys(stacks).sort()).toEqual(['prod/eu-west-1/main.tf.json', 'prod/us-east-1/main.tf.json']);
    expect(JSON.stringify(stacks['prod/us-east-1/main.tf.json'])).toContain('${aws_');
    expect(JSON.stringify(stacks['prod/us-east-1/main.tf.json'])).not.toContain('${TfToken');
    expect(tokenCount()).toBe(before);
  });
});

describe('an account looked up from the credentials', () => {
  // No `account`: ARNs are built on the caller-identity lookup, a token. IAM lists of them are
  // sorted and deduplicated as text; their order must not follow cdktf's token numbers, which
  // depend on what the process made before (a worker's warm-up run, a watch session's rebuilds).
  const WITHOUT_ACCOUNT = `infragen: 1
system: shop
environments:
  prod:
    regions: [us-east-1]
    targets:
      kubernetes: { cluster: shop-prod }
queues:
  orders: {}
  refunds: {}
topics:
  events: {}
databases:
  main: { engine: postgres, version: "16.3", class: db.t3.micro }
caches:
  sessions: { engine: redis, version: "7.1", class: cache.t3.micro }
services:
  api:
    image: shop/api:1.0.0
    ports: { http: 8080 }
    consumes: [queue.refunds, queue.orders]
    publishes: [topic.events]
    uses: [database.main, cache.sessions, queue.orders, topic.events]
    env:
      DB_HOST: \${database.main.host}
      CACHE: \${cache.sessions.host}
      ORDERS: \${queue.orders.url}
      EVENTS: \${topic.events.arn}
`;

  /** Makes `count` tokens, as a run before this one would (cdktf numbers tokens for the whole process). */
  const makeTokens = (count: number) => {
    for (let index = 0; index < count; index++) Lazy.stringValue({ produce: () => 'x' });
  };

  it("gives the same stacks whatever cdktf's token counter stands at", async () => {
    const first = await compileInline(WITHOUT_ACCOUNT);
    expect(first.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    // the service's statements list each ARN once, in the order of their text
    const statements = first.stacks['prod/us-east-1/main.tf.json'].data.aws_iam_policy_document.access_service_api.statement as Array<{ sid: string; resources: string[] }>;
    const resources = Object.fromEntries(statements.map((statement) => [statement.sid, statement.resources]));
    expect(resources.ConsumeOrders).toEqual(['arn:aws:sqs:us-east-1:${data.aws_caller_identity.current.account_id}:shop-prod-orders']);
    expect(resources.WiringParameters).toEqual([...resources.WiringParameters!].sort());
    expect(resources.WiringParameters).toHaveLength(4);
    for (const shift of [9, 925]) {
      makeTokens(shift);
      expect((await compileInline(WITHOUT_ACCOUNT)).stacks).toEqual(first.stacks);
    }
  });
});
