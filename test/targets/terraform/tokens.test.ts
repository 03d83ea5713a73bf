/**
 * cdktf's process-wide token map (targets/terraform/tokens.ts), end to end: each stack's tokens
 * are released once it is written, so a build (or each rebuild of a watch session) does not keep
 * every construct it made alive through them. resolve.test.ts covers releaseTokensSince itself.
 */
import { describe, expect, it } from 'vitest';
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
