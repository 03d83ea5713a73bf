/** The graph model and its text formats: goldens for every example, and the rules they follow. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDot } from '../../compiler/graph/dot.ts';
import { layoutGraph } from '../../compiler/graph/layout.ts';
import { renderMermaid } from '../../compiler/graph/mermaid.ts';
import { buildGraph, GraphSelectionError } from '../../compiler/graph/model.ts';
import { renderSvg } from '../../compiler/graph/render-svg.ts';
import { memoryHost } from '../../compiler/load/host.ts';
import { validateSystem } from '../../compiler/pipeline.ts';
import { writtenOptions } from '../../compiler/plugins/option-sections.ts';
import type { OptionsLookup } from '../../compiler/target.ts';
import { toStableJson } from '../../compiler/serialize.ts';
import { INLINE_ENTRY } from '../helpers/compile.ts';
import { EXAMPLE_CLOUDS } from '../helpers/example-clouds.ts';
import { caseFolders, expectGolden } from '../helpers/golden.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLES = caseFolders(path.join(ROOT, 'examples'));
const EXPECTED = path.join(import.meta.dirname, '_expected');

function modelOf(file: string, text?: string) {
  const result = validateSystem(file, { clouds: EXAMPLE_CLOUDS, ...(text !== undefined ? { host: memoryHost({ [file]: text }) } : {}) });
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return result.model!;
}

/** The Kubernetes target's options as each example writes them (the CLI passes the checked ones). */
function targetOptionsOf(file: string): OptionsLookup {
  const { loaded } = validateSystem(file);
  return (target, env) => writtenOptions(loaded!.data, target, env);
}

describe.each(EXAMPLES)('example %s', (example) => {
  const file = path.join(ROOT, 'examples', example, 'system.yaml');
  const model = modelOf(file);
  const graph = buildGraph(model, { targetOptions: targetOptionsOf(file) });

  it('graph model, Mermaid and DOT match the goldens', () => {
    expectGolden(path.join(EXPECTED, example, 'graph.json'), toStableJson(graph, { sortKeys: false }));
    expectGolden(path.join(EXPECTED, example, 'graph.mmd'), renderMermaid(graph));
    expectGolden(path.join(EXPECTED, example, 'graph.dot'), renderDot(graph));
  });

  it('has a node for every entity of the environment, and every edge joins two nodes', () => {
    const env = model.environments[0] ?? model.base;
    const ids = new Set(graph.nodes.map((node) => node.id));
    for (const collection of ['secrets', 'databases', 'caches', 'tables', 'buckets', 'queues', 'topics', 'services', 'jobs', 'functions', 'testnets', 'alarms', 'notifications'] as const) {
      for (const entity of Object.values(env[collection])) expect(ids, `${entity.kind}.${entity.name}`).toContain(`${entity.kind}.${entity.name}`);
    }
    expect(new Set(graph.nodes.map((node) => node.id)).size).toBe(graph.nodes.length);
    const groups = new Set(graph.groups.map((group) => group.id));
    for (const node of graph.nodes) expect(groups, node.id).toContain(node.group);
    for (const edge of graph.edges) {
      expect(ids, edge.id).toContain(edge.from);
      expect(ids, edge.id).toContain(edge.to);
    }
  });

  // The picture `infragen graph --format svg` drew in another process (scripts/build-examples.mjs):
  // the same bytes here, after whatever this process laid out before, is determinism across runs.
  it('lays out to the same bytes as the committed architecture.svg, with no two nodes overlapping', async () => {
    const first = await layoutGraph(graph);
    expectGolden(path.join(ROOT, 'examples', example, 'architecture.svg'), renderSvg(first));
    for (const [index, a] of first.nodes.entries()) {
      for (const b of first.nodes.slice(index + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
  });
});

const SMALL = `infragen: 1
system: shop
defaults: { cloud: aws, region: eu-west-1 }
environments:
  prod: { account: "123456789012", regions: [eu-west-1, us-east-1] }
  dev: { account: "123456789012", regions: [eu-west-1] }
databases:
  orders-db: { engine: postgres, version: "16", class: db.t3.micro, storage: 20Gi }
queues:
  orders: {}
topics:
  events:
    subscribers:
      - { queue: orders, filter: { type: [order] } }
services:
  api:
    image: shop/api:1
    ports: { http: { port: 8080 } }
    ingress: { host: shop.example.com, port: http, visibility: public }
    uses: [database.orders-db]
    publishes: [topic.events]
    regions: all
  worker:
    image: shop/worker:1
    consumes: [queue.orders]
    dependsOn: [api]
functions:
  nightly: { handler: dist/nightly.handler, schedule: "cron(0 3 * * ? *)" }
notifications:
  ops: { email: [ops@example.com] }
alarms:
  backlog: { on: queue.orders, metric: age, threshold: "> 300", notify: [ops] }
`;

describe('buildGraph', () => {
  const model = modelOf(INLINE_ENTRY, SMALL);

  it('draws the relations system.yaml states, with the subscription filter as a label', () => {
    const edges = buildGraph(model).edges.map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}${edge.label ? ` [${edge.label}]` : ''}`);
    expect(edges).toEqual(expect.arrayContaining([
      'topic.events -subscription-> queue.orders [type ∈ order]',
      'service.api -uses-> database.orders-db',
      'service.api -publishes-> topic.events',
      'queue.orders -consumes-> service.worker',
      'service.worker -dependsOn-> service.api [depends on]',
      '@internet -ingress-public-> service.api [shop.example.com/]',
      '@scheduler -schedule-> function.nightly [cron(0 3 * * ? *)]',
      'queue.orders -watches-> alarm.backlog [age]',
      'alarm.backlog -notifies-> notification.ops',
    ]));
  });

  it('groups by environment, region and zone; --region keeps only what runs there', () => {
    const graph = buildGraph(model, { environment: 'prod' });
    expect(graph.nodes.find((node) => node.id === 'database.orders-db')?.group).toBe('private:eu-west-1');
    expect(graph.nodes.find((node) => node.id === 'service.worker')?.group).toBe('cluster:eu-west-1');
    expect(graph.nodes.find((node) => node.id === 'alarm.backlog')?.group).toBe('monitoring:prod');
    const east = buildGraph(model, { environment: 'prod', region: 'us-east-1' });
    expect(east.nodes.map((node) => node.id).filter((id) => !id.startsWith('@'))).toEqual(['service.api', 'alarm.backlog', 'notification.ops']);
    expect(east.region).toBe('us-east-1');
  });

  it('refuses an unknown environment or region, naming the ones there are', () => {
    expect(() => buildGraph(model, { environment: 'staging' })).toThrow(new GraphSelectionError('no environment "staging"; environments: dev, prod'));
    expect(() => buildGraph(model, { environment: 'dev', region: 'us-east-1' })).toThrow(/has no region "us-east-1"; its regions: eu-west-1/);
  });

  it('escapes Mermaid labels and gives Mermaid ids that stay unique', () => {
    const graph = buildGraph(model);
    const text = renderMermaid({ ...graph, nodes: [...graph.nodes, { ...graph.nodes[0]!, id: 'database.orders_db', name: 'x"<y>#' }] });
    expect(text).toContain('n_database_orders_db_2');
    expect(text).toContain('x#quot;#lt;y#gt;#35;');
  });
});
