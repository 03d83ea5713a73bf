/**
 * Terraform JSON (`*.tf.json`). All files of one folder form one module, so an object's id is its
 * address in the module (`aws_sqs_queue.orders`, `data.aws_iam_policy_document.api`,
 * `output.queue_url`), and moving a resource between files of a folder is no change.
 */
import { isPlainObject } from '../../data.ts';
import type { EntityKind } from '../../model/types.ts';
import { TERRAFORM_RULES } from '../rules/terraform.ts';
import { folderOf, type FormatHandler, type OutputObject } from './format.ts';

const KIND_BY_PREFIX: Array<[RegExp, EntityKind]> = [
  [/^aws_(db|rds)_/, 'database'],
  [/^aws_elasticache_/, 'cache'],
  [/^aws_dynamodb_/, 'table'],
  [/^aws_s3_/, 'bucket'],
  [/^aws_sqs_/, 'queue'],
  [/^aws_sns_/, 'topic'],
  [/^aws_secretsmanager_/, 'secret'],
  [/^aws_lambda_/, 'function'],
  [/^aws_cloudwatch_metric_alarm$/, 'alarm'],
  [/^aws_(ecr|iam_role|eks_pod_identity)/, 'service'],
];

/** The VPC and its plumbing come from `network:`, not from an entity. */
const NETWORK = /^aws_(vpc|subnet|route|route_table|route_table_association|internet_gateway|nat_gateway|eip|default_security_group|default_route_table|default_network_acl|network_acl|vpc_endpoint)$/;

function namesOf(name: string, body: unknown): string[] {
  const names = [name];
  if (isPlainObject(body)) {
    for (const key of ['name', 'identifier', 'bucket', 'function_name', 'replication_group_id', 'cluster_identifier']) {
      if (typeof body[key] === 'string') names.push(body[key] as string);
    }
  }
  return names;
}

export const terraformFormat: FormatHandler = {
  id: 'terraform',
  matches: (relative) => relative.endsWith('.tf.json'),
  group: folderOf,
  ignoreKeys: new Set(['//']),
  unattributed: (type) => NETWORK.test(type) || ['provider', 'terraform', 'locals', 'variable'].includes(type),
  entityKind: (type) => KIND_BY_PREFIX.find(([pattern]) => pattern.test(type))?.[1],
  readOnly: (object) => object.id.startsWith('data.'),
  parse(file, contents) {
    const document = JSON.parse(contents) as unknown;
    if (!isPlainObject(document)) throw new Error('not a Terraform JSON object');
    const objects: OutputObject[] = [];
    const add = (id: string, type: string, names: string[], value: unknown) => objects.push({ id, type, names, value, file });
    for (const block of Object.keys(document).sort()) {
      const body = document[block];
      if (block === '//') continue;
      if ((block === 'resource' || block === 'data') && isPlainObject(body)) {
        for (const type of Object.keys(body).sort()) {
          const byName = body[type];
          if (!isPlainObject(byName)) continue;
          for (const name of Object.keys(byName).sort()) {
            add(`${block === 'data' ? 'data.' : ''}${type}.${name}`, type, namesOf(name, byName[name]), byName[name]);
          }
        }
      } else if ((block === 'output' || block === 'variable' || block === 'module') && isPlainObject(body)) {
        for (const name of Object.keys(body).sort()) add(`${block}.${name}`, block, [name], body[name]);
      } else if (block === 'provider' && isPlainObject(body)) {
        for (const name of Object.keys(body).sort()) add(`provider.${name}`, 'provider', [], body[name]);
      } else {
        add(block, block, [], body);
      }
    }
    return objects;
  },
  rules: TERRAFORM_RULES,
};
