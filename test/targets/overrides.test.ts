/**
 * `overrides.<target>`: each patch lands on the object it names and nowhere else, in every target;
 * the addresses the Terraform check accepts are resources the target emits.
 */
import { TERRAFORM_MANIFEST } from '../../targets/terraform/manifest.ts';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileWithTarget, INLINE_ENTRY } from '../helpers/compile.ts';
import { caseFolders } from '../helpers/golden.ts';
import { entityResources } from '../../targets/terraform/overrides.ts';
import { toStableJson } from '../../compiler/serialize.ts';
import type { ResolvedSystem } from '../../compiler/model/types.ts';

const HEADER = `
infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1], account: "123456789012", domain: shop.example.com, kubernetes: { cluster: eks, namespace: shop } }
`;

const errorsOf = (diagnostics: Array<{ code: string; severity: string; message: string }>) => diagnostics.filter((entry) => entry.severity === 'error');

describe('overrides.kubernetes', () => {
  const system = `${HEADER}
services:
  web:
    image: shop/web:1.0.0
    ports: { http: 8080 }
    ingress: { host: "www.\${env.domain}", port: http, visibility: public }
    overrides:
      kubernetes:
        Deployment/web: { spec: { template: { spec: { priorityClassName: high } } } }
        Ingress/web: { metadata: { annotations: { nginx.ingress.kubernetes.io/proxy-body-size: 8m } } }
        Service/web: { spec: { sessionAffinity: ClientIP } }
  chain:
    image: shop/chain:1.0.0
    volumes: { data: { path: /data, size: 10Gi } }
    overrides:
      kubernetes: { spec: { podManagementPolicy: Parallel } }
`;

  it('patches each named object, and the unnamed form the workload object, with a warning', async () => {
    const { files, diagnostics } = await compileWithTarget('kubernetes', INLINE_ENTRY, system);
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(diagnostics.filter((entry) => entry.code.startsWith('K8S_OVERRIDE')).map((entry) => `${entry.severity} ${entry.code}`)).toEqual(['warning K8S_OVERRIDE_UNNAMED']);
    const web = parseAllDocuments(files['prod/us-east-1/shop/web.yaml']!).map((document) => document.toJS());
    const find = (kind: string) => web.find((object) => object.kind === kind && object.metadata.name === 'web');
    expect(find('Deployment').spec.template.spec.priorityClassName).toBe('high');
    // merged, not replaced: the generated container is still there
    expect(find('Deployment').spec.template.spec.containers).toHaveLength(1);
    expect(find('Ingress').metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('8m');
    expect(find('Service').spec.sessionAffinity).toBe('ClientIP');
    expect(find('ServiceAccount')).not.toHaveProperty('spec');
    expect(web.filter((object) => JSON.stringify(object).includes('priorityClassName'))).toHaveLength(1);
    const chain = parseAllDocuments(files['prod/us-east-1/shop/chain.yaml']!).map((document) => document.toJS());
    expect(chain.find((object) => object.kind === 'StatefulSet').spec.podManagementPolicy).toBe('Parallel');
  });

  it('lists the objects of the file when a patch names another, and validate says so without emitting', async () => {
    const { diagnostics } = await compileWithTarget('kubernetes', INLINE_ENTRY, `${HEADER}
services:
  web:
    image: shop/web:1.0.0
    ports: { http: 8080 }
    overrides: { kubernetes: { Ingress/web: { spec: {} } } }
`);
    expect(errorsOf(diagnostics)).toEqual([
      expect.objectContaining({ code: 'K8S_OVERRIDE_UNKNOWN_OBJECT', message: expect.stringContaining('"Ingress/web"') }),
    ]);
  });
});

describe('overrides.terraform', () => {
  it('patches the named resource in the stack of every region the entity is in', async () => {
    const { files, diagnostics } = await compileWithTarget('terraform', INLINE_ENTRY, `
infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1, eu-west-1], account: "123456789012" }
databases:
  orders:
    engine: postgres
    version: "16.3"
    class: db.t3.micro
    overrides:
      terraform:
        aws_db_instance.orders: { performance_insights_enabled: true, lifecycle: { ignore_changes: [engine_version] }, timeouts: { update: 2h, create: 1h } }
queues:
  jobs:
    regions: all
    overrides:
      terraform:
        aws_sqs_queue.jobs: { delay_seconds: 5, tags: null }
`);
    expect(errorsOf(diagnostics)).toEqual([]);
    const stack = (region: string) => JSON.parse(files[`prod/${region}/main.tf.json`]!);
    const east = stack('us-east-1');
    expect(east.resource.aws_db_instance.orders.performance_insights_enabled).toBe(true);
    expect(east.resource.aws_db_instance.orders.lifecycle.ignore_changes).toEqual(['engine_version']);
    expect(east.resource.aws_db_instance.orders.engine).toBe('postgres');
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(stack(region).resource.aws_sqs_queue.jobs.delay_seconds).toBe(5);
      expect(stack(region).resource.aws_sqs_queue.jobs).not.toHaveProperty('tags');
    }
    expect(stack('eu-west-1').resource.aws_db_instance).toBeUndefined();
    // what the patches add is written with its keys sorted, like the rest of the file
    for (const contents of Object.values(files)) expect(contents).toBe(toStableJson(JSON.parse(contents)));
    expect(Object.keys(east.resource.aws_db_instance.orders.timeouts)).toEqual(['create', 'update']);
  });
});

describe('overrides.serverless and overrides.compose', () => {
  it('patch the function definition and the compose service they name', async () => {
    const serverless = await compileWithTarget('serverless', INLINE_ENTRY, `${HEADER}
functions:
  resize:
    handler: dist/resize.handler
    runtime: nodejs20.x
    overrides: { serverless: { functions.resize: { tracing: Active, ephemeralStorageSize: 1024 } } }
`);
    expect(errorsOf(serverless.diagnostics)).toEqual([]);
    const resize = parse(serverless.files['prod/us-east-1/serverless.yml']!).functions.resize;
    expect(resize).toMatchObject({ tracing: 'Active', ephemeralStorageSize: 1024, handler: 'dist/resize.handler' });

    const compose = await compileWithTarget('compose', INLINE_ENTRY, `${HEADER}
services:
  web:
    image: shop/web:1.0.0
    overrides: { compose: { services.web: { stop_grace_period: 30s, cap_drop: null } } }
`);
    expect(errorsOf(compose.diagnostics)).toEqual([]);
    const web = parse(compose.files['docker-compose.yml']!).services.web;
    expect(web.stop_grace_period).toBe('30s');
    expect(web).not.toHaveProperty('cap_drop');
  });
});

describe('the Terraform addresses overrides may name', () => {
  for (const example of caseFolders('examples')) {
    it(`are resources the target emits for ${example}`, async () => {
      const { result, files } = await compileWithTarget('terraform', `examples/${example}/system.yaml`);
      // only environments on a cloud the Terraform target serves get resources (gcp-shop has none)
      const served = (result.model?.environments ?? []).filter((resolved) => (TERRAFORM_MANIFEST.clouds as readonly string[]).includes(resolved.environment!.cloud));
      expect(served.length > 0 || example === 'gcp-shop', `${example} has environments Terraform serves`).toBe(true);
      for (const resolved of served) {
        const emitted = new Set(
          Object.entries(files)
            .filter(([file]) => file.startsWith(`${resolved.environment!.name}/`))
            .flatMap(([, contents]) => Object.entries(JSON.parse(contents).resource ?? {}).flatMap(([type, byId]) => Object.keys(byId as object).map((id) => `${type}.${id}`))),
        );
        const collections: Array<keyof ResolvedSystem> = ['databases', 'caches', 'search', 'tables', 'buckets', 'queues', 'topics', 'cdns', 'secrets', 'services', 'jobs'];
        for (const collection of collections) {
          for (const entity of Object.values(resolved[collection] as object)) {
            for (const address of entityResources(entity)) expect(emitted, `${resolved.environment!.name}: ${address}`).toContain(address);
          }
        }
      }
    });
  }
});
