/**
 * The Terraform files are ASCII, and V8 must hold them as one-byte strings: a two-byte one takes
 * twice the memory (≈ 18 MB for a 9 MB stack, on the thread that built it and again on the main
 * thread), and `JSON.stringify` runs in its slower two-byte mode. In Node 20's V8 `Array#join`
 * returns a two-byte string when a part is an internalized string (an entity name once used as a
 * property key), and one such string anywhere in a stack makes the whole file two-byte.
 */
import { describe, expect, it, vi } from 'vitest';
import { serialize } from 'node:v8';

/** V8's serializer tags a string with how V8 holds it: `"` one-byte, `c` two-byte. */
const isOneByte = (text: string) => serialize(text)[2] === '"'.charCodeAt(0);

// Names longer than 10 characters (JSON.parse internalizes shorter string values itself) and
// names without a dash (snake-casing returns those unchanged): every path that joins them.
const SYSTEM = `infragen: 1
system: shop
defaults: { cloud: aws, region: us-east-1 }
environments:
  prod:
    regions: [us-east-1]
    account: "123456789012"
    targets: { kubernetes: { cluster: shop-prod, namespace: shop } }
queues:
  incomingorders: { visibilityTimeout: 30s }
  outgoing-receipts: { visibilityTimeout: 30s }
topics:
  ordereventstopic: {}
tables:
  customerorders: { partitionKey: id }
buckets:
  customeruploads: {}
secrets:
  paymentgatewaytoken: { description: token }
databases:
  ordersdatabase: { engine: postgres, version: "16.3", class: db.t3.micro, storage: 20Gi }
services:
  orderprocessor:
    image: shop/worker:1.0
    consumes: [queue.incomingorders]
    publishes: [queue.outgoing-receipts, topic.ordereventstopic]
    uses: [table.customerorders, bucket.customeruploads, database.ordersdatabase]
    secrets: { TOKEN: paymentgatewaytoken }
    env: { DB_URL: "\${database.ordersdatabase.url}" }
functions:
  receiptmailer:
    handler: index.handler
    runtime: nodejs22.x
    vpc: true
    uses: [database.ordersdatabase]
  invoicerenderer:
    handler: index.handler
    runtime: nodejs22.x
    vpc: true
    uses: [database.ordersdatabase]
`;

describe('the Terraform files', () => {
  it('are one-byte strings when entity names have been used as property keys', async () => {
    // Modules of their own: the test files share theirs, and a system with a non-ASCII character
    // (every string parsed from it is two-byte) leaves two-byte strings in the compiler's caches.
    vi.resetModules();
    const { compileWithTarget, INLINE_ENTRY } = await import('../../helpers/compile.ts');
    const { files, diagnostics } = await compileWithTarget('terraform', INLINE_ENTRY, SYSTEM);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const stack = files['prod/us-east-1/main.tf.json']!;
    // the paths this guards: statement ids, Terraform ids, security group rule descriptions
    expect(stack).toContain('"ConsumeIncomingorders"');
    expect(stack).toContain('"Functions invoicerenderer, receiptmailer"');
    expect(isOneByte(stack)).toBe(true);
  });
});
