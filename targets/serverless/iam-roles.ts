/**
 * One IAM role per function (a CloudFormation `AWS::IAM::Role` in `resources`, named by the
 * function's `role:`), so each function gets only what it declares: the framework's shared
 * `provider.iam.role` would give every function the union. Named actions on named resources:
 * - always: write its own log streams;
 * - `consumes` a queue: receive, delete and read attributes (what an SQS event source needs);
 * - `publishes` to a topic: publish; to a queue: send;
 * - `uses` a table, bucket, queue, topic, secret or function: the data-plane actions on it;
 *   `uses` of a database, cache or service is network access only (no IAM); of a search
 *   cluster: its HTTP actions (`es:ESHttp*`, signed requests) on the domain, plus the network;
 * - WebSocket routes: post to the connections of its own WebSocket API stage;
 * - `vpc: true`: the network-interface actions Lambda needs in a VPC (these take no resource).
 * - each secret variable (`secrets:`, `${database.<name>.password}`): read exactly that secret, at
 *   run time (wiring values need nothing: the framework resolves them at deploy time).
 * ARNs of what Terraform creates are read from SSM (`${ssm:…}` works inside `resources` too).
 */
import type { EntityRef, FunctionDef } from '../../compiler/plugin-api.ts';
import { cloudName } from '../../compiler/plugin-api.ts';
import { account, functionArn, logStreamsArn, partition } from './arns.ts';
import type { Scope } from './scope.ts';
import { secretVariables } from './environment-variables.ts';
import { attributeValue, secretArnValue } from './wiring-references.ts';

type Resource = string | Record<string, unknown>;
interface Grant {
  resource: Resource;
  actions: string[];
}

/** The framework's normalization of function names in logical ids (`ws-push` → `WsDashpush`). */
export function roleLogicalId(fnName: string): string {
  const normalized = fnName.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaRole`;
}

const TABLE_ACTIONS = ['BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem', 'DeleteItem', 'DescribeTable', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'].map((a) => `dynamodb:${a}`);
const QUEUE_CONSUME_ACTIONS = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
const SECRET_READ_ACTIONS = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const VPC_ACTIONS = ['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:UnassignPrivateIpAddresses'];

function usesGrants(scope: Scope, ref: EntityRef): Grant[] {
  const arn = (): string => attributeValue(scope, ref.kind, ref.name, 'arn');
  switch (ref.kind) {
    case 'table':
      return [
        { resource: arn(), actions: TABLE_ACTIONS },
        { resource: `${arn()}/index/*`, actions: ['dynamodb:Query', 'dynamodb:Scan'] },
      ];
    case 'bucket':
      return [
        { resource: arn(), actions: ['s3:ListBucket'] },
        { resource: `${arn()}/*`, actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'] },
      ];
    case 'queue':
      return [{ resource: arn(), actions: [...QUEUE_CONSUME_ACTIONS, 'sqs:ChangeMessageVisibility', 'sqs:SendMessage'] }];
    case 'topic':
      return [{ resource: arn(), actions: ['sns:Publish'] }];
    case 'secret':
      return [{ resource: arn(), actions: SECRET_READ_ACTIONS }];
    case 'function':
      return [{ resource: functionArn(scope, ref.name), actions: ['lambda:InvokeFunction'] }];
    case 'search':
      return [{ resource: `${arn()}/*`, actions: ['es:ESHttpDelete', 'es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPatch', 'es:ESHttpPost', 'es:ESHttpPut'] }];
    default:
      return [];
  }
}

function grants(scope: Scope, fn: FunctionDef): Grant[] {
  return [
    { resource: logStreamsArn(scope, fn.name), actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] },
    ...fn.consumes.map((queue) => ({ resource: attributeValue(scope, 'queue', queue.name, 'arn'), actions: QUEUE_CONSUME_ACTIONS })),
    ...fn.publishes.map((target) => ({
      resource: attributeValue(scope, target.kind, target.name, 'arn'),
      actions: [target.kind === 'topic' ? 'sns:Publish' : 'sqs:SendMessage'],
    })),
    ...fn.uses.flatMap((ref) => usesGrants(scope, ref)),
    ...secretVariables(fn).map(({ source }) => ({ resource: secretArnValue(scope, source), actions: SECRET_READ_ACTIONS })),
    ...(fn.websocket.length
      ? [{
          resource: { 'Fn::Join': ['', [`arn:${partition(scope.region)}:execute-api:${scope.region}:${account(scope)}:`, { Ref: 'WebsocketsApi' }, `/${scope.env.name}/POST/@connections/*`]] },
          actions: ['execute-api:ManageConnections'],
        }]
      : []),
    ...(fn.vpc ? [{ resource: '*', actions: VPC_ACTIONS }] : []),
  ];
}

/** The grants merged per resource (actions united), in a stable order. */
function statements(scope: Scope, fn: FunctionDef): Array<Record<string, unknown>> {
  const merged = new Map<string, Grant>();
  for (const grant of grants(scope, fn)) {
    const key = typeof grant.resource === 'string' ? grant.resource : JSON.stringify(grant.resource);
    const known = merged.get(key);
    merged.set(key, { resource: grant.resource, actions: [...new Set([...(known?.actions ?? []), ...grant.actions])].sort() });
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, grant]) => ({ Action: grant.actions, Effect: 'Allow', Resource: grant.resource }));
}

/** The function's role as a CloudFormation resource. */
export function functionRole(scope: Scope, fn: FunctionDef): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      // IAM names are global to the account: the region keeps the roles of two regions apart.
      RoleName: cloudName(scope.model.name, scope.env.name, `${fn.name}-${scope.region}`, 64),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      },
      Policies: [{ PolicyName: fn.name, PolicyDocument: { Version: '2012-10-17', Statement: statements(scope, fn) } }],
    },
  };
}
