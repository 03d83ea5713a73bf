/**
 * IAM roles for Kubernetes service accounts (IRSA). Each service, job and testnet service that
 * needs AWS gets a role `workloadRoleName(system, env, workload)` trusted by the OIDC provider of the
 * environment's cluster in each region the workload runs in, for service account
 * `system:serviceaccount:<namespace>:<workload>` only. Its policy names exact actions on exact
 * ARNs: what `uses`/`consumes`/`publishes`/`secrets` need, and ssm:GetParameter(s) on the wiring
 * parameters its env reads. IAM is global, so the roles live in the stack of the env's first region.
 */
import { DataAwsIamOpenidConnectProvider, DataAwsIamPolicyDocument, IamRole, IamRolePolicy } from './aws.ts';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import type { EntityKind, Service } from '../../compiler/plugin-api.ts';
import {
  databaseIdentifier,
  isSecretAttribute,
  joined,
  KEDA_OPERATOR_ROLE,
  needsWorkloadRole,
  PUBLISHED_KINDS,
  RDS_SECRET_TAG,
  DATABASE_URL_WITH_PASSWORD,
  secretAttributeOf,
  secretId,
  ssmParameterName,
  templateReferences,
  workloadRoleName,
} from '../../compiler/plugin-api.ts';
import { bucketCloudName } from './buckets.ts';
import { regionAlias, tfId } from './names.ts';
import { queueCloudName } from './queues.ts';
import { SEARCH_HTTP, searchDomainName } from './search.ts';
import type { RegionStack } from './stack.ts';
import { tableCloudName } from './tables.ts';
import { topicCloudName } from './topics.ts';
import { kubernetesWorkloads, type Workload } from './workloads.ts';

const QUEUE_CONSUME = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
const QUEUE_SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const TOPIC_PUBLISH = ['sns:Publish'];
const TABLE_READ_WRITE = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];
const BUCKET_LIST = ['s3:ListBucket'];
const OBJECT_READ_WRITE = ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'];
const SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const PARAMETER_READ = ['ssm:GetParameter', 'ssm:GetParameters'];

type Access = 'consume' | 'send' | 'use' | 'read';

/** Statement ids, by the name they are made from: the same few are made for every workload. */
const pascalCase = new Map<string, string>();
const pascal = (...parts: string[]) => {
  const text = joined(parts, '-');
  let found = pascalCase.get(text);
  if (found === undefined) pascalCase.set(text, (found = joined(text.split(/[^a-zA-Z0-9]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)), '')));
  return found;
};
// most lists here hold one region or one ARN
const unique = (values: string[]) => (values.length < 2 ? [...values] : [...new Set(values)].sort());

/** The IAM statements a workload needs in this environment (empty: it needs no role). */
function workloadStatements(rs: RegionStack, workload: Workload): DataAwsIamPolicyDocumentStatement[] {
  const { system, envName } = rs;
  const regionsOf = (ref: { kind: EntityKind; name: string }): string[] => {
    const placed = rs.regionsOf(ref);
    // Each region the workload runs in reaches the entity's copy there, else its first one.
    return unique(workload.container.regions.map((region) => (placed.includes(region) ? region : placed[0] ?? region)));
  };
  const statements = new Map<string, { actions: string[]; resources: string[]; condition?: DataAwsIamPolicyDocumentStatement['condition'] }>();
  const allow = (sid: string, actions: string[], resources: string[], condition?: DataAwsIamPolicyDocumentStatement['condition']) => {
    // The same entity reached twice (e.g. used and consumed) widens one statement, never duplicates it.
    const existing = statements.get(sid);
    statements.set(sid, { actions, resources: unique([...(existing?.resources ?? []), ...resources]), ...(condition ? { condition } : {}) });
  };

  const grant = (ref: { kind: EntityKind; name: string }, access: Access) => {
    const regions = regionsOf(ref);
    switch (ref.kind) {
      case 'queue': {
        const queue = rs.resolved.queues[ref.name]!;
        const arns = regions.map((region) => rs.arn('sqs', region, queueCloudName(rs, queue)));
        if (access === 'consume' || access === 'use') allow(pascal('consume', ref.name), QUEUE_CONSUME, arns);
        if (access === 'send' || access === 'use') allow(pascal('send', ref.name), QUEUE_SEND, arns);
        break;
      }
      case 'topic': {
        const topic = rs.resolved.topics[ref.name]!;
        allow(pascal('publish', ref.name), TOPIC_PUBLISH, regions.map((region) => rs.arn('sns', region, topicCloudName(rs, topic))));
        break;
      }
      case 'table': {
        const table = rs.resolved.tables[ref.name]!;
        allow(pascal('table', ref.name), TABLE_READ_WRITE, regions.map((region) => rs.arn('dynamodb', region, `table/${tableCloudName(rs, table)}`)));
        break;
      }
      case 'bucket': {
        const bucket = rs.resolved.buckets[ref.name]!;
        const names = regions.map((region) => bucketCloudName(rs, bucket, region));
        allow(pascal('list', ref.name), BUCKET_LIST, names.map((name) => `arn:aws:s3:::${name}`));
        allow(pascal('objects', ref.name), OBJECT_READ_WRITE, names.map((name) => `arn:aws:s3:::${name}/*`));
        break;
      }
      case 'search': {
        const search = rs.resolved.search[ref.name]!;
        allow(pascal('search', ref.name), SEARCH_HTTP, regions.map((region) => rs.arn('es', region, `domain/${searchDomainName(rs, search)}/*`)));
        break;
      }
      case 'secret':
        // Secrets Manager appends 6 random characters to a secret's ARN.
        allow(pascal('secret', ref.name), SECRET_READ, regions.map((region) => rs.arn('secretsmanager', region, `secret:${secretId(system, envName, ref.name)}-??????`)));
        break;
      default:
        // Databases and caches are reached over the network (security groups), not through IAM.
        break;
    }
  };

  const container = workload.container;
  for (const ref of container.consumes) grant(ref, 'consume');
  for (const ref of container.publishes) grant(ref, 'send');
  for (const ref of container.uses) grant(ref, 'use');
  // A secret also in `uses` already has its statement: granting it again changes nothing.
  for (const name of unique(Object.values(container.secrets).map((ref) => ref.name))) grant({ kind: 'secret', name }, 'read');

  for (const name of unique(Object.values(container.env).flatMap((template) => {
    const secret = secretAttributeOf(template);
    return secret?.kind === 'database' ? [secret.name] : [];
  }))) {
    // The master secret RDS manages has a generated name; RDS tags it with the instance's ARN, which
    // is known here, so the statement names exactly that secret (docs/deploy.md#credentials).
    const regions = regionsOf({ kind: 'database', name });
    allow(pascal('database', name, 'secret'), SECRET_READ, regions.map((region) => rs.arn('secretsmanager', region, 'secret:rds!db-*')), [
      {
        test: 'StringEquals',
        variable: `secretsmanager:ResourceTag/${RDS_SECRET_TAG}`,
        values: regions.map((region) => rs.arn('rds', region, `db:${databaseIdentifier(system, envName, name)}`)),
      },
    ]);
  }

  const parameters: string[] = [];
  for (const template of Object.values(container.env)) {
    for (const part of templateReferences(template)) {
      if (!PUBLISHED_KINDS.has(part.kind)) continue;
      // a URL with the password is assembled from the master secret and the published host
      const attribute = part.kind === 'database' && part.attribute === DATABASE_URL_WITH_PASSWORD ? 'host' : part.attribute;
      if (isSecretAttribute(part.kind, attribute)) continue;
      const name = ssmParameterName(system, envName, part.kind, part.name, attribute);
      for (const region of regionsOf(part)) parameters.push(rs.arn('ssm', region, `parameter${name}`));
    }
  }
  if (parameters.length) allow('WiringParameters', PARAMETER_READ, parameters);
  return [...statements].map(([sid, { actions, resources, condition }]) => ({ sid, effect: 'Allow', actions, resources, ...(condition ? { condition } : {}) }));
}

/** Builds the roles of every workload that needs one; call in the env's primary-region stack. */
export function buildWorkloadRoles(rs: RegionStack): void {
  const needing = kubernetesWorkloads(rs.resolved, rs.kubernetes.namespace)
    .filter((workload) => needsWorkloadRole(workload.container))
    .map((workload) => ({ workload, statements: workloadStatements(rs, workload) }));
  if (needing.length === 0) return;
  const { cluster } = rs.kubernetes;
  if (!cluster) return; // TERRAFORM_NO_CLUSTER, from check

  const providers = new Map<string, { arn: string; issuerHost: string }>();
  const oidcProvider = (region: string) => {
    let found = providers.get(region);
    if (!found) {
      const id = tfId('cluster', regionAlias(region));
      const eks = rs.clusterData(region);
      const issuer = `data.aws_eks_cluster.${eks.friendlyUniqueId}.identity[0].oidc[0].issuer`;
      const oidc = rs.add(DataAwsIamOpenidConnectProvider, id, { url: `\${${issuer}}` });
      found = { arn: oidc.arn, issuerHost: `\${replace(${issuer}, "https://", "")}` };
      providers.set(region, found);
    }
    return found;
  };

  for (const { workload, statements } of needing) {
    rs.owned(workload.source, () => {
      const id = tfId(workload.kind, workload.name);
      const scalesOnQueue = workload.kind === 'service' && (workload.container as Service).autoscale?.queue !== undefined;
      const trust = rs.add(DataAwsIamPolicyDocument, `trust_${id}`, {
        statement: [...workload.container.regions.map((region) => {
          const { arn, issuerHost } = oidcProvider(region);
          return {
            sid: pascal('cluster', region),
            effect: 'Allow',
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [{ type: 'Federated', identifiers: [arn] }],
            condition: [
              { test: 'StringEquals', variable: `${issuerHost}:sub`, values: [`system:serviceaccount:${workload.namespace}:${workload.name}`] },
              { test: 'StringEquals', variable: `${issuerHost}:aud`, values: ['sts.amazonaws.com'] },
            ],
          };
        }),
        // KEDA reads the depth of the queue it scales on with this role (identityOwner: workload).
        ...(scalesOnQueue
          ? [{ sid: 'KedaOperator', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${rs.account}:role/${KEDA_OPERATOR_ROLE}`] }] }]
          : []),
        ],
      });
      const role = rs.add(IamRole, id, {
        name: workloadRoleName(rs.system, rs.envName, workload.name),
        description: `Service account ${workload.namespace}/${workload.name} (${workload.kind} ${workload.name})`,
        assumeRolePolicy: trust.json,
      });
      const policy = rs.add(DataAwsIamPolicyDocument, `access_${id}`, { statement: statements });
      rs.add(IamRolePolicy, id, { name: 'access', role: role.id, policy: policy.json });
      rs.publish(workload.kind, workload.name, 'role-arn', role.arn);
      rs.use(workload.source);
    });
  }
}
