import { describe, expect, it } from 'vitest';
import { Construct } from 'constructs';
import { Fn, TerraformElement, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/_tokens.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { looksLikeEncodedNumber, mergeResolved, placeResolved, resolveElement } from '../../../targets/terraform/resolve.ts';
import { attributeOf, releaseTokensSince, tokenMark } from '../../../targets/terraform/tokens.ts';

/** cdktf's own resolution of an element, without the `//` metadata the target strips. */
function byCdktf(stack: TerraformStack, element: TerraformElement): unknown {
  return JSON.parse(JSON.stringify(cdktfResolve(stack, element.toTerraform()), (key, value) => (key === '//' ? undefined : value)));
}

/** A stack whose values hold every kind of token the fast paths meet, and some they leave to cdktf. */
function tokenStack(): TerraformStack {
  const stack = new TerraformStack(new Construct(undefined as unknown as Construct, ''), 'tokens');
  const dlq = new SqsQueue(stack, 'dlq', { name: 'dlq' });
  const queue = new SqsQueue(stack, 'queue', {
    name: 'queue',
    redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
    delaySeconds: Token.asNumber(dlq.delaySeconds),
    tags: { whole: dlq.arn, mixed: `arn=${dlq.arn};url=${dlq.url}`, plain: 'value', 'key-1e5': '1e5', braces: `{${dlq.arn}}`, escaped: `$\${x}-${dlq.arn}`, numberish: `${dlq.arn}-1e5` },
  });
  new SecurityGroup(stack, 'group', {
    name: 'group',
    ingress: [{ fromPort: 5432, toPort: 5432, protocol: 'tcp', cidrBlocks: [dlq.arn, `${queue.arn}/x`, 'plain'] }],
    egress: [{ fromPort: 0, toPort: 0, protocol: '-1', securityGroups: Token.asList(Fn.concat([[dlq.id], [queue.id]])) }],
  });
  new SsmParameter(stack, 'parameter', { name: `/x/${queue.name}`, type: 'String', value: Fn.join(',', [dlq.arn, queue.arn]) });
  new TerraformOutput(stack, 'output', { value: queue.url });
  return stack;
}

describe('resolveElement', () => {
  it('resolves every element of a stack to what cdktf resolves it to', () => {
    const stack = tokenStack();
    const elements = stack.node.findAll().filter((node): node is TerraformElement => TerraformElement.isTerraformElement(node));
    expect(elements.length).toBeGreaterThan(4);
    for (const element of elements) expect(resolveElement(stack, element.toTerraform())).toEqual(byCdktf(stack, element));
    const queue = resolveElement(stack, (stack.node.findChild('queue') as TerraformElement).toTerraform()) as { resource: { aws_sqs_queue: Record<string, Record<string, unknown>> } };
    expect(queue.resource.aws_sqs_queue.queue?.tags).toEqual({
      whole: '${aws_sqs_queue.dlq.arn}',
      mixed: 'arn=${aws_sqs_queue.dlq.arn};url=${aws_sqs_queue.dlq.url}',
      plain: 'value',
      'key-1e5': '1e5',
      braces: '{${aws_sqs_queue.dlq.arn}}',
      escaped: '$${x}-${aws_sqs_queue.dlq.arn}',
      numberish: '${aws_sqs_queue.dlq.arn}-1e5',
    });
  });
});

describe('placeResolved', () => {
  it("merges an element's attributes as mergeResolved merges them wrapped in their block, type and id", () => {
    // a block or type met first, one met again, an id met twice (merged into), a block that is no map
    const steps: Array<[string, string, string, Record<string, unknown>]> = [
      ['resource', 'aws_sqs_queue', 'b', { name: 'b', tags: { x: '1' } }],
      ['resource', 'aws_sqs_queue', 'a', { name: 'a' }],
      ['data', 'aws_region', 'current', {}],
      ['resource', 'aws_sqs_queue', 'b', { tags: { y: '2' }, policy: ['p'] }],
      ['resource', 'aws_sqs_queue', 'b', { policy: ['q'], name: undefined }],
      ['resource', 'aws_sns_topic', 't', { name: 't' }],
      ['locals', 'x', 'y', { z: 1 }],
    ];
    const placed: Record<string, unknown> = { locals: 'text' };
    const wrapped: Record<string, unknown> = { locals: 'text' };
    const placedInto = new Set<object>();
    const mergedInto = new Set<object>();
    for (const [block, type, id, attributes] of steps) {
      placeResolved(placed, block, type, id, structuredClone(attributes), placedInto);
      mergeResolved(wrapped, { [block]: { [type]: { [id]: structuredClone(attributes) } } }, mergedInto);
    }
    expect(placed).toEqual(wrapped);
    expect(Object.keys(placed)).toEqual(Object.keys(wrapped));
    const paths = (into: Set<object>, document: Record<string, unknown>) => {
      const found: string[] = [];
      const walk = (value: unknown, path: string) => {
        if (value === null || typeof value !== 'object') return;
        if (into.has(value)) found.push(path);
        for (const [key, member] of Object.entries(value)) walk(member, `${path}.${key}`);
      };
      walk(document, '');
      return found;
    };
    // the objects written into, whose keys stackJson must sort
    expect(paths(placedInto, placed)).toEqual(paths(mergedInto, wrapped));
  });
});

describe('releaseTokensSince', () => {
  it('forgets the tokens registered after the mark and keeps the older ones', () => {
    const before = tokenStack();
    const older = (before.node.findChild('dlq') as SqsQueue).arn;
    const mark = tokenMark();
    expect(mark).toBeTypeOf('number');
    const newer = (before.node.findChild('queue') as SqsQueue).arn;
    releaseTokensSince(mark);
    expect(cdktfResolve(before, older)).toBe('${aws_sqs_queue.dlq.arn}');
    expect(() => cdktfResolve(before, newer)).toThrow(/Unrecognized token key/i);
  });
});

describe('looksLikeEncodedNumber', () => {
  /** cdktf's NUMBER_TOKEN_REGEX (tokens/private/encoding.js), which the scan must agree with. */
  const cdktfPattern = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

  it('agrees with cdktf\'s number pattern on chosen and random strings', () => {
    const chosen = ['', 'e', 'e1', '1e', '1e5', '-1.5e+10', 'x1eE', 'service-events', 'free-e-', 'a|e|b', 'E1e', '.ee', '+e+', '1E5', 'one-e', 'name', '-1.8881545897087626e+289'];
    for (const text of chosen) expect(looksLikeEncodedNumber(text), text).toBe(cdktfPattern.test(text));
    // deterministic pseudo-random strings over the characters that matter
    const alphabet = 'eE1-|.+ax9_';
    let seed = 7;
    for (let round = 0; round < 20000; round++) {
      let text = '';
      for (let length = round % 9; length > 0; length--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      expect(looksLikeEncodedNumber(text), text).toBe(cdktfPattern.test(text));
    }
  });
});

describe('attributeOf', () => {
  it('reads each attribute of an element from cdktf once, and it resolves as a fresh read does', () => {
    const stack = tokenStack();
    const queue = stack.node.findChild('dlq') as SqsQueue;
    const before = tokenMark()!;
    const arn = attributeOf(queue, 'arn');
    expect(attributeOf(queue, 'arn')).toBe(arn);
    expect(tokenMark()! - before).toBe(1);
    expect(attributeOf(queue, 'url')).not.toBe(arn);
    expect(tokenMark()! - before).toBe(2);
    expect(cdktfResolve(stack, arn)).toBe(cdktfResolve(stack, queue.arn));
    expect(attributeOf(stack.node.findChild('queue') as SqsQueue, 'arn')).not.toBe(arn);
  });
});
