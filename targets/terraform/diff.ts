/**
 * How `infragen diff` reads Terraform JSON (`*.tf.json`). All files of one folder form one module,
 * so an object's id is its address in the module (`aws_sqs_queue.orders`,
 * `data.aws_iam_policy_document.api`, `output.queue_url`), and moving a resource between files of
 * a folder is no change. Data sources only read: renaming one replaces nothing.
 */
import type { DiffFormat, DiffObject } from '../../compiler/plugin-api.ts';
import { folderOf, isPlainObject } from '../../compiler/plugin-api.ts';
import { TERRAFORM_RISKS } from './diff-risks.ts';

/** The objects of one Terraform JSON document, by address. */
export function terraformObjects(file: string, document: unknown): DiffObject[] {
  const objects: DiffObject[] = [];
  visitTerraformObjects(document, (id, type, value) => objects.push({ id, type, value, file }));
  return objects;
}

/** The addresses of a Terraform JSON document's objects, in the order `terraformObjects` lists them. */
export function terraformObjectIds(document: unknown): string[] {
  const ids: string[] = [];
  visitTerraformObjects(document, (id) => ids.push(id));
  return ids;
}

/** Calls `visit` with each object of a Terraform JSON document: its address, its type and its value. */
function visitTerraformObjects(document: unknown, visit: (id: string, type: string, value: unknown) => void): void {
  if (!isPlainObject(document)) throw new Error('not a Terraform JSON object');
  for (const block of Object.keys(document).sort()) {
    const body = document[block];
    if (block === '//') continue;
    if ((block === 'resource' || block === 'data') && isPlainObject(body)) {
      for (const type of Object.keys(body).sort()) {
        const byName = body[type];
        if (!isPlainObject(byName)) continue;
        for (const name of Object.keys(byName).sort()) visit(`${block === 'data' ? 'data.' : ''}${type}.${name}`, type, byName[name]);
      }
    } else if ((block === 'output' || block === 'variable' || block === 'module') && isPlainObject(body)) {
      for (const name of Object.keys(body).sort()) visit(`${block}.${name}`, block, body[name]);
    } else if (block === 'provider' && isPlainObject(body)) {
      for (const name of Object.keys(body).sort()) visit(`provider.${name}`, 'provider', body[name]);
    } else {
      visit(block, block, body);
    }
  }
}

export const TERRAFORM_DIFF: DiffFormat = {
  matches: (relative) => relative.endsWith('.tf.json'),
  group: folderOf,
  noise: ['//'],
  readOnly: (object) => object.id.startsWith('data.'),
  parse: (file, contents) => terraformObjects(file, JSON.parse(contents) as unknown),
  risks: TERRAFORM_RISKS,
};
