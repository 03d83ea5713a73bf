/**
 * LocalStack stands in for queues, topics, tables, buckets and (when a container asks for their
 * ARN or name) secrets. A generated bash script creates them with `awslocal` once LocalStack is
 * ready; the healthcheck passes only after that script succeeded, so dependants start on a
 * complete stack.
 */
import type { Bucket, BucketNotification, Queue, ResolvedSystem, Table } from '../../compiler/plugin-api.ts';
import type { LocalNames } from './local-names.ts';

const LOCALSTACK_IMAGE = 'localstack/localstack:3.8.1';
/** Where the script lives in the container: LocalStack runs executable `ready.d` scripts when ready. */
const SCRIPT_TARGET = '/etc/localstack/init/ready.d/init-aws.sh';
/** Where the emitted file is mounted; the entrypoint copies it into `ready.d` with the executable bit, which an emitted file cannot carry. */
const SCRIPT_MOUNT = '/etc/localstack/infragen/init-aws.sh';

/** Single-quotes a word for bash. */
function sh(word: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const command = (...words: string[]) => words.map(sh).join(' ');

const KEY_TYPES = { string: 'S', number: 'N', binary: 'B' } as const;

export interface LocalStackNeeds {
  /** Secrets to create in Secrets Manager (read from their compose secret files). */
  secrets: string[];
}

/** Whether the system needs LocalStack: any queue, topic, table or bucket, or a secret referenced by ARN or name. */
export function needsLocalStack(system: ResolvedSystem, secretsByReference: string[]): boolean {
  return (
    Object.keys(system.queues).length + Object.keys(system.topics).length + Object.keys(system.tables).length + Object.keys(system.buckets).length > 0 ||
    secretsByReference.length > 0
  );
}

function queueCommands(queue: Queue, names: LocalNames): string[] {
  const name = names.queueName(queue.name, queue.fifo);
  const lines: string[] = [];
  const attributes: Record<string, string> = {
    DelaySeconds: String(queue.delaySeconds),
    MessageRetentionPeriod: String(queue.retentionSeconds),
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
  };
  if (queue.fifo) attributes.FifoQueue = 'true';
  if (queue.deadLetter) {
    const dlq = names.deadLetterName(queue);
    const dlqAttributes: Record<string, string> = { MessageRetentionPeriod: String(queue.deadLetter.retentionSeconds) };
    if (queue.fifo) dlqAttributes.FifoQueue = 'true';
    lines.push(command('awslocal', 'sqs', 'create-queue', '--queue-name', dlq, '--attributes', JSON.stringify(dlqAttributes)));
    attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: names.queueArn(dlq), maxReceiveCount: String(queue.deadLetter.maxReceives) });
  }
  lines.push(command('awslocal', 'sqs', 'create-queue', '--queue-name', name, '--attributes', JSON.stringify(attributes)));
  return lines;
}

function tableCommands(table: Table, names: LocalNames): string[] {
  const name = names.tableName(table.name);
  const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
  const lines = [
    command(
      'awslocal', 'dynamodb', 'create-table', '--table-name', name,
      '--attribute-definitions', ...keys.map((key) => `AttributeName=${key.name},AttributeType=${KEY_TYPES[key.type]}`),
      '--key-schema', ...keys.map((key, index) => `AttributeName=${key.name},KeyType=${index === 0 ? 'HASH' : 'RANGE'}`),
      ...(table.billing === 'provisioned' && table.capacity
        ? ['--billing-mode', 'PROVISIONED', '--provisioned-throughput', `ReadCapacityUnits=${table.capacity.read},WriteCapacityUnits=${table.capacity.write}`]
        : ['--billing-mode', 'PAY_PER_REQUEST']),
    ),
  ];
  if (table.ttl) lines.push(command('awslocal', 'dynamodb', 'update-time-to-live', '--table-name', name, '--time-to-live-specification', `Enabled=true,AttributeName=${table.ttl}`));
  return lines;
}

const S3_EVENTS = { created: 's3:ObjectCreated:*', removed: 's3:ObjectRemoved:*' } as const;

/**
 * A bucket's notifications to queues and topics, as S3's notification configuration (LocalStack
 * delivers them). Functions do not run locally, and S3 sends nothing to FIFO destinations.
 */
function bucketNotificationCommand(system: ResolvedSystem, bucket: Bucket, names: LocalNames): string[] {
  const destinations = bucket.notify.map((entry, index) => ({ entry, index })).filter(({ entry }) =>
    (entry.target.kind === 'queue' && !system.queues[entry.target.name]!.fifo) || (entry.target.kind === 'topic' && !system.topics[entry.target.name]!.fifo));
  if (!destinations.length) return [];
  const configuration = (entry: BucketNotification, index: number) => {
    const rules = [...(entry.prefix !== undefined ? [{ Name: 'prefix', Value: entry.prefix }] : []), ...(entry.suffix !== undefined ? [{ Name: 'suffix', Value: entry.suffix }] : [])];
    return {
      Id: `${entry.target.kind}-${entry.target.name}-${index + 1}`,
      Events: entry.events.map((event) => S3_EVENTS[event]),
      ...(rules.length ? { Filter: { Key: { FilterRules: rules } } } : {}),
    };
  };
  const queues = destinations.filter(({ entry }) => entry.target.kind === 'queue')
    .map(({ entry, index }) => ({ ...configuration(entry, index), QueueArn: names.queueArn(names.queueName(entry.target.name, false)) }));
  const topics = destinations.filter(({ entry }) => entry.target.kind === 'topic')
    .map(({ entry, index }) => ({ ...configuration(entry, index), TopicArn: names.topicArn(names.topicName(entry.target.name, false)) }));
  const document = { ...(queues.length ? { QueueConfigurations: queues } : {}), ...(topics.length ? { TopicConfigurations: topics } : {}) };
  return [command('awslocal', 's3api', 'put-bucket-notification-configuration', '--bucket', names.bucketName(bucket.name), '--notification-configuration', JSON.stringify(document))];
}

/** The init script: buckets, queues (dead-letter queues first), topics with their subscriptions, bucket notifications, tables, secrets. */
export function initScript(system: ResolvedSystem, systemName: string, names: LocalNames, needs: LocalStackNeeds): string {
  const lines = [
    '#!/bin/bash',
    `# Generated by infragen: creates the LocalStack stand-ins of ${systemName}'s AWS resources.`,
    '# Run by LocalStack when it is ready (ready.d); the compose healthcheck waits for its success.',
    'set -euo pipefail',
  ];
  const section = (title: string, commands: string[]) => {
    if (commands.length) lines.push('', `# ${title}`, ...commands);
  };
  section('buckets', Object.values(system.buckets).flatMap((bucket) => {
    const name = names.bucketName(bucket.name);
    return [
      command('awslocal', 's3api', 'create-bucket', '--bucket', name, ...(names.region === 'us-east-1' ? [] : ['--create-bucket-configuration', `LocationConstraint=${names.region}`])),
      ...(bucket.versioning ? [command('awslocal', 's3api', 'put-bucket-versioning', '--bucket', name, '--versioning-configuration', 'Status=Enabled')] : []),
    ];
  }));
  section('queues', Object.values(system.queues).flatMap((queue) => queueCommands(queue, names)));
  section('topics and their subscriptions', Object.values(system.topics).flatMap((topic) => {
    const name = names.topicName(topic.name, topic.fifo);
    return [
      command('awslocal', 'sns', 'create-topic', '--name', name, ...(topic.fifo ? ['--attributes', JSON.stringify({ FifoTopic: 'true' })] : [])),
      ...topic.subscribers.map((subscriber) => {
        const queue = system.queues[subscriber.queue.name]!;
        const attributes: Record<string, string> = { RawMessageDelivery: String(subscriber.rawDelivery) };
        if (subscriber.filter) {
          attributes.FilterPolicy = JSON.stringify(subscriber.filter);
          attributes.FilterPolicyScope = subscriber.filterOn === 'body' ? 'MessageBody' : 'MessageAttributes';
        }
        return command(
          'awslocal', 'sns', 'subscribe', '--topic-arn', names.topicArn(name), '--protocol', 'sqs',
          '--notification-endpoint', names.queueArn(names.queueName(queue.name, queue.fifo)), '--attributes', JSON.stringify(attributes),
        );
      }),
    ];
  }));
  section('bucket notifications (to queues and topics)', Object.values(system.buckets).flatMap((bucket) => bucketNotificationCommand(system, bucket, names)));
  section('tables', Object.values(system.tables).flatMap((table) => tableCommands(table, names)));
  section('secrets (values from the compose secret files, never from this script)', needs.secrets.map((secret) =>
    command('awslocal', 'secretsmanager', 'create-secret', '--name', names.secretId(secret), '--secret-string', `file:///run/secrets/${secret}`),
  ));
  return `${lines.join('\n')}\n`;
}

/** The LocalStack compose service; `scriptPath` is the init script relative to the compose file. */
export function localStackService(system: ResolvedSystem, names: LocalNames, needs: LocalStackNeeds, scriptPath: string): Record<string, unknown> {
  const services = [
    ...(Object.keys(system.buckets).length ? ['s3'] : []),
    ...(Object.keys(system.queues).length ? ['sqs'] : []),
    ...(Object.keys(system.topics).length ? ['sns', 'sqs'] : []),
    ...(Object.keys(system.tables).length ? ['dynamodb'] : []),
    ...(needs.secrets.length ? ['secretsmanager'] : []),
  ];
  return {
    image: LOCALSTACK_IMAGE,
    entrypoint: ['sh', '-c', `install -D -m 0755 ${SCRIPT_MOUNT} ${SCRIPT_TARGET} && exec docker-entrypoint.sh`],
    environment: {
      AWS_DEFAULT_REGION: names.region,
      SERVICES: [...new Set(services)].sort().join(','),
      // Queue URLs as http://localstack:4566/<account>/<name>, the form the wiring values use.
      SQS_ENDPOINT_STRATEGY: 'off',
    },
    healthcheck: {
      test: ['CMD-SHELL', `curl -fsS http://127.0.0.1:4566/_localstack/init/ready | grep -Eq '"state": *"SUCCESSFUL"'`],
      interval: '5s',
      timeout: '5s',
      retries: 30,
      start_period: '10s',
    },
    volumes: [{ type: 'bind', source: `./${scriptPath}`, target: SCRIPT_MOUNT, read_only: true }],
    ...(needs.secrets.length ? { secrets: [...needs.secrets] } : {}),
    security_opt: ['no-new-privileges:true'],
  };
}
