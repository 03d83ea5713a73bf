/**
 * One policy per queue that other AWS services send to (a queue has a single policy): SNS for the
 * topics that feed it, S3 for the buckets that notify it — each limited to exactly those sources.
 */
import { DataAwsIamPolicyDocument, SqsQueuePolicy } from './aws.ts';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

const STATEMENT_IDS: Record<string, string> = { 'sns.amazonaws.com': 'TopicsSendMessage', 's3.amazonaws.com': 'BucketsSendMessage' };

export class QueueSenders {
  /** queue → service principal → source ARNs. */
  private readonly senders = new Map<string, Map<string, string[]>>();
  private readonly policies = new Map<string, SqsQueuePolicy>();

  constructor(private readonly rs: RegionStack, private readonly queues: ReadonlyMap<string, SqsQueue>) {}

  add(queue: string, service: string, sourceArn: string): void {
    const byService = this.senders.get(queue) ?? new Map<string, string[]>();
    byService.set(service, [...(byService.get(service) ?? []), sourceArn]);
    this.senders.set(queue, byService);
  }

  /** Writes the policies (queues in name order, SNS before S3); call once every sender is added. */
  build(): void {
    for (const [queueName, byService] of [...this.senders].sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.rs.owned(this.rs.resolved.queues[queueName]!, () => {
        const queue = this.queues.get(queueName)!;
        const statement = Object.keys(STATEMENT_IDS).filter((service) => byService.has(service)).map((service) => ({
          sid: STATEMENT_IDS[service]!,
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [service] }],
          actions: ['sqs:SendMessage'],
          resources: [attributeOf(queue, 'arn')],
          condition: [
            { test: 'ArnEquals', variable: 'aws:SourceArn', values: byService.get(service)! },
            ...(service === 's3.amazonaws.com' ? [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [this.rs.account] }] : []),
          ],
        }));
        const document = this.rs.add(DataAwsIamPolicyDocument, `queue_${tfId(queueName)}`, { statement });
        this.policies.set(queueName, this.rs.add(SqsQueuePolicy, tfId(queueName), { queueUrl: attributeOf(queue, 'url'), policy: document.json }));
      });
    }
  }

  policyOf(queue: string): SqsQueuePolicy {
    return this.policies.get(queue)!;
  }
}
