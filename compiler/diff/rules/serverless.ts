/** Risk rules for serverless.yml, one row per rule. */
import { isPlainObject } from '../../data.ts';
import { pick } from '../fields.ts';
import type { OutputObject, RiskRule } from '../formats/format.ts';
import { asList, dataLossRule, difference, forceNewRules, iamWildcardRule, literalSecretFindings } from './common.ts';

/** HTTP routes of a function without an authorizer: `GET /wallets/{id}`. */
function openRoutes(object: OutputObject | undefined): Set<string> {
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

const environment = (object: OutputObject | undefined): Record<string, unknown> => {
  const env = pick(object?.value, 'environment');
  return isPlainObject(env) ? env : {};
};
const fromSecrets = (env: Record<string, unknown>) =>
  new Set(Object.entries(env).filter(([, value]) => typeof value === 'string' && /\$\{(ssm|aws:|cf:)|secretsmanager/.test(value)).map(([name]) => name));

export const SERVERLESS_RULES: readonly RiskRule[] = [
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
  {
    id: 'serverless/plain-secret',
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    types: ['function', 'provider'],
    check: ({ before, after }) => {
      const old = environment(before);
      return literalSecretFindings(old, environment(after), fromSecrets(old), (name) => `environment.${name}`);
    },
  },
];
