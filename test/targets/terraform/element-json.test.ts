import { describe, expect, it } from 'vitest';
import { Construct } from 'constructs';
import { TerraformElement, TerraformIterator, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { plainAttributes, plainBlock } from '../../../targets/terraform/element-json.ts';
import { resolveElement } from '../../../targets/terraform/resolve.ts';

/** What `RegionStack.synthesize` resolves for an element: cdktf's `toTerraform()`, or for a plain one its attributes placed under its type. */
function elementJson(element: TerraformElement): unknown {
  const block = plainBlock(element);
  if (block === undefined) return element.toTerraform();
  const { terraformResourceType: type, friendlyUniqueId: id } = element as unknown as { terraformResourceType: string; friendlyUniqueId: string };
  return { [block]: { [type]: { [id]: plainAttributes(element, block) } } };
}

const withoutMetadata = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, member: unknown) => (key === '//' ? undefined : member)));

/** Elements with every meta-argument the target sets (provider alias, depends_on, lifecycle), overrides, a dynamic block, and some it leaves to cdktf. */
function elements(): TerraformElement[] {
  const stack = new TerraformStack(new Construct(undefined as unknown as Construct, ''), 'meta');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const alias = new AwsProvider(stack, 'aws_us', { region: 'us-east-1', alias: 'us' });
  const queue = new SqsQueue(stack, 'queue', { name: 'queue', tags: { environment: 'prod', someKey: 'v' } });
  new SqsQueue(stack, 'aliased', { name: 'aliased', provider: alias, dependsOn: [queue], lifecycle: { preventDestroy: true, ignoreChanges: ['tags'], replaceTriggeredBy: [queue] } });
  new SqsQueue(stack, 'counted', { name: 'counted', count: 2 });
  const overridden = new S3Bucket(stack, 'bucket', { bucket: 'b', lifecycle: { createBeforeDestroy: true } });
  overridden.addOverride('force_destroy', true);
  overridden.overrideLogicalId('renamed');
  new DataAwsCallerIdentity(stack, 'current', { provider: alias });
  new DataAwsIamPolicyDocument(stack, 'policy', { statement: [{ actions: ['sqs:SendMessage'], resources: [queue.arn] }], dependsOn: [queue] });
  const actions = TerraformIterator.fromList(['sqs:SendMessage', 'sqs:ReceiveMessage']);
  new DataAwsIamPolicyDocument(stack, 'dynamic', { statement: actions.dynamic({ actions: [actions.value], resources: [queue.arn] }) });
  new TerraformOutput(stack, 'out', { value: queue.url });
  return stack.node.findAll().filter((node): node is TerraformElement => TerraformElement.isTerraformElement(node));
}

describe('what synthesize resolves for each element', () => {
  it("is each element's toTerraform() without the // metadata", () => {
    const all = elements();
    expect(all.length).toBe(10);
    for (const element of all) expect(withoutMetadata(elementJson(element))).toEqual(withoutMetadata(element.toTerraform()));
  });

  it('moves a dynamic block under dynamic, as cdktf does', () => {
    const dynamic = elements().find((element) => element.node.id === 'dynamic')!;
    expect(resolveElement(TerraformStack.of(dynamic), elementJson(dynamic))).toMatchObject({ data: { aws_iam_policy_document: { dynamic: { dynamic: { statement: { iterator: 'each' } } } } } });
  });

  it('writes the meta-arguments under their Terraform names', () => {
    const aliased = elements().find((element) => element.node.id === 'aliased')!;
    const json = elementJson(aliased) as { resource: { aws_sqs_queue: { aliased: Record<string, unknown> } } };
    expect(json.resource.aws_sqs_queue.aliased).toMatchObject({ lifecycle: { prevent_destroy: true, ignore_changes: ['tags'] } });
    expect(Object.keys(json.resource.aws_sqs_queue.aliased)).toEqual(expect.arrayContaining(['depends_on', 'provider', 'lifecycle']));
    expect(Object.keys(json.resource.aws_sqs_queue.aliased)).not.toContain('//');
  });
});
