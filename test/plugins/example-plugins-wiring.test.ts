/**
 * The example plugins wire what the built-ins do. ECS delivers credentials the way ECS can: a secret variable's `valueFrom` is
 * the Secrets Manager secret (the managed master secret's `password` field for
 * `${database.x.password}`), its ARN put in by register.sh from what Terraform publishes, and the
 * execution role's policy allows exactly those secrets; `${env.region}` is each region's own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConformance } from '../../compiler/plugin-testing.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SYSTEM = `
infragen: 1
system: shop
environments:
  prod: { account: "123456789012", regions: [us-east-1, eu-west-1] }
secrets:
  api-key: { regions: all }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro, regions: all }
services:
  api:
    image: shop/api:1.0
    regions: all
    env: { DB_PASS: "\${database.db.password}", DB_HOST: "\${database.db.host}", REGION: "\${env.region}" }
    secrets: { API_KEY: api-key }
    uses: [database.db]
targets:
  ecs-fargate:
    network: { subnets: [subnet-0a1b2c3d4e5f60001], securityGroups: [sg-0a1b2c3d4e5f60010] }
`;

async function run(system: string) {
  const folder = mkdtempSync(path.join(tmpdir(), 'infragen-ecs-'));
  writeFileSync(path.join(folder, 'system.yaml'), system);
  const result = await checkConformance(path.join(ROOT, 'examples/plugins/ecs-fargate/index.mjs'), { examples: [path.join(folder, 'system.yaml')] });
  expect(result.problems).toEqual([]);
  return result.examples[0]!;
}

async function build(): Promise<Map<string, string>> {
  const { files } = await run(SYSTEM);
  return new Map(files.map((file) => [file.path.replace(/^ecs-fargate\//, ''), file.contents]));
}

describe('ecs-fargate example plugin', () => {
  it('reads secrets from Secrets Manager by ARN, permitted to exactly those secrets, in each region', async () => {
    const files = await build();
    for (const region of ['us-east-1', 'eu-west-1']) {
      const container = JSON.parse(files.get(`prod/${region}/api.task-definition.json`)!).containerDefinitions[0];
      expect(container.secrets).toEqual([
        { name: 'API_KEY', valueFrom: '{{ssm:/shop/prod/secret/api-key/arn}}' },
        { name: 'DB_HOST', valueFrom: `arn:aws:ssm:${region}:123456789012:parameter/shop/prod/database/db/host` },
        { name: 'DB_PASS', valueFrom: '{{ssm:/shop/prod/database/db/master-secret-arn}}:password::' },
      ]);
      expect(container.environment).toContainEqual({ name: 'REGION', value: region });

      const policy = JSON.parse(files.get(`prod/${region}/api.execution-role-policy.json`)!);
      expect(policy.Statement).toEqual([
        { Sid: 'WiringParameters', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: [`arn:aws:ssm:${region}:123456789012:parameter/shop/prod/database/db/host`] },
        { Sid: 'DeclaredSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [`arn:aws:secretsmanager:${region}:123456789012:secret:shop/prod/api-key-??????`] },
        {
          Sid: 'DatabaseSecretDb',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue'],
          Resource: [`arn:aws:secretsmanager:${region}:123456789012:secret:rds!db-*`],
          Condition: { StringEquals: { 'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': `arn:aws:rds:${region}:123456789012:db:shop-prod-db` } },
        },
      ]);

      const script = files.get(`prod/${region}/register.sh`)!;
      expect(script).toContain(`region=${region}\n`);
      expect(script).toContain('arn_1=$(ssm /shop/prod/database/db/master-secret-arn)\narn_2=$(ssm /shop/prod/secret/api-key/arn)\n');
      expect(script).toContain(
        'aws ecs register-task-definition --region "$region" --cli-input-json "$(sed -e "s|{{ssm:/shop/prod/database/db/master-secret-arn}}|$arn_1|g" -e "s|{{ssm:/shop/prod/secret/api-key/arn}}|$arn_2|g" api.task-definition.json)"',
      );
    }
  });

  it('leaves out a database URL with its password, which ECS cannot assemble, and says so', async () => {
    const { files, diagnostics } = await run(SYSTEM.replace('DB_PASS: "${database.db.password}"', 'DB_URL: "${database.db.urlWithPassword}"'));
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'ECS_URL_WITH_PASSWORD').map((diagnostic) => diagnostic.message)).toEqual([
      'service "api": DB_URL is ${database.db.urlWithPassword}, which ECS cannot assemble (it reads a secret\'s fields only whole), so DB_URL is left out',
    ]);
    const container = JSON.parse(files.find((file) => file.path.endsWith('prod/us-east-1/api.task-definition.json'))!.contents).containerDefinitions[0];
    expect(container.secrets.map((secret: { name: string }) => secret.name)).toEqual(['API_KEY', 'DB_HOST']);
  });
});

describe('gcp-cloud-run example plugin', () => {
  it('puts its Cloud Run region in for ${env.region}', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'infragen-gcp-'));
    writeFileSync(path.join(folder, 'system.yaml'), `
infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1] }
services:
  api: { image: shop/api:1.0, ports: { http: 8080 }, env: { REGION: "run-\${env.region}" } }
targets:
  gcp-cloud-run: { project: shop-project-1, projectNumber: "123456789012", region: southamerica-east1 }
`);
    const result = await checkConformance(`template:${path.join(ROOT, 'examples/plugins/gcp-cloud-run')}`, { examples: [path.join(folder, 'system.yaml')] });
    expect(result.problems).toEqual([]);
    const service = JSON.parse(result.examples[0]!.files.find((file) => file.path.endsWith('services/api.service.json'))!.contents);
    expect(service.spec.template.spec.containers[0].env).toContainEqual({ name: 'REGION', value: 'run-southamerica-east1' });
  });
});
