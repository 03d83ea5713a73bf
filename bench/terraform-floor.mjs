// The floor cdktf sets for the Terraform stage at 1,000 services: bare cdktf making the elements
// the 1,000-service system's stacks hold (same classes, same counts per stack, as
// `node bench/generate.mjs 1000` builds them), with minimal configuration, and each step of
// turning them into Terraform JSON the way cdktf does it. No infragen code runs.
//   node bench/terraform-floor.mjs     CPU ms per step (process.cpuUsage: all threads), cold, as a
//                                      build pays them; run it a few times, it is one sample
// Steps: loading cdktf and the provider classes; creating the constructs (stack traces off, as
// the target has them); one attribute token read per resource (`.id`, as a reference does);
// each element's synthesizeAttributes(); cdktf's toTerraform(); and cdktf's resolve() of that.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** [class, Terraform type, count] per stack (environment × region) of the 1,000-service system. */
const STACKS = [
  {"name":"production-us-east-1","elements":[["AwsProvider","aws",2],["S3Backend","S3Backend",1],["SecretsmanagerSecret","aws_secretsmanager_secret",140],["SsmParameter","aws_ssm_parameter",5302],["TerraformOutput","TerraformOutput",5302],["Vpc","aws_vpc",1],["DefaultSecurityGroup","aws_default_security_group",1],["DataAwsAvailabilityZones","aws_availability_zones",1],["InternetGateway","aws_internet_gateway",1],["RouteTable","aws_route_table",3],["Route","aws_route",3],["Subnet","aws_subnet",4],["RouteTableAssociation","aws_route_table_association",4],["Eip","aws_eip",2],["NatGateway","aws_nat_gateway",2],["SecurityGroup","aws_security_group",301],["VpcSecurityGroupEgressRule","aws_vpc_security_group_egress_rule",201],["DbSubnetGroup","aws_db_subnet_group",200],["DataAwsEksCluster","aws_eks_cluster",2],["VpcSecurityGroupIngressRule","aws_vpc_security_group_ingress_rule",500],["DbInstance","aws_db_instance",200],["ElasticacheSubnetGroup","aws_elasticache_subnet_group",100],["ElasticacheReplicationGroup","aws_elasticache_replication_group",100],["DynamodbTable","aws_dynamodb_table",100],["S3Bucket","aws_s3_bucket",100],["S3BucketPublicAccessBlock","aws_s3_bucket_public_access_block",100],["S3BucketOwnershipControls","aws_s3_bucket_ownership_controls",100],["S3BucketServerSideEncryptionConfigurationA","aws_s3_bucket_server_side_encryption_configuration",100],["S3BucketVersioningA","aws_s3_bucket_versioning",50],["DataAwsIamPolicyDocument","aws_iam_policy_document",2701],["S3BucketPolicy","aws_s3_bucket_policy",100],["SqsQueue","aws_sqs_queue",1000],["SqsQueueRedriveAllowPolicy","aws_sqs_queue_redrive_allow_policy",500],["SnsTopic","aws_sns_topic",202],["SnsTopicSubscription","aws_sns_topic_subscription",403],["SqsQueuePolicy","aws_sqs_queue_policy",400],["DataAwsIamOpenidConnectProvider","aws_iam_openid_connect_provider",2],["IamRole","aws_iam_role",1100],["IamRolePolicy","aws_iam_role_policy",1100],["KmsKey","aws_kms_key",1],["KmsAlias","aws_kms_alias",1],["CloudwatchMetricAlarm","aws_cloudwatch_metric_alarm",418],["CloudwatchLogGroup","aws_cloudwatch_log_group",83],["CloudwatchLogMetricFilter","aws_cloudwatch_log_metric_filter",83],["Route53HealthCheck","aws_route53_health_check",1]]},
  {"name":"production-eu-west-1","elements":[["AwsProvider","aws",1],["S3Backend","S3Backend",1],["DataAwsIamPolicyDocument","aws_iam_policy_document",1],["KmsKey","aws_kms_key",1],["KmsAlias","aws_kms_alias",1],["SnsTopic","aws_sns_topic",1],["SnsTopicSubscription","aws_sns_topic_subscription",1],["CloudwatchLogGroup","aws_cloudwatch_log_group",12],["CloudwatchLogMetricFilter","aws_cloudwatch_log_metric_filter",12],["CloudwatchMetricAlarm","aws_cloudwatch_metric_alarm",12]]},
  {"name":"staging-us-east-1","elements":[["AwsProvider","aws",1],["S3Backend","S3Backend",1],["SecretsmanagerSecret","aws_secretsmanager_secret",140],["SsmParameter","aws_ssm_parameter",5302],["TerraformOutput","TerraformOutput",5302],["Vpc","aws_vpc",1],["DefaultSecurityGroup","aws_default_security_group",1],["DataAwsAvailabilityZones","aws_availability_zones",1],["InternetGateway","aws_internet_gateway",1],["RouteTable","aws_route_table",3],["Route","aws_route",3],["Subnet","aws_subnet",4],["RouteTableAssociation","aws_route_table_association",4],["Eip","aws_eip",2],["NatGateway","aws_nat_gateway",2],["SecurityGroup","aws_security_group",301],["VpcSecurityGroupEgressRule","aws_vpc_security_group_egress_rule",201],["DbSubnetGroup","aws_db_subnet_group",200],["DataAwsEksCluster","aws_eks_cluster",1],["VpcSecurityGroupIngressRule","aws_vpc_security_group_ingress_rule",500],["DbInstance","aws_db_instance",200],["ElasticacheSubnetGroup","aws_elasticache_subnet_group",100],["ElasticacheReplicationGroup","aws_elasticache_replication_group",100],["DynamodbTable","aws_dynamodb_table",100],["S3Bucket","aws_s3_bucket",100],["S3BucketPublicAccessBlock","aws_s3_bucket_public_access_block",100],["S3BucketOwnershipControls","aws_s3_bucket_ownership_controls",100],["S3BucketServerSideEncryptionConfigurationA","aws_s3_bucket_server_side_encryption_configuration",100],["S3BucketVersioningA","aws_s3_bucket_versioning",50],["DataAwsIamPolicyDocument","aws_iam_policy_document",2701],["S3BucketPolicy","aws_s3_bucket_policy",100],["SqsQueue","aws_sqs_queue",1000],["SqsQueueRedriveAllowPolicy","aws_sqs_queue_redrive_allow_policy",500],["SnsTopic","aws_sns_topic",202],["SnsTopicSubscription","aws_sns_topic_subscription",403],["SqsQueuePolicy","aws_sqs_queue_policy",400],["DataAwsIamOpenidConnectProvider","aws_iam_openid_connect_provider",1],["IamRole","aws_iam_role",1100],["IamRolePolicy","aws_iam_role_policy",1100],["KmsKey","aws_kms_key",1],["KmsAlias","aws_kms_alias",1],["CloudwatchMetricAlarm","aws_cloudwatch_metric_alarm",418],["CloudwatchLogGroup","aws_cloudwatch_log_group",83],["CloudwatchLogMetricFilter","aws_cloudwatch_log_metric_filter",83],["Route53HealthCheck","aws_route53_health_check",1]]},
];

function load() {
  const cdktf = require('cdktf');
  const classes = new Map();
  for (const { elements } of STACKS) {
    for (const [name, type] of elements) {
      if (classes.has(name)) continue;
      if (name === 'TerraformOutput' || name.endsWith('Backend')) classes.set(name, cdktf[name]);
      else if (name === 'AwsProvider') classes.set(name, require('@cdktf/provider-aws/lib/provider/index.js').AwsProvider);
      else {
        const folder = (name.startsWith('Data') ? `data-${type}` : type.replace(/^aws_/, '')).replace(/_/g, '-');
        classes.set(name, require(`@cdktf/provider-aws/lib/${folder}/index.js`)[name]);
      }
    }
  }
  return { cdktf, Construct: require('constructs').Construct, resolve: require('cdktf/lib/_tokens.js').resolve, classes };
}

function configOf(name, index) {
  if (name === 'TerraformOutput') return { value: `value-${index}` };
  if (name === 'S3Backend') return { bucket: 'state', key: 'terraform.tfstate' };
  if (name === 'LocalBackend') return { path: 'terraform.tfstate' };
  if (name === 'AwsProvider') return index === 0 ? { region: 'us-east-1' } : { region: 'eu-west-1', alias: `alias_${index}` };
  return {};
}

function measure() {
  const times = {};
  let start = cpu();
  const { cdktf, Construct, resolve, classes } = load();
  times.load = cpu() - start;
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target) => {
    target.stack = '';
  };
  try {
    start = cpu();
    const root = new Construct(undefined, '');
    const built = [];
    for (const { name: stackName, elements } of STACKS) {
      const stack = new cdktf.TerraformStack(root, stackName);
      const made = [];
      for (const [name, type, count] of elements) {
        const Class = classes.get(name);
        for (let index = 0; index < count; index++) {
          const element = new Class(stack, `${type}.${type}_${index}`, configOf(name, index));
          if (!name.endsWith('Backend')) element.overrideLogicalId(`${type}_${index}`);
          made.push(element);
        }
      }
      built.push({ stack, made });
    }
    times.construct = cpu() - start;
    const elements = built.reduce((sum, { made }) => sum + made.length, 0);

    start = cpu();
    let reads = 0;
    for (const { made } of built) {
      for (const element of made) {
        if (!(element instanceof cdktf.TerraformResource)) continue;
        element.getStringAttribute('id');
        reads++;
      }
    }
    times.tokenReads = cpu() - start;

    start = cpu();
    for (const { made } of built) for (const element of made) element.synthesizeAttributes?.();
    times.synthesizeAttributes = cpu() - start;

    start = cpu();
    const json = built.map(({ stack, made }) => ({ stack, json: made.map((element) => element.toTerraform()) }));
    times.toTerraform = cpu() - start;

    start = cpu();
    for (const { stack, json: parts } of json) for (const part of parts) resolve(stack, part);
    times.resolve = cpu() - start;
    return { elements, reads, times };
  } finally {
    Error.captureStackTrace = capture;
  }
}

const { elements, reads, times } = measure();
console.log(JSON.stringify({ elements, tokenReads: reads, ...Object.fromEntries(Object.entries(times).map(([step, ms]) => [`${step}Ms`, Math.round(ms)])) }));
