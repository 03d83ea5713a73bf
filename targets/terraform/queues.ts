/**
 * SQS queues: SSE-SQS encryption, retention, visibility timeout, FIFO, and a dead-letter queue
 * `<name>-dlq` with the redrive policy on the queue and a redrive-allow policy on the DLQ.
 */
import { SqsQueue, SqsQueueRedriveAllowPolicy } from './aws.ts';
import type { Queue } from '../../compiler/plugin-api.ts';
import { queueName } from '../../compiler/plugin-api.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

/**
 * The queue's `arn` as a reference inside a Terraform expression: `aws_sqs_queue.<id>.arn`.
 * The redrive policies are written as the expressions cdktf's `Fn.jsonencode` renders for them,
 * byte for byte: cdktf resolves each such call through its expression renderer, ≈ 0.15 ms a call,
 * a tenth of the Terraform stage at 1,000 services for these two policies per queue.
 */
const arnInExpression = (queue: SqsQueue) => `${SqsQueue.tfResourceType}.${queue.friendlyUniqueId}.arn`;

export const queueCloudName = (rs: RegionStack, queue: Queue) => queueName(rs.system, rs.envName, queue.name, queue.fifo);
export const deadLetterCloudName = (rs: RegionStack, queue: Queue) => queueName(rs.system, rs.envName, `${queue.name}-dlq`, queue.fifo);

/** Builds the queue and returns it (topics subscribe it). */
export function buildQueue(rs: RegionStack, queue: Queue): SqsQueue {
  const id = tfId(queue.name);
  const common = { sqsManagedSseEnabled: true, ...(queue.fifo ? { fifoQueue: true } : {}) };
  const deadLetter = queue.deadLetter
    ? rs.add(SqsQueue, `${id}_dlq`, { ...common, name: deadLetterCloudName(rs, queue), messageRetentionSeconds: queue.deadLetter.retentionSeconds })
    : undefined;
  const resource = rs.add(SqsQueue, id, {
    ...common,
    name: queueCloudName(rs, queue),
    visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
    messageRetentionSeconds: queue.retentionSeconds,
    delaySeconds: queue.delaySeconds,
    ...(deadLetter && queue.deadLetter
      ? { redrivePolicy: `\${jsonencode({"deadLetterTargetArn" = ${arnInExpression(deadLetter)}, "maxReceiveCount" = ${queue.deadLetter.maxReceives}})}` }
      : {}),
  });
  if (deadLetter) {
    rs.add(SqsQueueRedriveAllowPolicy, `${id}_dlq`, {
      queueUrl: attributeOf(deadLetter, 'url'),
      redriveAllowPolicy: `\${jsonencode({"redrivePermission" = "byQueue", "sourceQueueArns" = [${arnInExpression(resource)}]})}`,
    });
  }
  rs.publish('queue', queue.name, 'url', attributeOf(resource, 'url'));
  rs.publish('queue', queue.name, 'arn', attributeOf(resource, 'arn'));
  rs.publish('queue', queue.name, 'name', resource.name);
  rs.use(queue);
  return resource;
}
