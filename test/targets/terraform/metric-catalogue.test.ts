import { describe, expect, it } from 'vitest';
import { METRIC_CATALOGUE } from '../../../schema/metrics.ts';
import { cloudWatchMetric, DYNAMODB_OPERATIONS } from '../../../targets/terraform/metric-catalogue.ts';

const NAMESPACES = { function: 'AWS/Lambda', database: 'AWS/RDS', cache: 'AWS/ElastiCache', queue: 'AWS/SQS', table: 'AWS/DynamoDB' };

describe('metric catalogue', () => {
  it('maps every language metric to a CloudWatch metric of its kind’s namespace', () => {
    for (const [kind, metrics] of Object.entries(METRIC_CATALOGUE)) {
      for (const metric of metrics) {
        const mapped = cloudWatchMetric(kind, metric);
        expect(mapped, `${kind}.${metric}`).toBeDefined();
        expect(mapped!.namespace).toBe(NAMESPACES[kind as keyof typeof NAMESPACES]);
        expect(mapped!.metricName).toMatch(/^[A-Z][A-Za-z]+$/);
      }
    }
  });

  it('knows nothing else', () => {
    expect(cloudWatchMetric('queue', 'errors')).toBeUndefined();
    expect(cloudWatchMetric('service', 'cpu')).toBeUndefined();
    expect(cloudWatchMetric('function', 'toString')).toBeUndefined();
  });

  it('reads dead letters from the DLQ and DynamoDB system errors per operation', () => {
    expect(cloudWatchMetric('queue', 'dead-letters')).toMatchObject({ metricName: 'ApproximateNumberOfMessagesVisible', deadLetterQueue: true });
    expect(cloudWatchMetric('table', 'errors')!.perDimension).toEqual({ name: 'Operation', values: DYNAMODB_OPERATIONS });
    // CloudWatch alarms take at most 10 metrics.
    expect(DYNAMODB_OPERATIONS.length).toBeLessThanOrEqual(10);
    expect(cloudWatchMetric('function', 'errors')).toMatchObject({ metricName: 'Errors', statistic: 'Sum', dimension: 'FunctionName' });
  });
});
