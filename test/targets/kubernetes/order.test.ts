/** `before:` on Kubernetes: Argo CD sync waves (namespace -2, the job and its objects -1, the rest 0). */
import { describe, expect, it } from 'vitest';
import { compileInline, documents, errorsOf, fileTree } from './compile.ts';

const SYSTEM = (before: string) => `
infragen: 1
system: shop
environments:
  prod: { account: "123456789012", regions: [us-east-1], kubernetes: { cluster: shop, namespace: shop } }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro }
services:
  web:
    image: shop/web:1.0
    ports: { http: 8080 }
    env: { DB_HOST: "\${database.db.host}", DB_PASSWORD: "\${database.db.password}" }
    uses: [database.db]
jobs:
  migrate:
    image: shop/migrate:1.0
    env: { DB_HOST: "\${database.db.host}", DB_PASSWORD: "\${database.db.password}" }
    uses: [database.db]
    ${before}
`;

const waves = (contents: string) => documents(contents).map((doc) => `${doc.kind}/${doc.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0'}`);

describe('kubernetes target: before', () => {
  it('puts a job that runs before services, with everything it reads, in an earlier sync wave than them', async () => {
    const result = await compileInline(SYSTEM('before: [service.web]'));
    expect(errorsOf(result)).toEqual([]);
    const files = fileTree(result);
    expect(new Set(waves(files.get('prod/us-east-1/shop/migrate.yaml')!))).toEqual(new Set(['ServiceAccount/-1', 'ConfigMap/-1', 'ExternalSecret/-1', 'Job/-1', 'NetworkPolicy/-1']));
    expect(waves(files.get('prod/us-east-1/shop/_namespace.yaml')!).every((wave) => wave.endsWith('/-2'))).toBe(true);
    expect(waves(files.get('prod/us-east-1/shop/web.yaml')!).every((wave) => wave.endsWith('/0'))).toBe(true);
  });

  it('leaves a job without before in the default wave', async () => {
    const files = fileTree(await compileInline(SYSTEM('')));
    for (const file of ['migrate.yaml', '_namespace.yaml']) expect(waves(files.get(`prod/us-east-1/shop/${file}`)!).every((wave) => wave.endsWith('/0'))).toBe(true);
  });
});
