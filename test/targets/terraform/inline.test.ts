/** Small systems exercising one Terraform rule each. */
import { describe, expect, it } from 'vitest';
import { Construct } from 'constructs';
import { Fn, TerraformStack } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/_tokens.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { compileInline } from './compile-inline.ts';

/** What cdktf's Fn.jsonencode renders for the redrive policies of queue `in` (maxReceives 3). */
function jsonencodeByCdktf(): { redrive: string; redriveAllow: string } {
  const stack = new TerraformStack(new Construct(undefined as unknown as Construct, ''), 'redrive');
  const queue = new SqsQueue(stack, 'queue', {});
  queue.overrideLogicalId('in');
  const deadLetter = new SqsQueue(stack, 'dead-letter', {});
  deadLetter.overrideLogicalId('in_dlq');
  return {
    redrive: cdktfResolve(stack, Fn.jsonencode({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: 3 })) as string,
    redriveAllow: cdktfResolve(stack, Fn.jsonencode({ redrivePermission: 'byQueue', sourceQueueArns: [queue.arn] })) as string,
  };
}

const HEADER = `infragen: 1
system: shop
defaults: { cloud: aws, region: us-east-1 }
environments:
  prod:
    regions: [us-east-1, eu-west-1]
    account: "123456789012"
    domain: shop.example.com
    protect: true
    targets: { kubernetes: { cluster: shop-prod, namespace: shop } }
`;

/** Every string anywhere in a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('terraform target', () => {
  it('grants a service that uses one queue exactly that queue, with named actions', async () => {
    const { stacks, diagnostics } = await compileInline(`${HEADER}
queues:
  jobs: { visibilityTimeout: 30s }
  other: { visibilityTimeout: 30s }
services:
  worker:
    image: shop/worker:1.0
    uses: [queue.jobs]
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    const policy = stack.data.aws_iam_policy_document.access_service_worker.statement;
    const resources = policy.flatMap((statement: any) => statement.resources);
    expect(new Set(resources)).toEqual(new Set(['arn:aws:sqs:us-east-1:123456789012:shop-prod-jobs']));
    const actions: string[] = policy.flatMap((statement: any) => statement.actions);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^sqs:[A-Z][A-Za-z]+$/);
    expect(policy.every((statement: any) => statement.effect === 'Allow')).toBe(true);

    // The role is trusted by the cluster's OIDC provider for that one service account.
    expect(stack.resource.aws_iam_role.service_worker.name).toBe('shop-prod-worker');
    const trust = stack.data.aws_iam_policy_document.trust_service_worker.statement;
    expect(trust).toHaveLength(1);
    expect(trust[0].condition[0].values).toEqual(['system:serviceaccount:shop:worker']);
    expect(stack.data.aws_eks_cluster.cluster_us_east_1.name).toBe('shop-prod');
  });

  it('limits SSM reads to the parameters a workload interpolates, and secret reads to its secrets', async () => {
    const { stacks } = await compileInline(`${HEADER}
secrets:
  token: { description: API token }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro, storage: 20Gi }
services:
  api:
    image: shop/api:1.0
    env: { DB_HOST: "\${database.db.host}" }
    secrets: { TOKEN: token }
    uses: [database.db]
`);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    const statements = stack.data.aws_iam_policy_document.access_service_api.statement;
    expect(statements).toEqual([
      {
        sid: 'SecretToken',
        effect: 'Allow',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/token-??????'],
      },
      {
        sid: 'WiringParameters',
        effect: 'Allow',
        actions: ['ssm:GetParameter', 'ssm:GetParameters'],
        resources: ['arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/database/db/host'],
      },
    ]);
    // The database admits the pods of the named cluster on its port and nothing else (the
    // network policies narrow that to api); the cluster must be in the system's VPC.
    const rules = Object.values(stack.resource.aws_vpc_security_group_ingress_rule) as any[];
    expect(rules).toEqual([
      expect.objectContaining({
        from_port: 5432,
        to_port: 5432,
        referenced_security_group_id: '${data.aws_eks_cluster.cluster_us_east_1.vpc_config[0].cluster_security_group_id}',
        security_group_id: '${aws_security_group.database_db.id}',
      }),
    ]);
    expect(stack.data.aws_eks_cluster.cluster_us_east_1.lifecycle.postcondition[0].condition).toBe('${self.vpc_config[0].vpc_id == aws_vpc.main.id}');
    const db = stack.resource.aws_db_instance.db;
    expect(db).toMatchObject({ manage_master_user_password: true, storage_encrypted: true, deletion_protection: true, skip_final_snapshot: false, publicly_accessible: false });
    expect(stringsOf(stack).some((value) => /password/i.test(value) && !value.includes('manage'))).toBe(false);
    expect(stack.resource.aws_ssm_parameter.database_db_url.value).toBe('postgresql://app@${aws_db_instance.db.address}:5432/db');
  });

  it('emits no stack for a system that declares nothing AWS-specific', async () => {
    const { stacks, diagnostics } = await compileInline(`${HEADER}
services:
  web:
    image: nginx:1.27
    ports: { http: 80 }
  api:
    image: shop/api:1.0
    env: { WEB: "\${service.web.url}" }
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(stacks).toEqual({});
  });

  it('puts each entity in its regions and IAM roles in the first region only', async () => {
    const { stacks } = await compileInline(`${HEADER}
tables:
  orders: { partitionKey: id, billing: on-demand, ttl: expiresAt }
services:
  api:
    image: shop/api:1.0
    regions: all
    uses: [table.orders]
`);
    expect(Object.keys(stacks).sort()).toEqual(['prod/us-east-1/main.tf.json']);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    // The table lives only in us-east-1: the copy of the service in eu-west-1 reaches that one.
    expect(stack.data.aws_iam_policy_document.access_service_api.statement[0].resources).toEqual(['arn:aws:dynamodb:us-east-1:123456789012:table/shop-prod-orders']);
    // Trusted by the cluster of each region the service runs in; eu-west-1 through a provider alias.
    expect(stack.data.aws_iam_policy_document.trust_service_api.statement).toHaveLength(2);
    expect(stack.data.aws_eks_cluster.cluster_eu_west_1.provider).toBe('aws.eu_west_1');
    expect(stack.resource.aws_dynamodb_table.orders).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'id',
      ttl: { attribute_name: 'expiresAt', enabled: true },
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
  });

  it('wires FIFO topics to FIFO queues with the filter policy and a queue policy for that topic only', async () => {
    const { stacks } = await compileInline(`${HEADER}
queues:
  in: { fifo: true, visibilityTimeout: 30s, deadLetter: { maxReceives: 3 } }
topics:
  out:
    fifo: true
    subscribers:
      - { queue: in, filter: { target: [a, b] }, filterOn: body }
`);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    expect(stack.resource.aws_sqs_queue.in).toMatchObject({ name: 'shop-prod-in.fifo', fifo_queue: true, sqs_managed_sse_enabled: true });
    expect(stack.resource.aws_sqs_queue.in_dlq.name).toBe('shop-prod-in-dlq.fifo');
    expect(stack.resource.aws_sqs_queue.in.redrive_policy).toContain('aws_sqs_queue.in_dlq.arn');
    // written directly, as cdktf's Fn.jsonencode renders the same arguments
    const rendered = jsonencodeByCdktf();
    expect(stack.resource.aws_sqs_queue.in.redrive_policy).toBe(rendered.redrive);
    expect(stack.resource.aws_sqs_queue_redrive_allow_policy.in_dlq.redrive_allow_policy).toBe(rendered.redriveAllow);
    expect(stack.resource.aws_sns_topic.out).toMatchObject({ name: 'shop-prod-out.fifo', fifo_topic: true });
    expect(stack.resource.aws_sns_topic_subscription.out_to_in).toMatchObject({
      protocol: 'sqs',
      endpoint: '${aws_sqs_queue.in.arn}',
      filter_policy: '{\n  "target": [\n    "a",\n    "b"\n  ]\n}',
      filter_policy_scope: 'MessageBody',
    });
    const statement = stack.data.aws_iam_policy_document.queue_in.statement[0];
    expect(statement.condition).toEqual([{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ['${aws_sns_topic.out.arn}'] }]);
    expect(statement.actions).toEqual(['sqs:SendMessage']);
  });

  it('alarms on every node of a cache and every DynamoDB operation with metric math', async () => {
    const { stacks } = await compileInline(`${HEADER}
network: { cidr: 10.1.0.0/16, zones: 2, nat: single }
caches:
  sessions: { engine: redis, version: "7.1", class: cache.t3.micro, nodes: 2 }
tables:
  orders: { partitionKey: id, billing: on-demand }
notifications:
  ops: { email: ops@example.com, webhook: "https://hooks.example.com/x" }
alarms:
  cache-cpu: { on: cache.sessions, metric: cpu, threshold: "> 80", period: 5m, notify: [ops] }
  table-errors: { on: table.orders, metric: errors, threshold: "> 0", period: 1m }
  site: { probe: "https://shop.example.com/health", period: 1m, notify: [ops] }
`);
    const stack = stacks['prod/us-east-1/main.tf.json'];
    const alarms = stack.resource.aws_cloudwatch_metric_alarm;
    const cpu = alarms.cache_cpu.metric_query;
    expect(cpu.map((query: any) => query.metric?.dimensions.CacheClusterId).filter(Boolean)).toEqual(['shop-prod-sessions-001', 'shop-prod-sessions-002']);
    expect(cpu.at(-1)).toMatchObject({ expression: 'MAX([m1, m2])', return_data: true });
    expect(alarms.table_errors.metric_query).toHaveLength(11);
    expect(alarms.table_errors.metric_query.at(-1).expression).toMatch(/^SUM\(\[m1, .*m10\]\)$/);
    // us-east-1 stack: the probe needs no alias; one topic per channel with its subscriptions.
    expect(alarms.site).toMatchObject({ namespace: 'AWS/Route53', metric_name: 'HealthCheckStatus', alarm_actions: ['${aws_sns_topic.notification_ops.arn}'] });
    expect(alarms.site.provider).toBeUndefined();
    expect(Object.values(stack.resource.aws_sns_topic_subscription).map((s: any) => s.protocol).sort()).toEqual(['email', 'https']);
    // nat: single → one NAT gateway that both private route tables use.
    expect(Object.keys(stack.resource.aws_nat_gateway)).toEqual(['zone_1']);
    expect(Object.keys(stack.resource.aws_route).sort()).toEqual(['private_zone_1_internet', 'private_zone_2_internet', 'public_internet']);
    expect(stack.resource.aws_elasticache_replication_group.sessions).toMatchObject({ transit_encryption_enabled: true, automatic_failover_enabled: true, multi_az_enabled: true });
  });

  it('encrypts every SNS topic: entity topics with the SNS key, alarm topics with a key CloudWatch may use, in each region', async () => {
    // only eu-west-1: the probe's alarm (Route 53 metrics live in us-east-1) notifies through an alias provider
    const { stacks } = await compileInline(`${HEADER.replace('regions: [us-east-1, eu-west-1]', 'regions: [eu-west-1]')}
topics:
  events: {}
functions:
  api: { handler: dist/api.handler, regions: all }
notifications:
  ops: { email: ops@example.com }
alarms:
  api-errors: { on: function.api, metric: errors, threshold: "> 0", notify: [ops] }
  site: { probe: "https://shop.example.com/health", notify: [ops] }
`);
    const eu = stacks['prod/eu-west-1/main.tf.json'];
    expect(eu.resource.aws_sns_topic.events.kms_master_key_id).toBe('alias/aws/sns');
    expect(Object.keys(stacks)).toEqual(['prod/eu-west-1/main.tf.json']);
    // eu-west-1: its own alarm's topic under its own key; the probe's topic in us-east-1 under a us-east-1 key
    expect(eu.resource.aws_sns_topic.notification_ops.kms_master_key_id).toBe('${aws_kms_key.alarm_topics.arn}');
    expect(eu.resource.aws_sns_topic.notification_ops_us_east_1).toMatchObject({ kms_master_key_id: '${aws_kms_key.alarm_topics_us_east_1.arn}', provider: 'aws.us_east_1' });
    expect(eu.resource.aws_kms_key.alarm_topics).toMatchObject({ enable_key_rotation: true, policy: '${data.aws_iam_policy_document.alarm_topics_key.json}' });
    expect(eu.resource.aws_kms_key.alarm_topics_us_east_1.provider).toBe('aws.us_east_1');
    expect(eu.resource.aws_kms_alias.alarm_topics.name).toBe('alias/shop-prod-alarms');
    const statements = eu.data.aws_iam_policy_document.alarm_topics_key.statement;
    expect(statements.find((statement: any) => statement.sid === 'CloudWatchAlarmsPublish')).toEqual({
      sid: 'CloudWatchAlarmsPublish',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    });
    expect(statements.find((statement: any) => statement.sid === 'AccountAdministersTheKey').principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }]);
  });

  it('writes the S3 backend key per environment and region, with the lock table', async () => {
    const { stacks } = await compileInline(`${HEADER.replace('environments:', 'state: { bucket: tf-state, keyPrefix: shop/infra, region: us-east-1, lockTable: tf-locks }\nenvironments:')}
buckets:
  assets: { versioning: true, public: false, regions: all }
`);
    expect(Object.keys(stacks).sort()).toEqual(['prod/eu-west-1/main.tf.json', 'prod/us-east-1/main.tf.json']);
    const eu = stacks['prod/eu-west-1/main.tf.json'];
    expect(eu.terraform.backend.s3).toEqual({ bucket: 'tf-state', key: 'shop/infra/prod/eu-west-1/terraform.tfstate', region: 'us-east-1', encrypt: true, dynamodb_table: 'tf-locks' });
    expect(eu.provider.aws[0]).toMatchObject({ region: 'eu-west-1', allowed_account_ids: ['123456789012'], default_tags: [{ tags: { system: 'shop', environment: 'prod', 'managed-by': 'infragen' } }] });
    expect(eu.resource.aws_s3_bucket.assets.bucket).toBe('shop-prod-assets-eu-west-1');
    expect(eu.resource.aws_s3_bucket_public_access_block.assets).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(stacks['prod/us-east-1/main.tf.json'].resource.aws_s3_bucket.assets.bucket).toBe('shop-prod-assets');
  });
});
