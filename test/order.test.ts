/**
 * Order carries no meaning: YAML maps are unordered, so reversing the keys of every map in an
 * example's system.yaml (environments, entities, ports, node groups, env vars, …) must change no
 * byte of any generated file. The manifest is compared with its line numbers left out (the
 * entities move in the file), and the findings by code and message.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildSystem } from '../compiler/cli/build-system.ts';
import { diskHost, memoryHost, type SourceHost } from '../compiler/load/host.ts';
import { caseFolders } from './helpers/golden.ts';
import { reverseKeys } from './helpers/reverse-keys.ts';

const EXAMPLES = path.join(import.meta.dirname, '..', 'examples');

/** The disk, except that `file` reads as `text`. */
function hostWith(file: string, text: string): SourceHost {
  return {
    ...diskHost,
    readFile: (absolutePath) => (absolutePath === file ? text : diskHost.readFile(absolutePath)),
    fileSize: (absolutePath) => (absolutePath === file ? Buffer.byteLength(text) : diskHost.fileSize(absolutePath)),
  };
}

async function build(file: string, host?: SourceHost) {
  const result = await buildSystem({ systemFile: file, ...(host ? { host } : {}), environments: [], only: [], plugins: [] });
  const findings = result.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`).sort();
  const tree = new Map([...(result.tree ?? new Map<string, string>())].map(([name, text]) => [name, name === 'manifest.json' ? text.replace(/"line": ?\d+/g, '"line": 0') : text]));
  return { findings, tree };
}

describe('the order of keys in system.yaml', () => {
  it('reverseKeys reverses every map and keeps every list', () => {
    expect(stringify(reverseKeys(parse('a: 1\nb: { c: [3, 2], d: { e: 5, f: 6 } }\n')))).toBe('b:\n  d:\n    f: 6\n    e: 5\n  c:\n    - 3\n    - 2\na: 1\n');
  });

  it('changes no output byte of a system with the maps the examples lack (overrides, filters, tags, x- keys)', async () => {
    const file = '/inline/system.yaml';
    const text = `infragen: 1
system: shop
tags: { team: core, cost-center: "42" }
x-owner: { name: ops, chat: "#ops" }
environments:
  prod: { regions: [us-east-1], account: "123456789012", vars: { B: "2", A: "1" }, targets: { kubernetes: { cluster: c, namespace: shop } } }
  dev: { regions: [us-east-1], account: "123456789012", targets: { kubernetes: { namespace: shop-dev, cluster: c } } }
queues:
  orders: {}
topics:
  events: { subscribers: [{ queue: orders, filter: { type: [created, paid], region: eu } }] }
services:
  api:
    image: shop/api:1.0.0
    ports: { http: 8080, admin: 9000, grpc: { port: 50051, protocols: [tcp, udp] } }
    env: { Z: z, A: "\${queue.orders.url}", M: m }
    x-team: { lead: ann, size: 3 }
    overrides:
      kubernetes: { Deployment/api: { spec: { template: { spec: { terminationGracePeriodSeconds: 60, priorityClassName: high } } } } }
      compose: { services.api: { stop_grace_period: 30s, labels: { b: "2", a: "1" } } }
    environments:
      prod: { env: { Y: y, B: b }, replicas: 2 }
      dev: { env: { X: x } }
`;
    const reversed = stringify(reverseKeys(parse(text)), { lineWidth: 0 });
    const original = await build(file, memoryHost({ [file]: text }));
    const shuffled = await build(file, memoryHost({ [file]: reversed }));
    expect(original.findings.filter((finding) => !finding.startsWith('TERRAFORM_') && !finding.startsWith('COMPOSE_'))).toEqual([]);
    expect(original.tree.size).toBeGreaterThan(0);
    expect(shuffled.findings).toEqual(original.findings);
    expect([...shuffled.tree.keys()]).toEqual([...original.tree.keys()]);
    for (const [name, contents] of original.tree) expect(shuffled.tree.get(name), name).toBe(contents);
  });

  for (const example of caseFolders(EXAMPLES)) {
    it(`changes no output byte of ${example}`, async () => {
      const file = path.join(EXAMPLES, example, 'system.yaml');
      const reversed = stringify(reverseKeys(parse(diskHost.readFile(file)!)), { lineWidth: 0 });
      const original = await build(file);
      const shuffled = await build(file, hostWith(file, reversed));
      expect(original.tree.size).toBeGreaterThan(0);
      expect(shuffled.findings).toEqual(original.findings);
      expect([...shuffled.tree.keys()]).toEqual([...original.tree.keys()]);
      for (const [name, text] of original.tree) expect(shuffled.tree.get(name), name).toBe(text);
    });
  }
});
