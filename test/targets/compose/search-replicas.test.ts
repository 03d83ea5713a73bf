/** Local stand-ins: a single-node OpenSearch for a search cluster; readerHost = the one local database. */
import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.ts';

describe('compose stand-ins for search and read replicas', () => {
  it('runs OpenSearch of the same version and wires endpoint and readerHost to local containers', async () => {
    const { documents, diagnostics } = await compileInline(`
infragen: 1
system: shop
databases:
  orders: { engine: postgres, version: "16.3", class: db.t4g.medium, replicas: { count: 2 } }
search:
  products: { version: "2.13", class: r6g.large.search }
services:
  api:
    image: shop/api:1.0
    uses: [database.orders, search.products]
    env:
      SEARCH_URL: "\${search.products.endpoint}"
      READER: "\${database.orders.readerHost}"
      SEARCH_ARN: "\${search.products.arn}"
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compose = documents['docker-compose.yml'];
    expect(compose.services.products.image).toBe('opensearchproject/opensearch:2.13.0');
    expect(compose.services.products.environment['discovery.type']).toBe('single-node');
    expect(compose.volumes).toHaveProperty('products-data');
    // one local database stands in for the primary and its replicas
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'orders', 'products']);
    const api = compose.services.api;
    expect(api.environment).toMatchObject({ SEARCH_URL: 'http://products:9200', READER: 'orders', SEARCH_ARN: 'arn:aws:es:us-east-1:000000000000:domain/shop-local-products' });
    expect(api.depends_on.products).toEqual({ condition: 'service_healthy' });
  });
});
