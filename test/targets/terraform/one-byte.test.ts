/**
 * The Terraform files are ASCII, and V8 must hold them as one-byte strings: a two-byte one takes
 * twice the memory (≈ 18 MB for a 9 MB stack, on the thread that built it and again on the main
 * thread), and `JSON.stringify` runs in its slower two-byte mode. In Node 20's V8 `Array#join`
 * returns a two-byte string when a part is an internalized string (an entity name once used as a
 * property key), and one such string anywhere in a stack makes the whole file two-byte.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliFromSource } from '../../helpers/cli.ts';

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

/**
 * Preloaded into the build: whether each Terraform file is handed to the writer as a one-byte
 * string (V8's serializer tags a string with how V8 holds it: `"` one-byte, `c` two-byte).
 */
const WATCH_WRITES = `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { serialize } from 'node:v8';
const write = fs.writeFileSync;
const oneByte = [];
fs.writeFileSync = function (file, data, ...rest) {
  if (typeof data === 'string' && String(file).endsWith('main.tf.json')) oneByte.push(serialize(data)[2] === 0x22);
  return write.call(this, file, data, ...rest);
};
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write('one-byte: ' + JSON.stringify(oneByte) + '\\n'));
`;

describe('the Terraform files', () => {
  it('are one-byte strings when entity names have been used as property keys', () => {
    // A process of its own: in one shared by test files, a system with a non-ASCII character
    // (every string parsed from it is two-byte) leaves two-byte strings in caches and V8's string table.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'infragen-one-byte-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'system.yaml'), SYSTEM);
    writeFileSync(path.join(dir, 'watch-writes.mjs'), WATCH_WRITES);
    const result = spawnSync(process.execPath, ['--import', path.join(dir, 'watch-writes.mjs'), cliFromSource(), 'build', path.join(dir, 'system.yaml'), '-o', path.join(dir, 'out'), '--target', 'terraform', '-q'], {
      encoding: 'utf8',
      env: { ...process.env, INFRAGEN_TARGET_THREADS: '0' },
    });
    expect(result.status, result.stderr).toBe(0);
    const stack = readFileSync(path.join(dir, 'out', 'terraform', 'prod', 'us-east-1', 'main.tf.json'), 'utf8');
    // the paths this guards: statement ids, Terraform ids, security group rule descriptions
    expect(stack).toContain('"ConsumeIncomingorders"');
    expect(stack).toContain('"Functions invoicerenderer, receiptmailer"');
    expect(/one-byte: (.*)/.exec(result.stderr)?.[1]).toBe('[true]');
  });
});
