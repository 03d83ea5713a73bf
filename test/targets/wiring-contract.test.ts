/**
 * Contracts between targets, checked on the committed build of every example: what one target
 * points at, another creates. (out/ is kept fresh by CI's `build-examples --check`.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/golden.ts';

const OUT = path.join(import.meta.dirname, '..', '..', 'out');
const examples = readdirSync(OUT, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

type Json = Record<string, any>;

/** Every IAM role name with the service-account subjects its trust policy admits, per environment. */
function terraformRoles(example: string): Map<string, Set<string>> {
  const roles = new Map<string, Set<string>>();
  const folder = path.join(OUT, example, 'terraform');
  for (const file of listFiles(folder).filter((name) => name.endsWith('.tf.json'))) {
    const module: Json = JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
    const documents: Json = module.data?.aws_iam_policy_document ?? {};
    for (const role of Object.values<Json>(module.resource?.aws_iam_role ?? {})) {
      const trustId = /data\.aws_iam_policy_document\.([\w-]+)\.json/.exec(role.assume_role_policy)?.[1];
      const subjects = (documents[trustId ?? '']?.statement ?? []).flatMap((statement: Json) =>
        (statement.condition ?? []).filter((condition: Json) => String(condition.variable).endsWith(':sub')).flatMap((condition: Json) => condition.values),
      );
      roles.set(role.name, new Set([...(roles.get(role.name) ?? []), ...subjects]));
    }
  }
  return roles;
}

/** The examples whose output has a folder for `target`: the tests below run on exactly these. */
const examplesWith = (target: string) => examples.filter((example) => existsSync(path.join(OUT, example, target)));

it('the contract is checked on the examples that have the outputs it relates', () => {
  // every example but gcp-shop, which runs on Google Cloud only (Kubernetes serves aws)
  expect(examplesWith('kubernetes')).toEqual(examples.filter((example) => example !== 'gcp-shop'));
  expect(examplesWith('serverless')).toEqual(['event-pipeline', 'guardian-partner', 'hathor-wallet']);
});

describe.each(examplesWith('kubernetes'))('%s: Kubernetes ↔ Terraform', (example) => {
  it('every annotated ServiceAccount has a Terraform role that trusts exactly it', () => {
    const folder = path.join(OUT, example, 'kubernetes');
    const roles = terraformRoles(example);
    const accounts = listFiles(folder)
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => parseAllDocuments(readFileSync(path.join(folder, file), 'utf8')).map((document) => document.toJS() as Json))
      .filter((object) => object?.kind === 'ServiceAccount' && object.metadata.annotations?.['eks.amazonaws.com/role-arn']);
    for (const account of accounts) {
      const roleName = String(account.metadata.annotations['eks.amazonaws.com/role-arn']).split(':role/')[1]!;
      expect(roles.has(roleName), `role ${roleName} for ${account.metadata.namespace}/${account.metadata.name}`).toBe(true);
      expect([...roles.get(roleName)!]).toContain(`system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}`);
    }
  });

});

describe.each(examplesWith('serverless'))('%s: serverless ↔ Terraform', (example) => {
  it('every SSM parameter a serverless.yml reads is published by Terraform (or documented as external)', () => {
    const folder = path.join(OUT, example, 'serverless');
    let reads = 0;
    const published = new Set<string>();
    for (const file of listFiles(path.join(OUT, example, 'terraform')).filter((name) => name.endsWith('.tf.json'))) {
      const module: Json = JSON.parse(readFileSync(path.join(OUT, example, 'terraform', file), 'utf8'));
      for (const parameter of Object.values<Json>(module.resource?.aws_ssm_parameter ?? {})) published.add(parameter.name);
    }
    for (const file of listFiles(folder)) {
      const text = readFileSync(path.join(folder, file), 'utf8');
      for (const [, name] of text.matchAll(/\$\{ssm(?:\([^)]*\))?:(\/[^}]+)\}/g)) {
        reads++;
        if (name!.startsWith('/aws/reference/secretsmanager/') || /\/cognito\/[^/]+\/arn$/.test(name!)) continue;
        expect(published.has(name!), `${file} reads ${name}`).toBe(true);
      }
    }
    expect(reads, 'the serverless files read parameters').toBeGreaterThan(0);
  });
});
