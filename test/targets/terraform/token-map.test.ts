/**
 * cdktf's process-wide token map (targets/terraform/token-map.ts): each stack's tokens are
 * released once it is written, so a build (or a watch session's every rebuild) does not keep
 * every construct it ever made alive through them.
 */
import { App, TerraformStack, TerraformOutput } from 'cdktf';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { describe, expect, it } from 'vitest';
import { releasingTokens } from '../../../targets/terraform/token-map.ts';
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
  it('are released once the stack is built: the map is as it was, and the count says how many went', () => {
    const before = tokenCount();
    let released = 0;
    const resolved = releasingTokens(() => {
      const stack = new TerraformStack(new App(), 'one');
      const parameter = new SsmParameter(stack, 'p', { name: 'n', type: 'String', value: 'v' });
      new TerraformOutput(stack, 'arn', { value: parameter.arn });
      return JSON.stringify((stack as unknown as { toTerraform(): unknown }).toTerraform());
    }, (count) => (released = count));
    expect(resolved).toContain('${aws_ssm_parameter.p.arn}');
    expect(released).toBeGreaterThan(0);
    expect(tokenCount()).toBe(before);
  });

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
