/**
 * CloudWatch alarms: metric alarms on functions, databases, caches, queues and tables (through
 * metric-catalogue.ts), log-marker alarms (a metric filter on the function's Lambda log group, or
 * on the log group Terraform creates per watched service, plus an alarm), and probe alarms (a
 * Route53 health check plus an alarm on its status, which CloudWatch keeps in us-east-1 only).
 * `expr` alarms are Prometheus rules, not ours. Each alarm notifies an SNS topic per channel.
 */
import { CloudwatchLogGroup, CloudwatchLogMetricFilter, CloudwatchMetricAlarm, Route53HealthCheck } from './aws.ts';
import type { CloudwatchMetricAlarmConfig, CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import type { Alarm } from '../../compiler/plugin-api.ts';
import { functionName } from '../../compiler/plugin-api.ts';
import { CLOUDWATCH_COMPARISONS, probeTarget } from './check.ts';
import { cacheGroupId } from './caches.ts';
import { databaseIdentifier } from './databases.ts';
import { cloudWatchMetric, type CloudWatchMetric } from './metric-catalogue.ts';
import { cacheMemberIds, NAME_LIMITS, serviceLogGroupName, tfId } from './names.ts';
import { NotificationTopics } from './notifications.ts';
import { deadLetterCloudName, queueCloudName } from './queues.ts';
import type { RegionStack } from './stack.ts';
import { tableCloudName } from './tables.ts';


/** Route53 health-check metrics exist only in us-east-1. */
const PROBE_METRIC_REGION = 'us-east-1';
/** Days CloudWatch keeps the log groups Terraform creates for services. */
const SERVICE_LOG_RETENTION_DAYS = 30;

/** The region whose stack holds an environment's probes: us-east-1 if the env deploys there, else its first region. */
function probeRegion(regions: readonly string[]): string {
  return regions.includes(PROBE_METRIC_REGION) ? PROBE_METRIC_REGION : regions[0]!;
}

/** The regions an alarm is built in: where the watched entity lives (probes: see probeRegion). */
function alarmRegions(alarm: Alarm, rs: RegionStack): readonly string[] {
  const source = alarm.source;
  switch (source.type) {
    case 'expr':
      return [];
    case 'probe':
      return [probeRegion(rs.env.regions)];
    default:
      return rs.regionsOf(source.on);
  }
}

/** A fault `check` reports; reaching it in `emit` is a bug of the target. */
function checked(alarm: Alarm, what: string): never {
  throw new Error(`alarm "${alarm.name}": ${what} reached emit although check() rejects it`);
}

export function buildAlarms(rs: RegionStack): void {
  const topics = new NotificationTopics(rs);
  const logGroups = new Set<string>();
  for (const alarm of Object.values(rs.resolved.alarms)) {
    if (!alarmRegions(alarm, rs).includes(rs.region)) continue;
    rs.owned(alarm, () => {
      const source = alarm.source;
      if (source.type === 'probe') {
        buildProbe(rs, alarm, source.url, topics);
        return;
      }
      if (source.type === 'expr') return;
      const threshold = alarm.threshold ?? checked(alarm, 'a missing threshold');
      const comparison = CLOUDWATCH_COMPARISONS[threshold.comparison as keyof typeof CLOUDWATCH_COMPARISONS] ?? checked(alarm, 'a comparison CloudWatch lacks');
      const common = {
        alarmName: rs.name(alarm.name, NAME_LIMITS.alarm),
        alarmDescription: alarm.description ?? `${source.type === 'log' ? `"${source.pattern}" in the logs of` : source.metric + ' of'} ${source.on.kind} ${source.on.name}`,
        comparisonOperator: comparison,
        threshold: threshold.value,
        evaluationPeriods: alarm.evaluationPeriods,
        treatMissingData: 'notBreaching',
        tags: { severity: alarm.severity },
        ...topics.actions(alarm, rs.region),
      };
      if (source.type === 'log') {
        const logGroupName = source.on.kind === 'function'
          ? `/aws/lambda/${functionName(rs.system, rs.envName, source.on.name)}`
          : serviceLogGroup(rs, source.on.name, logGroups);
        const namespace = `${rs.system}/${rs.envName}`;
        const filter = rs.add(CloudwatchLogMetricFilter, tfId(alarm.name), {
          name: rs.name(alarm.name, NAME_LIMITS.metricFilter),
          logGroupName,
          // A quoted term matches the text exactly, punctuation included.
          pattern: `"${source.pattern.replace(/["\\]/g, '\\$&')}"`,
          metricTransformation: { name: alarm.name, namespace, value: '1' },
        });
        rs.add(CloudwatchMetricAlarm, tfId(alarm.name), { ...common, namespace, metricName: alarm.name, statistic: 'Sum', period: alarm.periodSeconds, dependsOn: [filter] });
      } else {
        const metric = cloudWatchMetric(source.on.kind, source.metric) ?? checked(alarm, 'an unknown metric');
        const watched = watchedResources(rs, source.on.kind, source.on.name, metric) ?? checked(alarm, 'a queue without dead letters');
        rs.add(CloudwatchMetricAlarm, tfId(alarm.name), { ...common, ...metricSpec(metric, watched, alarm.periodSeconds) });
      }
      rs.use(source.on);
      rs.use(alarm);
    });
  }
}

/** The names of the resources a metric is read from (several: one per node), or undefined when there is none. */
function watchedResources(rs: RegionStack, kind: string, name: string, metric: CloudWatchMetric): string[] | undefined {
  const { system, envName } = rs;
  switch (kind) {
    case 'function':
      return [functionName(system, envName, name)];
    case 'database':
      return [databaseIdentifier(rs, rs.resolved.databases[name]!)];
    case 'cache': {
      const cache = rs.resolved.caches[name]!;
      return cacheMemberIds(cacheGroupId(rs, cache), cache.nodes);
    }
    case 'queue': {
      const queue = rs.resolved.queues[name]!;
      if (!metric.deadLetterQueue) return [queueCloudName(rs, queue)];
      return queue.deadLetter ? [deadLetterCloudName(rs, queue)] : undefined;
    }
    default:
      return [tableCloudName(rs, rs.resolved.tables[name]!)];
  }
}

/** A single metric, or metric math over several (per node, per operation). */
function metricSpec(metric: CloudWatchMetric, resources: string[], period: number): Partial<CloudwatchMetricAlarmConfig> {
  const series = resources.flatMap((resource) =>
    metric.perDimension
      ? metric.perDimension.values.map((value) => ({ [metric.dimension]: resource, [metric.perDimension!.name]: value }))
      : [{ [metric.dimension]: resource }],
  );
  if (series.length === 1) return { namespace: metric.namespace, metricName: metric.metricName, statistic: metric.statistic, period, dimensions: series[0]! };
  const queries: CloudwatchMetricAlarmMetricQuery[] = series.map((dimensions, index) => ({
    id: `m${index + 1}`,
    returnData: false,
    metric: { namespace: metric.namespace, metricName: metric.metricName, stat: metric.statistic, period, dimensions },
  }));
  const combine = metric.perDimension ? 'SUM' : (metric.combine ?? 'MAX');
  queries.push({ id: 'result', label: metric.metricName, returnData: true, expression: `${combine}([${queries.map((query) => query.id).join(', ')}])` });
  return { metricQuery: queries };
}

/** The log group of a service whose logs an alarm watches (the log shipper writes to it). */
function serviceLogGroup(rs: RegionStack, service: string, created: Set<string>): string {
  const name = serviceLogGroupName(rs.system, rs.envName, service);
  if (!created.has(service)) {
    rs.add(CloudwatchLogGroup, tfId('service', service), { name, retentionInDays: SERVICE_LOG_RETENTION_DAYS });
    created.add(service);
  }
  return name;
}

function buildProbe(rs: RegionStack, alarm: Alarm, url: string, topics: NotificationTopics): void {
  const target = probeTarget(url) ?? checked(alarm, 'a URL Route53 cannot probe');
  const https = target.protocol === 'https:';
  const id = tfId(alarm.name);
  const check = rs.add(Route53HealthCheck, id, {
    type: https ? 'HTTPS' : 'HTTP',
    fqdn: target.hostname,
    port: Number(target.port || (https ? 443 : 80)),
    resourcePath: `${target.pathname}${target.search}`,
    ...(https ? { enableSni: true } : {}),
    requestInterval: 30,
    failureThreshold: 3,
    tags: { Name: rs.name(alarm.name, NAME_LIMITS.alarm) },
  });
  const provider = rs.provider(PROBE_METRIC_REGION);
  rs.add(CloudwatchMetricAlarm, id, {
    alarmName: rs.name(alarm.name, NAME_LIMITS.alarm),
    alarmDescription: alarm.description ?? `${url} answers`,
    namespace: 'AWS/Route53',
    metricName: 'HealthCheckStatus',
    statistic: 'Minimum',
    dimensions: { HealthCheckId: check.id },
    comparisonOperator: 'LessThanThreshold',
    threshold: 1,
    period: Math.max(alarm.periodSeconds, 60),
    evaluationPeriods: alarm.evaluationPeriods,
    // No data from the health checkers is as bad as a failure.
    treatMissingData: 'breaching',
    tags: { severity: alarm.severity },
    ...topics.actions(alarm, PROBE_METRIC_REGION),
    ...(provider ? { provider } : {}),
  });
  rs.use(alarm);
}
