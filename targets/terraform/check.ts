/**
 * What the Terraform target requires of a system beyond the language: CloudWatch's periods and
 * comparisons, a dead-letter queue behind a `dead-letters` alarm, URLs Route53 can probe, RDS's
 * storage range, the bucket notifications S3 accepts, the two zones a search cluster of several
 * nodes spreads over, and DNS names for CDN aliases and origins. `validate` runs it without cdktf
 * (this module imports none); `emit` runs only when it found no error.
 */
import type {
  Alarm,
  Bucket,
  BucketNotification,
  Cdn,
  Database,
  Notification,
  ResolvedSystem,
  Search,
  TargetCheck,
  TargetContext,
} from '../../compiler/plugin-api.ts';
import { kubernetesPlacement, needsWorkloadRole, type KubernetesPlacement } from '../../compiler/plugin-api.ts';
import { cloudWatchMetric } from './metric-catalogue.ts';
import { checkTerraformOverrides } from './overrides.ts';
import { kubernetesWorkloads } from './workloads.ts';

/** A CloudWatch period: 10, 30 or a multiple of 60 seconds. */
export const validPeriod = (seconds: number) => seconds === 10 || seconds === 30 || (seconds >= 60 && seconds % 60 === 0);

/** The comparisons CloudWatch alarms offer. */
export const CLOUDWATCH_COMPARISONS = {
  '>': 'GreaterThanThreshold',
  '>=': 'GreaterThanOrEqualToThreshold',
  '<': 'LessThanThreshold',
  '<=': 'LessThanOrEqualToThreshold',
} as const;

/** RDS gp3 storage for MySQL and PostgreSQL, in GiB. */
export const RDS_STORAGE_GIB = { min: 20, max: 65536 } as const;

/** The URL a Route53 health check probes, or undefined when it cannot probe `text`. */
export function probeTarget(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.hostname.endsWith('.') ? url : undefined;
  } catch {
    return undefined;
  }
}

function checkAlarm(alarm: Alarm, resolved: ResolvedSystem, context: TargetContext): void {
  const at = (field: string) => ({ span: alarm.fieldSpans[field] ?? alarm.span });
  if (!validPeriod(alarm.periodSeconds)) {
    context.error('TERRAFORM_ALARM_PERIOD', `alarm "${alarm.name}": CloudWatch periods are 10s, 30s or a multiple of 60s, not ${alarm.periodSeconds}s`, {
      ...at('period'),
      hint: `use ${alarm.periodSeconds < 60 ? (alarm.periodSeconds <= 10 ? '10s' : '30s') : `${Math.round(alarm.periodSeconds / 60)}m`}`,
    });
  }
  const source = alarm.source;
  if (source.type === 'expr') return;
  if (source.type === 'probe') {
    if (!probeTarget(source.url)) {
      context.error('TERRAFORM_PROBE_URL', `alarm "${alarm.name}": "${source.url}" is not an http(s) URL a Route53 health check can probe`, {
        ...at('probe'),
        hint: 'a probe needs a full URL with a host name, e.g. https://app.example.com/health (is the environment\'s `domain` set?)',
      });
    }
    return;
  }
  const threshold = alarm.threshold;
  if (!threshold || !Object.hasOwn(CLOUDWATCH_COMPARISONS, threshold.comparison)) {
    context.error('TERRAFORM_ALARM_THRESHOLD', `alarm "${alarm.name}": CloudWatch needs a threshold with >, >=, < or <=${threshold ? `, not ${threshold.comparison}` : ''}`, {
      ...at('threshold'),
      hint: 'e.g. `threshold: "> 5"`',
    });
  }
  if (source.type !== 'metric') return;
  // Every metric of the language maps to CloudWatch (test/targets/terraform/metric-catalogue.test.ts).
  const metric = cloudWatchMetric(source.on.kind, source.metric);
  if (metric?.deadLetterQueue && !resolved.queues[source.on.name]?.deadLetter) {
    context.error('TERRAFORM_ALARM_NO_DEAD_LETTER_QUEUE', `alarm "${alarm.name}" watches the dead letters of queue "${source.on.name}", which has no deadLetter`, {
      ...at('metric'),
      hint: `give queue.${source.on.name} a \`deadLetter: { maxReceives: 5 }\`, or watch its \`depth\``,
    });
  }
}

function checkDatabase(database: Database, context: TargetContext): void {
  const { min, max } = RDS_STORAGE_GIB;
  if (database.storageGiB >= min && database.storageGiB <= max) return;
  context.error('TERRAFORM_DATABASE_STORAGE', `database "${database.name}": RDS allocates ${min} to ${max} GiB of gp3 storage, not ${database.storageGiB} GiB`, {
    span: database.fieldSpans.storage ?? database.span,
    hint: database.storageGiB < min ? `use \`storage: ${min}Gi\` (RDS's minimum)` : `use at most \`storage: ${max}Gi\``,
  });
}

/** Two filters that a key can match both: S3 refuses them for the same event type. */
const overlaps = (a: BucketNotification, b: BucketNotification) =>
  a.events.some((event) => b.events.includes(event)) &&
  (a.prefix === undefined || b.prefix === undefined || a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
  (a.suffix === undefined || b.suffix === undefined || a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix));

/**
 * What S3 accepts of a bucket's queue and topic destinations: standard (not FIFO) ones, in each of
 * the bucket's regions, with filters that never both match one key for one event type. Function
 * destinations go through EventBridge, where any overlap is fine (serverless checks their regions).
 */
function checkBucketNotify(bucket: Bucket, resolved: ResolvedSystem, context: TargetContext): void {
  const direct = bucket.notify.filter((entry) => entry.target.kind !== 'function');
  for (const entry of direct) {
    const target = entry.target.kind === 'queue' ? resolved.queues[entry.target.name]! : resolved.topics[entry.target.name]!;
    if (target.fifo) {
      context.error('TERRAFORM_BUCKET_NOTIFY_FIFO', `bucket "${bucket.name}" notifies FIFO ${entry.target.kind} "${target.name}", but S3 sends events only to standard queues and topics`, {
        span: entry.span,
        hint: `notify a standard ${entry.target.kind}, or a function that forwards to the FIFO one`,
      });
    }
    const missing = bucket.regions.filter((region) => !target.regions.includes(region));
    if (missing.length) {
      context.error('TERRAFORM_BUCKET_NOTIFY_REGION', `bucket "${bucket.name}" lives in ${missing.join(', ')} (environment ${resolved.environment!.name}) but ${entry.target.kind} "${target.name}" does not: S3 notifies only destinations of its own region`, {
        span: entry.span,
        hint: `give ${entry.target.kind} "${target.name}" the regions of bucket "${bucket.name}"`,
      });
    }
  }
  direct.forEach((entry, index) => {
    const earlier = direct.slice(0, index).find((other) => overlaps(other, entry));
    if (!earlier) return;
    context.error('TERRAFORM_BUCKET_NOTIFY_OVERLAP', `bucket "${bucket.name}": the notifications to ${earlier.target.kind} "${earlier.target.name}" and ${entry.target.kind} "${entry.target.name}" match the same keys for the same events, which S3 refuses`, {
      span: entry.span,
      hint: `the other is at line ${earlier.span.start.line}; give them prefixes or suffixes that do not overlap, or different events; to reach several destinations, notify one topic and subscribe them`,
    });
  });
}

/** A zone-aware OpenSearch domain (more than one node) needs a private subnet in each of two zones. */
function checkSearch(search: Search, resolved: ResolvedSystem, context: TargetContext): void {
  const network = resolved.network;
  const subnets = network.mode === 'managed' ? network.zones : network.privateSubnets.length;
  if (search.nodes === 1 || subnets >= 2) return;
  context.error('TERRAFORM_SEARCH_ZONES', `search "${search.name}": ${search.nodes} nodes spread over two availability zones, but the network has ${subnets} private subnet${subnets === 1 ? '' : 's'}`, {
    span: search.fieldSpans.nodes ?? search.span,
    hint: network.mode === 'managed' ? 'set `network.zones: 2` (or more), or use `nodes: 1`' : 'list private subnets in two zones under `network.existing.privateSubnets`, or use `nodes: 1`',
  });
}

const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/** CloudFront answers its aliases and reaches a service origin by host name: real DNS names only. */
function checkCdn(cdn: Cdn, resolved: ResolvedSystem, context: TargetContext): void {
  for (const alias of cdn.aliases) {
    if (HOST_NAME.test(alias)) continue;
    context.error('TERRAFORM_CDN_HOST', `cdn "${cdn.name}": alias "${alias}" is not a DNS name CloudFront and ACM accept`, {
      span: cdn.fieldSpans.aliases ?? cdn.span,
      hint: 'write a full host name, e.g. `media.${env.domain}` in an environment with a `domain`',
    });
  }
  const ingress = cdn.origin.kind === 'service' ? resolved.services[cdn.origin.name]?.ingress : undefined;
  if (ingress && !HOST_NAME.test(ingress.host)) {
    context.error('TERRAFORM_CDN_HOST', `cdn "${cdn.name}": the origin's ingress host "${ingress.host}" is not a DNS name CloudFront can reach`, {
      span: cdn.fieldSpans.origin ?? cdn.span,
      hint: 'give the environment a `domain`, or the service an ingress host that resolves',
    });
  }
}

/** IRSA roles trust the OIDC provider of the environment's cluster: without one, workloads get none. */
function checkClusterForRoles(resolved: ResolvedSystem, kubernetes: KubernetesPlacement, context: TargetContext): void {
  const environment = resolved.environment!;
  if (kubernetes.cluster) return;
  const needing = kubernetesWorkloads(resolved, kubernetes.namespace).filter((workload) => needsWorkloadRole(workload.container));
  if (needing.length === 0) return;
  context.report({
    code: 'TERRAFORM_NO_CLUSTER',
    message: `environment "${environment.name}" names no Kubernetes cluster, so ${needing.map((workload) => `${workload.kind} "${workload.name}"`).join(', ')} get no IAM role for their service account`,
    span: environment.span,
    hint: 'set environments.<env>.targets.kubernetes.cluster to the EKS cluster whose OIDC provider the roles should trust',
  });
}

/** SNS subscribes an SQS queue of its own region only: a subscriber queue must share the topic's regions. */
function checkSubscriptionRegions(resolved: ResolvedSystem, context: TargetContext): void {
  const environment = resolved.environment!;
  for (const topic of Object.values(resolved.topics)) {
    for (const region of topic.regions) {
      for (const subscriber of topic.subscribers) {
        if (resolved.queues[subscriber.queue.name]?.regions.includes(region)) continue;
        context.report({
          code: 'TERRAFORM_SUBSCRIPTION_OUTSIDE_REGION',
          message: `topic "${topic.name}" lives in ${region} (environment ${environment.name}) but queue "${subscriber.queue.name}" does not: the subscription is left out there`,
          span: subscriber.span,
          hint: `give queue "${subscriber.queue.name}" the regions of topic "${topic.name}"`,
        });
      }
    }
  }
}

/** CloudWatch alarms notify through SNS, and Slack cannot confirm an SNS subscription: said once per channel. */
function reportSlackChannels(model: Parameters<TargetCheck>[0], context: TargetContext): void {
  const channels = new Map<string, Notification>();
  for (const resolved of model.environments) {
    for (const alarm of Object.values(resolved.alarms)) {
      if (alarm.source.type === 'expr') continue; // a Prometheus rule, not a CloudWatch alarm
      for (const ref of alarm.notify) {
        const channel = resolved.notifications[ref.name];
        if (channel?.slack && !channels.has(channel.name)) channels.set(channel.name, channel);
      }
    }
  }
  for (const channel of [...channels.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    context.report({
      code: 'TERRAFORM_SLACK_UNSUPPORTED',
      message: `notification "${channel.name}": Slack cannot confirm an SNS subscription, so its slack channel gets no CloudWatch alarms (use a webhook that accepts SNS, or AWS Chatbot)`,
      span: channel.span,
    });
  }
}

export const checkTerraform: TargetCheck = (model, context) => {
  reportSlackChannels(model, context);
  for (const resolved of model.environments) {
    if (!resolved.environment) continue;
    checkClusterForRoles(resolved, kubernetesPlacement(context.optionsOf('kubernetes', resolved.environment.name), model.name), context);
    checkSubscriptionRegions(resolved, context);
    for (const alarm of Object.values(resolved.alarms)) checkAlarm(alarm, resolved, context);
    for (const database of Object.values(resolved.databases)) checkDatabase(database, context);
    for (const bucket of Object.values(resolved.buckets)) checkBucketNotify(bucket, resolved, context);
    for (const search of Object.values(resolved.search)) checkSearch(search, resolved, context);
    for (const cdn of Object.values(resolved.cdns)) checkCdn(cdn, resolved, context);
  }
  checkTerraformOverrides(model, context);
};
