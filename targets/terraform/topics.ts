/**
 * SNS topics (FIFO too) with their SQS subscriptions: filter policy, filter scope, raw delivery,
 * and on each subscribed queue a policy statement that lets exactly the topics that feed it send
 * to it (queue-policies.ts).
 * A subscription is made where both the topic and the queue live.
 */
import { SnsTopic, SnsTopicSubscription } from './aws.ts';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type { Topic } from '../../compiler/plugin-api.ts';
import { toStableJson, topicName } from '../../compiler/plugin-api.ts';
import { bucketTopicKey, topicsToldByBuckets } from './bucket-notifications.ts';
import { tfId } from './names.ts';
import type { QueueSenders } from './queue-policies.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

export const topicCloudName = (rs: RegionStack, topic: Topic) => topicName(rs.system, rs.envName, topic.name, topic.fifo);

/** Builds the topics and their subscriptions; the subscribed queues' policies admit the topics through `senders`. */
export function buildTopics(rs: RegionStack, topics: Topic[], queues: ReadonlyMap<string, SqsQueue>, senders: QueueSenders): Map<string, SnsTopic> {
  const built = new Map<string, SnsTopic>();
  const toldByBuckets = topicsToldByBuckets(rs.resolved, rs.region);
  for (const topic of topics) {
    rs.owned(topic, () => {
      const id = tfId(topic.name);
      const resource = rs.add(SnsTopic, id, {
        name: topicCloudName(rs, topic),
        // The AWS managed key: SNS → SQS delivery and publishers in the account need no key policy.
        // S3 cannot use it: a topic buckets notify gets a key of its own.
        kmsMasterKeyId: toldByBuckets.has(topic.name) ? bucketTopicKey(rs, topic.name).arn : 'alias/aws/sns',
        ...(topic.fifo ? { fifoTopic: true } : {}),
      });
      for (const subscriber of topic.subscribers) {
        const queue = queues.get(subscriber.queue.name);
        if (!queue) continue; // TERRAFORM_SUBSCRIPTION_OUTSIDE_REGION, from check
        rs.add(SnsTopicSubscription, tfId(topic.name, 'to', subscriber.queue.name), {
          topicArn: attributeOf(resource, 'arn'),
          protocol: 'sqs',
          endpoint: attributeOf(queue, 'arn'),
          rawMessageDelivery: subscriber.rawDelivery,
          ...(subscriber.filter
            ? {
                filterPolicy: toStableJson(subscriber.filter).trimEnd(),
                filterPolicyScope: subscriber.filterOn === 'body' ? 'MessageBody' : 'MessageAttributes',
              }
            : {}),
        });
        senders.add(subscriber.queue.name, 'sns.amazonaws.com', attributeOf(resource, 'arn'));
        rs.use(subscriber.queue);
      }
      rs.publish('topic', topic.name, 'arn', attributeOf(resource, 'arn'));
      rs.publish('topic', topic.name, 'name', resource.name);
      rs.use(topic);
      built.set(topic.name, resource);
    });
  }

  return built;
}
