/**
 * serverless.yml: each function (`functions.api`), each CloudFormation resource and output under
 * `resources` (`resources.OrdersQueue`), and each other top-level key (`provider`, `custom`, …) is
 * an object. Each file is its own scope.
 */
import { parse } from 'yaml';
import { isPlainObject } from '../../data.ts';
import type { EntityKind } from '../../model/types.ts';
import { SERVERLESS_RULES } from '../rules/serverless.ts';
import type { FormatHandler, OutputObject } from './format.ts';

const KIND_BY_CFN: Array<[RegExp, EntityKind]> = [
  [/^AWS::SQS::/, 'queue'],
  [/^AWS::SNS::/, 'topic'],
  [/^AWS::DynamoDB::/, 'table'],
  [/^AWS::S3::/, 'bucket'],
  [/^AWS::RDS::/, 'database'],
  [/^AWS::ElastiCache::/, 'cache'],
  [/^AWS::CloudWatch::Alarm$/, 'alarm'],
];

export const serverlessFormat: FormatHandler = {
  id: 'serverless',
  matches: (relative) => /(^|\/)serverless\.ya?ml$/.test(relative),
  entityKind: (type) => (type === 'function' ? 'function' : KIND_BY_CFN.find(([pattern]) => pattern.test(type))?.[1]),
  parse(file, contents) {
    const document = parse(contents, { maxAliasCount: 100, logLevel: 'error' }) as unknown;
    if (!isPlainObject(document)) throw new Error('not a serverless.yml');
    const objects: OutputObject[] = [];
    for (const key of Object.keys(document).sort()) {
      const section = document[key];
      if (key === 'functions' && isPlainObject(section)) {
        for (const name of Object.keys(section).sort()) {
          const value = section[name];
          const names = [name, ...(isPlainObject(value) && typeof value.name === 'string' ? [value.name] : [])];
          objects.push({ id: `functions.${name}`, type: 'function', names, value, file });
        }
      } else if (key === 'resources' && isPlainObject(section)) {
        for (const part of Object.keys(section).sort()) {
          const members = section[part];
          if ((part === 'Resources' || part === 'Outputs') && isPlainObject(members)) {
            for (const logicalId of Object.keys(members).sort()) {
              const value = members[logicalId];
              const type = part === 'Outputs' ? 'Output' : isPlainObject(value) && typeof value.Type === 'string' ? value.Type : 'Resource';
              objects.push({ id: `resources.${part}.${logicalId}`, type, names: [logicalId], value, file });
            }
          } else {
            objects.push({ id: `resources.${part}`, type: part, names: [], value: members, file });
          }
        }
      } else {
        objects.push({ id: key, type: key, names: [], value: section, file });
      }
    }
    return objects;
  },
  rules: SERVERLESS_RULES,
};
