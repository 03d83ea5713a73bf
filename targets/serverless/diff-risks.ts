/** Risk rules for serverless.yml, one row per rule. */
import type { DiffObject, RiskRule } from '../../compiler/plugin-api.ts';
import { asList, dataLossRule, difference, forceNewRules, iamWildcardRule, isPlainObject, pick } from '../../compiler/plugin-api.ts';

/** HTTP routes of a function without an authorizer: `GET /wallets/{id}`. */
function openRoutes(object: DiffObject | undefined): Set<string> {
  const routes = new Set<string>();
  for (const event of asList(pick(object?.value, 'events'))) {
    if (!isPlainObject(event)) continue;
    for (const kind of ['http', 'httpApi']) {
      const route = event[kind];
      if (route === undefined) continue;
      if (typeof route === 'string') {
        routes.add(route === '*' ? '* (every route)' : route);
        continue;
      }
      if (!isPlainObject(route) || route.authorizer !== undefined || route.private === true) continue;
      routes.add(`${String(route.method ?? '*').toUpperCase()} ${String(route.path ?? '/')}`.replace(/^(\S+) ([^/])/, '$1 /$2'));
    }
  }
  return routes;
}

export const SERVERLESS_RISKS: readonly RiskRule[] = [
  dataLossRule('serverless', {
    'AWS::DynamoDB::Table': 'the table and its items',
    'AWS::S3::Bucket': 'the bucket and its objects',
    'AWS::SQS::Queue': 'the queue and the messages in it',
    'AWS::RDS::DBInstance': 'the database and its data',
    'AWS::Logs::LogGroup': 'the function logs kept in it',
  }),
  ...forceNewRules('serverless', {
    'AWS::SQS::Queue': ['Properties.QueueName', 'Properties.FifoQueue'],
    'AWS::DynamoDB::Table': ['Properties.TableName', 'Properties.KeySchema'],
    'AWS::S3::Bucket': ['Properties.BucketName'],
    function: ['name'],
  }),
  {
    id: 'serverless/public-route',
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    types: ['function'],
    check: ({ before, after }) =>
      difference(openRoutes(after), openRoutes(before)).map((route) => ({ field: 'events', message: `new public HTTP route without an authorizer: ${route}` })),
  },
  iamWildcardRule('serverless'),
];
