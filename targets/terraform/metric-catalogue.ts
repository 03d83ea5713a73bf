/**
 * How each metric name of the language (schema/metrics.ts METRIC_CATALOGUE) maps to CloudWatch.
 *
 * | source   | metric               | namespace        | CloudWatch metric                   | statistic | dimension           |
 * |----------|----------------------|------------------|-------------------------------------|-----------|---------------------|
 * | function | errors               | AWS/Lambda       | Errors                              | Sum       | FunctionName        |
 * | function | throttles            | AWS/Lambda       | Throttles                           | Sum       | FunctionName        |
 * | function | duration             | AWS/Lambda       | Duration (ms)                       | Average   | FunctionName        |
 * | function | invocations          | AWS/Lambda       | Invocations                         | Sum       | FunctionName        |
 * | function | concurrent-executions| AWS/Lambda       | ConcurrentExecutions                | Maximum   | FunctionName        |
 * | database | cpu                  | AWS/RDS          | CPUUtilization (%)                  | Average   | DBInstanceIdentifier|
 * | database | cpu-credit-balance   | AWS/RDS          | CPUCreditBalance                    | Minimum   | DBInstanceIdentifier|
 * | database | free-storage         | AWS/RDS          | FreeStorageSpace (bytes)            | Minimum   | DBInstanceIdentifier|
 * | database | freeable-memory      | AWS/RDS          | FreeableMemory (bytes)              | Minimum   | DBInstanceIdentifier|
 * | database | connections          | AWS/RDS          | DatabaseConnections                 | Maximum   | DBInstanceIdentifier|
 * | database | read-latency         | AWS/RDS          | ReadLatency (s)                     | Average   | DBInstanceIdentifier|
 * | database | write-latency        | AWS/RDS          | WriteLatency (s)                    | Average   | DBInstanceIdentifier|
 * | cache    | cpu                  | AWS/ElastiCache  | EngineCPUUtilization (%)            | Average   | CacheClusterId *    |
 * | cache    | memory               | AWS/ElastiCache  | DatabaseMemoryUsagePercentage (%)   | Average   | CacheClusterId *    |
 * | cache    | evictions            | AWS/ElastiCache  | Evictions                           | Sum       | CacheClusterId *    |
 * | cache    | connections          | AWS/ElastiCache  | CurrConnections                     | Maximum   | CacheClusterId *    |
 * | queue    | depth                | AWS/SQS          | ApproximateNumberOfMessagesVisible  | Maximum   | QueueName           |
 * | queue    | age                  | AWS/SQS          | ApproximateAgeOfOldestMessage (s)   | Maximum   | QueueName           |
 * | queue    | dead-letters         | AWS/SQS          | ApproximateNumberOfMessagesVisible  | Maximum   | QueueName of the DLQ|
 * | table    | read-throttles       | AWS/DynamoDB     | ReadThrottleEvents                  | Sum       | TableName           |
 * | table    | write-throttles      | AWS/DynamoDB     | WriteThrottleEvents                 | Sum       | TableName           |
 * | table    | errors               | AWS/DynamoDB     | SystemErrors                        | Sum       | TableName, Operation†|
 *
 * \* ElastiCache reports per node: one metric per member cluster, combined with MAX() (SUM() for
 * evictions). † SystemErrors exists only per operation: the alarm sums the data-plane operations.
 */
import { METRIC_CATALOGUE, type MetricSourceKind } from '../../compiler/plugin-api.ts';

export interface CloudWatchMetric {
  namespace: string;
  metricName: string;
  statistic: 'Sum' | 'Average' | 'Minimum' | 'Maximum';
  /** The dimension that names the watched resource. */
  dimension: 'FunctionName' | 'DBInstanceIdentifier' | 'CacheClusterId' | 'QueueName' | 'TableName';
  /** Watch the entity's dead-letter queue instead of the entity itself. */
  deadLetterQueue?: true;
  /** The metric exists per value of this extra dimension only; the alarm sums over `values`. */
  perDimension?: { name: string; values: readonly string[] };
  /** How per-node metrics of a multi-node resource combine into one value. */
  combine?: 'MAX' | 'SUM';
}

/** The DynamoDB data-plane operations that report SystemErrors (10: the most metrics an alarm may use). */
export const DYNAMODB_OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'DeleteItem',
  'GetItem',
  'PutItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'TransactWriteItems',
  'UpdateItem',
] as const;

type Catalogue = { [K in MetricSourceKind]: Record<(typeof METRIC_CATALOGUE)[K][number], CloudWatchMetric> };

const lambda = (metricName: string, statistic: CloudWatchMetric['statistic']): CloudWatchMetric => ({ namespace: 'AWS/Lambda', metricName, statistic, dimension: 'FunctionName' });
const rds = (metricName: string, statistic: CloudWatchMetric['statistic']): CloudWatchMetric => ({ namespace: 'AWS/RDS', metricName, statistic, dimension: 'DBInstanceIdentifier' });
const elasticache = (metricName: string, statistic: CloudWatchMetric['statistic'], combine: 'MAX' | 'SUM'): CloudWatchMetric => ({ namespace: 'AWS/ElastiCache', metricName, statistic, dimension: 'CacheClusterId', combine });
const sqs = (metricName: string): CloudWatchMetric => ({ namespace: 'AWS/SQS', metricName, statistic: 'Maximum', dimension: 'QueueName' });
const dynamodb = (metricName: string): CloudWatchMetric => ({ namespace: 'AWS/DynamoDB', metricName, statistic: 'Sum', dimension: 'TableName' });

/** Typed against METRIC_CATALOGUE: a metric name added there fails to compile until mapped here. */
const CLOUDWATCH_METRICS: Catalogue = {
  function: {
    errors: lambda('Errors', 'Sum'),
    throttles: lambda('Throttles', 'Sum'),
    duration: lambda('Duration', 'Average'),
    invocations: lambda('Invocations', 'Sum'),
    'concurrent-executions': lambda('ConcurrentExecutions', 'Maximum'),
  },
  database: {
    cpu: rds('CPUUtilization', 'Average'),
    'cpu-credit-balance': rds('CPUCreditBalance', 'Minimum'),
    'free-storage': rds('FreeStorageSpace', 'Minimum'),
    'freeable-memory': rds('FreeableMemory', 'Minimum'),
    connections: rds('DatabaseConnections', 'Maximum'),
    'read-latency': rds('ReadLatency', 'Average'),
    'write-latency': rds('WriteLatency', 'Average'),
  },
  cache: {
    cpu: elasticache('EngineCPUUtilization', 'Average', 'MAX'),
    memory: elasticache('DatabaseMemoryUsagePercentage', 'Average', 'MAX'),
    evictions: elasticache('Evictions', 'Sum', 'SUM'),
    connections: elasticache('CurrConnections', 'Maximum', 'MAX'),
  },
  queue: {
    depth: sqs('ApproximateNumberOfMessagesVisible'),
    age: sqs('ApproximateAgeOfOldestMessage'),
    'dead-letters': { ...sqs('ApproximateNumberOfMessagesVisible'), deadLetterQueue: true },
  },
  table: {
    'read-throttles': dynamodb('ReadThrottleEvents'),
    'write-throttles': dynamodb('WriteThrottleEvents'),
    errors: { ...dynamodb('SystemErrors'), perDimension: { name: 'Operation', values: DYNAMODB_OPERATIONS } },
  },
};

/** The CloudWatch metric of a language metric name, or undefined when the kind has no such metric. */
export function cloudWatchMetric(kind: string, metric: string): CloudWatchMetric | undefined {
  const byMetric = (CLOUDWATCH_METRICS as Record<string, Record<string, CloudWatchMetric>>)[kind];
  return byMetric && Object.hasOwn(byMetric, metric) ? byMetric[metric] : undefined;
}
