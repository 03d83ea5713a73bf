/**
 * SNS topics (FIFO too) with their SQS subscriptions: filter policy, filter scope, raw delivery,
 * and on each subscribed queue one policy that lets exactly the topics that feed it send to it.
 * A subscription is made where both the topic and the queue live.
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import type { Topic } from '../../compiler/model/types.ts';
import { toStableJson } from '../../compiler/serialize.ts';
import { topicName } from '../../compiler/model/wiring.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';

export const topicCloudName = (rs: RegionStack, topic: Topic) => topicName(rs.system, rs.envName, topic.name, topic.fifo);

export function buildTopics(rs: RegionStack, topics: Topic[], queues: ReadonlyMap<string, SqsQueue>): void {
  const feeders = new Map<string, SnsTopic[]>();
  for (const topic of topics) {
    const id = tfId(topic.name);
    const resource = rs.add(SnsTopic, id, {
      name: topicCloudName(rs, topic),
      // The AWS managed key: SNS → SQS delivery and publishers in the account need no key policy.
      kmsMasterKeyId: 'alias/aws/sns',
      ...(topic.fifo ? { fifoTopic: true } : {}),
    });
    for (const subscriber of topic.subscribers) {
      const queue = queues.get(subscriber.queue.name);
      if (!queue) {
        rs.reportOnce({
          code: 'TERRAFORM_SUBSCRIPTION_OUTSIDE_REGION',
          message: `topic "${topic.name}" lives in ${rs.region} (environment ${rs.envName}) but queue "${subscriber.queue.name}" does not: the subscription is left out there`,
          span: subscriber.span,
          hint: `give queue "${subscriber.queue.name}" the regions of topic "${topic.name}"`,
        });
        continue;
      }
      rs.add(SnsTopicSubscription, tfId(topic.name, 'to', subscriber.queue.name), {
        topicArn: resource.arn,
        protocol: 'sqs',
        endpoint: queue.arn,
        rawMessageDelivery: subscriber.rawDelivery,
        ...(subscriber.filter
          ? {
              filterPolicy: toStableJson(subscriber.filter).trimEnd(),
              filterPolicyScope: subscriber.filterOn === 'body' ? 'MessageBody' : 'MessageAttributes',
            }
          : {}),
      });
      feeders.set(subscriber.queue.name, [...(feeders.get(subscriber.queue.name) ?? []), resource]);
      rs.use(subscriber.queue);
    }
    rs.publish('topic', topic.name, 'arn', resource.arn);
    rs.publish('topic', topic.name, 'name', resource.name);
    rs.use(topic);
  }

  for (const [queueName, sources] of [...feeders].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const queue = queues.get(queueName)!;
    const document = rs.add(DataAwsIamPolicyDocument, `queue_${tfId(queueName)}`, {
      statement: [
        {
          sid: 'TopicsSendMessage',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
          actions: ['sqs:SendMessage'],
          resources: [queue.arn],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: sources.map((topic) => topic.arn) }],
        },
      ],
    });
    rs.add(SqsQueuePolicy, tfId(queueName), { queueUrl: queue.url, policy: document.json });
  }
}
