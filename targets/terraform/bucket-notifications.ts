/**
 * Bucket notifications: one `aws_s3_bucket_notification` per bucket (S3 keeps one notification
 * configuration per bucket, so Terraform is its only owner). Queues and topics are destinations
 * of their own, with the queue policy (see queue-policies.ts) or topic policy that lets exactly
 * this bucket send; a topic told by a bucket is encrypted with a key of its own that S3 may use
 * (S3 cannot use the AWS managed `aws/sns` key). Functions are reached through EventBridge: the
 * configuration turns EventBridge delivery on, and the serverless target gives the function an
 * `eventBridge` rule — so the Lambda and its invoke permission stay with serverless.yml, and no
 * two tools write the same configuration.
 */
import { DataAwsIamPolicyDocument, KmsAlias, KmsKey, S3BucketNotification, SnsTopicPolicy } from './aws.ts';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type { Bucket, BucketEvent, BucketNotification, ResolvedSystem } from '../../compiler/plugin-api.ts';
import { tfId } from './names.ts';
import type { QueueSenders } from './queue-policies.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

export const S3_EVENTS: Record<BucketEvent, string> = { created: 's3:ObjectCreated:*', removed: 's3:ObjectRemoved:*' };

/** Topics that some bucket of this region notifies: they need a key S3 may use. */
export function topicsToldByBuckets(resolved: ResolvedSystem, region: string): Set<string> {
  return new Set(Object.values(resolved.buckets)
    .filter((bucket) => bucket.regions.includes(region))
    .flatMap((bucket) => bucket.notify.filter((entry) => entry.target.kind === 'topic').map((entry) => entry.target.name)));
}

/**
 * A key for a topic that buckets publish to: the account administers it (IAM policies apply), S3
 * may encrypt with it, and principals of the account may use it through SNS — what the AWS managed
 * key allows, plus S3.
 */
export function bucketTopicKey(rs: RegionStack, topicName: string): KmsKey {
  const id = tfId(topicName, 'sns');
  const policy = rs.add(DataAwsIamPolicyDocument, `key_${id}`, {
    statement: [
      { sid: 'AccountAdministers', effect: 'Allow', principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${rs.account}:root`] }], actions: ['kms:*'], resources: ['*'] },
      {
        sid: 'AccountUsesThroughSns',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [
          { test: 'StringEquals', variable: 'kms:CallerAccount', values: [rs.account] },
          { test: 'StringEquals', variable: 'kms:ViaService', values: [`sns.${rs.region}.amazonaws.com`] },
        ],
      },
      {
        sid: 'S3PublishesEvents',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [rs.account] }],
      },
    ],
  });
  const key = rs.add(KmsKey, id, { description: `SNS topic ${rs.name(topicName)}: bucket events`, enableKeyRotation: true, deletionWindowInDays: 30, policy: policy.json });
  rs.add(KmsAlias, id, { name: `alias/${rs.name(topicName)}-sns`, targetKeyId: key.keyId });
  return key;
}

const filterRules = (entry: BucketNotification) => ({
  ...(entry.prefix !== undefined ? { filterPrefix: entry.prefix } : {}),
  ...(entry.suffix !== undefined ? { filterSuffix: entry.suffix } : {}),
});

export interface BuiltBucket {
  bucket: Bucket;
  resource: S3Bucket;
}

/** Lets each notified queue's policy admit its buckets (before the queue policies are written). */
export function addBucketSenders(buckets: readonly BuiltBucket[], senders: QueueSenders): void {
  for (const { bucket, resource } of buckets) {
    for (const entry of bucket.notify) if (entry.target.kind === 'queue') senders.add(entry.target.name, 's3.amazonaws.com', attributeOf(resource, 'arn'));
  }
}

/** The notification configuration of each bucket of this region, and the topic policies its topics need. */
export function buildBucketNotifications(
  rs: RegionStack,
  buckets: readonly BuiltBucket[],
  queues: ReadonlyMap<string, SqsQueue>,
  topics: ReadonlyMap<string, SnsTopic>,
  senders: QueueSenders,
): void {
  const topicSources = new Map<string, S3Bucket[]>();
  const notifications = buckets.filter(({ bucket }) => bucket.notify.length > 0);
  for (const { bucket, resource } of notifications) {
    for (const entry of bucket.notify) {
      if (entry.target.kind === 'topic') topicSources.set(entry.target.name, [...(topicSources.get(entry.target.name) ?? []), resource]);
      rs.use(entry.target);
    }
  }
  const topicPolicies = [...topicSources].sort(([a], [b]) => (a < b ? -1 : 1)).map(([topicName, sources]) => rs.owned(rs.resolved.topics[topicName]!, () => {
    const topic = topics.get(topicName)!;
    const document = rs.add(DataAwsIamPolicyDocument, `topic_${tfId(topicName)}`, {
      statement: [
        {
          sid: 'BucketsPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
          actions: ['sns:Publish'],
          resources: [attributeOf(topic, 'arn')],
          condition: [
            { test: 'ArnEquals', variable: 'aws:SourceArn', values: sources.map((bucket) => attributeOf(bucket, 'arn')) },
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [rs.account] },
          ],
        },
      ],
    });
    return rs.add(SnsTopicPolicy, tfId(topicName), { arn: attributeOf(topic, 'arn'), policy: document.json });
  }));

  for (const { bucket, resource } of notifications) {
    rs.owned(bucket, () => {
      const id = (entry: BucketNotification, index: number) => `${entry.target.kind}-${entry.target.name}-${index + 1}`;
      const destinations = bucket.notify.map((entry, index) => ({ entry, index }));
      const queueEntries = destinations.filter(({ entry }) => entry.target.kind === 'queue');
      const topicEntries = destinations.filter(({ entry }) => entry.target.kind === 'topic');
      rs.add(S3BucketNotification, tfId(bucket.name), {
        bucket: attributeOf(resource, 'id'),
        ...(destinations.some(({ entry }) => entry.target.kind === 'function') ? { eventbridge: true } : {}),
        ...(queueEntries.length
          ? { queue: queueEntries.map(({ entry, index }) => ({ id: id(entry, index), queueArn: attributeOf(queues.get(entry.target.name)!, 'arn'), events: entry.events.map((event) => S3_EVENTS[event]), ...filterRules(entry) })) }
          : {}),
        ...(topicEntries.length
          ? { topic: topicEntries.map(({ entry, index }) => ({ id: id(entry, index), topicArn: attributeOf(topics.get(entry.target.name)!, 'arn'), events: entry.events.map((event) => S3_EVENTS[event]), ...filterRules(entry) })) }
          : {}),
        // S3 sends a test event when the configuration is written: the destinations must allow it first.
        dependsOn: [...new Set(queueEntries.map(({ entry }) => senders.policyOf(entry.target.name))), ...topicPolicies],
      });
    });
  }
}
