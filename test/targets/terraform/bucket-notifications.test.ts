/** Bucket notifications: the one configuration per bucket, and what each destination must allow. */
import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.ts';

const SYSTEM = `infragen: 1
system: media
defaults: { cloud: aws, region: us-east-1 }
environments:
  prod: { regions: [us-east-1], account: "123456789012" }
queues:
  images: {}
  audit: {}
topics:
  events: { subscribers: [{ queue: audit }] }
  plain: {}
buckets:
  media:
    notify:
      - { queue: images, prefix: incoming/, suffix: .jpg }
      - { topic: events, events: [removed] }
      - { queue: audit, prefix: audit/ }
      - { queue: images, prefix: thumbs/ }
  quiet: {}
functions:
  resize:
    handler: resize.handler
    runtime: nodejs22.x
    consumes: [{ bucket: media, suffix: .png }]
`;

describe('bucket notifications (terraform)', async () => {
  const { stacks, diagnostics } = await compileInline(SYSTEM);
  const stack = stacks['prod/us-east-1/main.tf.json'];

  it('builds without errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('writes one configuration per notifying bucket: queues, topics, EventBridge for functions', () => {
    expect(Object.keys(stack.resource.aws_s3_bucket_notification)).toEqual(['media']);
    const media = stack.resource.aws_s3_bucket_notification.media;
    expect(media.eventbridge).toBe(true);
    expect(media.queue).toEqual([
      { id: 'queue-images-1', queue_arn: '${aws_sqs_queue.images.arn}', events: ['s3:ObjectCreated:*'], filter_prefix: 'incoming/', filter_suffix: '.jpg' },
      { id: 'queue-audit-3', queue_arn: '${aws_sqs_queue.audit.arn}', events: ['s3:ObjectCreated:*'], filter_prefix: 'audit/' },
      { id: 'queue-images-4', queue_arn: '${aws_sqs_queue.images.arn}', events: ['s3:ObjectCreated:*'], filter_prefix: 'thumbs/' },
    ]);
    expect(media.topic).toEqual([{ id: 'topic-events-2', topic_arn: '${aws_sns_topic.events.arn}', events: ['s3:ObjectRemoved:*'] }]);
    expect(media.depends_on).toEqual(['aws_sqs_queue_policy.images', 'aws_sqs_queue_policy.audit', 'aws_sns_topic_policy.events']);
  });

  it('gives a queue fed by a topic and a bucket one policy with a statement for each', () => {
    const statements = stack.data.aws_iam_policy_document.queue_audit.statement;
    expect(statements.map((statement: any) => [statement.sid, statement.principals[0].identifiers[0], statement.condition[0].values])).toEqual([
      ['TopicsSendMessage', 'sns.amazonaws.com', ['${aws_sns_topic.events.arn}']],
      ['BucketsSendMessage', 's3.amazonaws.com', ['${aws_s3_bucket.media.arn}']],
    ]);
    expect(Object.keys(stack.resource.aws_sqs_queue_policy).sort()).toEqual(['audit', 'images']);
  });

  it('lets only the bucket publish to the topic, encrypted with a key S3 may use', () => {
    const policy = stack.data.aws_iam_policy_document.topic_events.statement[0];
    expect(policy.principals).toEqual([{ type: 'Service', identifiers: ['s3.amazonaws.com'] }]);
    expect(policy.condition[0]).toEqual({ test: 'ArnEquals', variable: 'aws:SourceArn', values: ['${aws_s3_bucket.media.arn}'] });
    expect(stack.resource.aws_sns_topic.events.kms_master_key_id).toBe('${aws_kms_key.events_sns.arn}');
    expect(stack.resource.aws_sns_topic.plain.kms_master_key_id).toBe('alias/aws/sns');
    const keyStatements = stack.data.aws_iam_policy_document.key_events_sns.statement.map((statement: any) => statement.sid);
    expect(keyStatements).toEqual(['AccountAdministers', 'AccountUsesThroughSns', 'S3PublishesEvents']);
  });
});
