/**
 * How `infragen diff` reads serverless.yml: each function (`functions.api`), each CloudFormation
 * resource and output under `resources` (`resources.Resources.OrdersQueue`), and each other
 * top-level key (`provider`, `custom`, …) is an object. Each file is its own scope.
 */
import type { DiffFormat, DiffObject } from '../../compiler/plugin-api.ts';
import { isPlainObject, parseYaml } from '../../compiler/plugin-api.ts';
import { SERVERLESS_RISKS } from './diff-risks.ts';

/** The objects of one serverless.yml document. */
export function serverlessObjects(file: string, document: unknown): DiffObject[] {
  if (!isPlainObject(document)) throw new Error('not a serverless.yml');
  const objects: DiffObject[] = [];
  for (const key of Object.keys(document).sort()) {
    const section = document[key];
    if (key === 'functions' && isPlainObject(section)) {
      for (const name of Object.keys(section).sort()) objects.push({ id: `functions.${name}`, type: 'function', value: section[name], file });
    } else if (key === 'resources' && isPlainObject(section)) {
      for (const part of Object.keys(section).sort()) {
        const members = section[part];
        if ((part === 'Resources' || part === 'Outputs') && isPlainObject(members)) {
          for (const logicalId of Object.keys(members).sort()) {
            const value = members[logicalId];
            const type = part === 'Outputs' ? 'Output' : isPlainObject(value) && typeof value.Type === 'string' ? value.Type : 'Resource';
            objects.push({ id: `resources.${part}.${logicalId}`, type, value, file });
          }
        } else {
          objects.push({ id: `resources.${part}`, type: part, value: members, file });
        }
      }
    } else {
      objects.push({ id: key, type: key, value: section, file });
    }
  }
  return objects;
}

export const SERVERLESS_DIFF: DiffFormat = {
  matches: (relative) => /(^|\/)serverless\.ya?ml$/.test(relative),
  parse: (file, contents) => serverlessObjects(file, parseYaml(contents)),
  risks: SERVERLESS_RISKS,
};
