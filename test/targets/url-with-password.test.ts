/**
 * `${database.<name>.urlWithPassword}` is a secret attribute: every target delivers it as a secret
 * variable, assembled where the password is read, never written into a file (issue 18 item 1).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileWithTarget, INLINE_ENTRY } from '../helpers/compile.ts';
import { documents } from './kubernetes/compile.ts';

const system = `
infragen: 1
system: shop
environments:
  prod: { account: "123456789012", regions: [us-east-1], kubernetes: { cluster: main } }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro, user: app }
services:
  api:
    image: shop/api:1.0
    env: { DATABASE_URL: "\${database.db.urlWithPassword}" }
    uses: [database.db]
functions:
  report:
    handler: dist/report.handler
    env: { DATABASE_URL: "\${database.db.urlWithPassword}" }
    uses: [database.db]
    vpc: true
`;

const compile = async (target: string, text = system) => {
  const { files, diagnostics } = await compileWithTarget(target, INLINE_ENTRY, text);
  return { files, errors: diagnostics.filter((diagnostic) => diagnostic.severity === 'error') };
};

describe('${database.x.urlWithPassword}', () => {
  it('kubernetes: the ExternalSecret assembles it from the master secret and the published host', async () => {
    const { files, errors } = await compile('kubernetes');
    expect(errors).toEqual([]);
    const docs = documents(files['prod/us-east-1/shop/api.yaml']!);
    const externalSecret = docs.find((doc) => doc.kind === 'ExternalSecret')!;
    expect(externalSecret.spec.target.template.data.DATABASE_URL).toBe('postgresql://app:{{ (.database_db_master | fromYaml).password | urlquery }}@{{ .database_db_host }}:5432/db');
    const configMap = docs.find((doc) => doc.kind === 'ConfigMap')!;
    expect(configMap.data!.DATABASE_URL).toBeUndefined();
    expect(configMap.data!.DATABASE_URL_FILE).toBe('/run/secrets/infragen/DATABASE_URL');
  });

  it('terraform: the workload role reads the master secret and the host parameter', async () => {
    const { files, errors } = await compile('terraform');
    expect(errors).toEqual([]);
    const stack = Object.entries(files).find(([file]) => file.endsWith('main.tf.json'))![1];
    expect(stack).toContain('secret:rds!db-*');
    expect(stack).toContain('parameter/shop/prod/database/db/host');
    expect(stack).not.toContain('parameter/shop/prod/database/db/urlWithPassword');
  });

  it('serverless: the ARN, the field and the URL without the password, read at run time', async () => {
    const { files, errors } = await compile('serverless');
    expect(errors).toEqual([]);
    const environment = parse(files['prod/us-east-1/serverless.yml']!).functions.report.environment;
    expect(environment).toEqual({
      DATABASE_URL_SECRET_ARN: '${ssm:/shop/prod/database/db/master-secret-arn}',
      DATABASE_URL_SECRET_FIELD: 'password',
      DATABASE_URL_SECRET_URL: '${ssm:/shop/prod/database/db/url}',
    });
  });

  it('compose: a secret file of its own, listed in secrets/README.md', async () => {
    const { files, errors } = await compile('compose');
    expect(errors).toEqual([]);
    const api = parse(files['docker-compose.yml']!).services.api;
    expect(api.environment.DATABASE_URL_FILE).toBe('/run/secrets/db-url');
    expect(api.secrets).toContain('db-url');
    expect(files['secrets/README.md']).toContain('| `secrets/db-url` | URL of database.db with its password: `postgresql://app:<password>@db:5432/db`');
  });

  it('may not flow into a plain value', async () => {
    const { errors } = await compile('compose', system.replace('"${database.db.urlWithPassword}" }\n    uses: [database.db]\nfunctions', '"db=${database.db.urlWithPassword}" }\n    uses: [database.db]\nfunctions'));
    expect(errors.map((error) => error.code)).toEqual(['SECRET_ATTRIBUTE_MISPLACED']);
  });
});
