/** One entity changed → only its files (and the files that reference it) change. */
import { describe, expect, it } from 'vitest';
import { compileInline, errorsOf, fileTree } from './compile.ts';

const system = (names: { api: string; worker: string }) => `
infragen: 1
system: shop
environments:
  prod: { account: "123456789012", regions: [eu-west-1], domain: shop.example.com }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro }
services:
  ${names.api}:
    image: shop/api:1.0
    ports: { http: { port: 8080 } }
    env: { DB_HOST: "\${database.db.host}" }
    uses: [database.db]
  web:
    image: shop/web:1.0
    ports: { http: { port: 3000 } }
    env: { API_URL: "\${service.${names.api}.url}" }
  ${names.worker}:
    image: shop/worker:1.0
    env: { MODE: batch }
`;

/** Paths whose contents differ, were added or were removed. */
function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

describe('kubernetes target: locality of changes', () => {
  it('renaming a service nobody references changes only its own file', async () => {
    const before = await compileInline(system({ api: 'api', worker: 'worker' }));
    const after = await compileInline(system({ api: 'api', worker: 'batch' }));
    expect(errorsOf(before)).toEqual([]);
    expect(errorsOf(after)).toEqual([]);
    expect(changedPaths(fileTree(before), fileTree(after))).toEqual(['prod/eu-west-1/shop/batch.yaml', 'prod/eu-west-1/shop/worker.yaml']);
  });

  it('renaming a referenced service changes its file and the files of services that reference it', async () => {
    const before = fileTree(await compileInline(system({ api: 'api', worker: 'worker' })));
    const after = fileTree(await compileInline(system({ api: 'backend', worker: 'worker' })));
    expect(changedPaths(before, after)).toEqual(['prod/eu-west-1/shop/api.yaml', 'prod/eu-west-1/shop/backend.yaml', 'prod/eu-west-1/shop/web.yaml']);
    expect(after.get('prod/eu-west-1/shop/web.yaml')).toContain('http://backend.shop.svc.cluster.local:8080');
  });
});
