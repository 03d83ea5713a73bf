/** The risk tables on hand-written output, one format at a time, independent of the targets. */
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../../compiler/diff/engine.ts';
import { diffFields } from '../../compiler/diff/fields.ts';
import { renderMarkdown, COMMENT_MARKER } from '../../compiler/diff/render.ts';
import type { DiffReport, ObjectChange } from '../../compiler/diff/types.ts';
import { toStableJson, toStableYamlDocuments, toStableYaml } from '../../compiler/serialize.ts';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import { diffFormatsOf } from '../../compiler/targets.ts';

/** The built-ins' diff formats, as `infragen diff` loads them from the registry (without cdktf or cdk8s). */
const FORMATS = await diffFormatsOf(BUILTIN_TARGETS);

const tf = (resources: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}) => toStableJson({ resource: resources, ...extra });
const manifest = (files: Record<string, string[]>) =>
  toStableJson({ infragen: 1, system: 'shop', files: Object.entries(files).map(([file, entities]) => ({ path: file, sha256: '', target: file.split('/')[0], sources: entities.map((entity, index) => ({ entity, file: 'system.yaml', line: 10 + index })) })) });

function diff(base: Record<string, string>, head: Record<string, string>): DiffReport {
  return diffTrees({ base: new Map(Object.entries(base)), head: new Map(Object.entries(head)), baseLabel: 'base', headLabel: 'head', formats: FORMATS });
}
const changes = (report: DiffReport): ObjectChange[] => report.scopes.flatMap((scope) => scope.changes);
const rules = (report: DiffReport) => changes(report).flatMap((change) => change.risks.map((risk) => `${change.id}: ${risk.rule}`)).sort();

const TF = 'terraform/prod/eu-west-1/main.tf.json';
const K8S = 'kubernetes/prod/eu-west-1/shop/api.yaml';

describe('fields', () => {
  it('matches lists of named objects by name and truncates long values', () => {
    const fields = diffFields(
      { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { env: [{ name: 'NEW', value: 'x'.repeat(200) }, { name: 'A', value: '1' }, { name: 'B', value: '3' }] },
    );
    expect(fields.map((field) => field.path)).toEqual(['env[name=B].value', 'env[name=NEW]']);
    expect(fields[1]!.new!.length).toBeLessThanOrEqual(80);
    expect(fields[1]!.new!.endsWith('…')).toBe(true);
  });
});

describe('terraform rules', () => {
  it('a renamed data source is not a replacement: it reads, it holds nothing to destroy', () => {
    const policy = { statement: [{ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders'] }] };
    const report = diff({ [TF]: tf({}, { data: { aws_iam_policy_document: { api_send: policy } } }) }, { [TF]: tf({}, { data: { aws_iam_policy_document: { web_send: policy } } }) });
    const renamed = changes(report).find((change) => change.id === 'data.aws_iam_policy_document.web_send');
    expect(renamed?.kind).toBe('replaced');
    expect(renamed?.risks).toEqual([]);
  });

  const queue = { name: 'shop-prod-orders', fifo_queue: false, visibility_timeout_seconds: 30 };
  it('flags force-new fields, deletions of stateful resources and moves between files as nothing', () => {
    const base = { [TF]: tf({ aws_sqs_queue: { orders: queue }, aws_dynamodb_table: { carts: { name: 't', hash_key: 'id', attribute: [{ name: 'id', type: 'S' }] } } }) };
    const head = {
      [TF]: tf({ aws_dynamodb_table: { carts: { name: 't', hash_key: 'cart', attribute: [{ name: 'cart', type: 'S' }] } } }),
      'terraform/prod/eu-west-1/queues.tf.json': tf({ aws_sqs_queue: { orders: { ...queue, fifo_queue: true } } }),
    };
    const report = diff(base, head);
    expect(rules(report)).toEqual(['aws_dynamodb_table.carts: terraform/force-new', 'aws_sqs_queue.orders: terraform/force-new']);
    expect(diff(base, { [TF]: tf({ aws_dynamodb_table: { carts: { name: 't', hash_key: 'id', attribute: [{ name: 'id', type: 'S' }] } } }) }).scopes[0]!.changes[0]).toMatchObject({
      kind: 'removed',
      id: 'aws_sqs_queue.orders',
      risks: [{ category: 'data-loss', rule: 'terraform/stateful-delete' }],
    });
    // The same resources split over two files of the module: no change.
    expect(diff({ [TF]: tf({ aws_sqs_queue: { orders: queue }, aws_s3_bucket: { b: { bucket: 'b' } } }) }, {
      [TF]: tf({ aws_s3_bucket: { b: { bucket: 'b' } } }),
      'terraform/prod/eu-west-1/queues.tf.json': tf({ aws_sqs_queue: { orders: queue } }),
    }).scopes).toEqual([]);
  });

  it('flags world-open ingress and IAM wildcards, also inside JSON-encoded policies', () => {
    const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [action], Resource: 'arn:aws:sqs:*:1:q' }] });
    const report = diff(
      { [TF]: tf({ aws_iam_role_policy: { api: { policy: policy('sqs:SendMessage') } }, aws_vpc_security_group_ingress_rule: { api: { cidr_ipv4: '10.0.0.0/16', from_port: 443, to_port: 443, ip_protocol: 'tcp' } } }) },
      { [TF]: tf({ aws_iam_role_policy: { api: { policy: policy('sqs:*') } }, aws_vpc_security_group_ingress_rule: { api: { cidr_ipv4: '0.0.0.0/0', from_port: 443, to_port: 443, ip_protocol: 'tcp' } } }) },
    );
    const risks = changes(report).flatMap((change) => change.risks.map((risk) => risk.message));
    expect(risks).toEqual(['IAM policy grants action "sqs:*"', 'ingress open to the world: tcp port 443 from 0.0.0.0/0']);
  });

  const records = (objects: Record<string, [string, number]>) => Object.entries(objects).map(([id, [entity, line]]) => ({ id, entity, file: 'system.yaml', line }));
  const recordedManifest = (file: string, entities: string[], objects?: Record<string, [string, number]>) =>
    toStableJson({ generator: 'infragen', format: 2, system: 'shop', files: [{ path: file, sha256: '', target: file.split('/')[0], sources: entities.map((entity, index) => ({ entity, file: 'system.yaml', line: 10 + index })), ...(objects ? { objects: records(objects) } : {}) }] });

  it('attributes each object to the entity and line its build recorded, never by its name', () => {
    const manifestOf = recordedManifest(TF, ['queue.orders', 'service.orders-api'], {
      // Recorded against the name: the diff believes the record.
      'aws_sqs_queue.orders': ['service.orders-api', 31],
      'aws_sqs_queue.orders_dlq': ['queue.orders', 12],
    });
    const report = diff(
      { [TF]: tf({ aws_sqs_queue: { orders: queue, orders_dlq: queue } }), 'manifest.json': manifestOf },
      { [TF]: tf({ aws_sqs_queue: { orders: { ...queue, visibility_timeout_seconds: 60 }, orders_dlq: { ...queue, visibility_timeout_seconds: 60 } }, aws_iam_role: { orders_api: { name: 'x' } } }), 'manifest.json': manifestOf },
    );
    expect(Object.fromEntries(changes(report).map((change) => [change.id, change.attribution && `${change.attribution.entity}:${change.attribution.line}`]))).toEqual({
      // Not recorded: no entity, however much its name looks like one.
      'aws_iam_role.orders_api': undefined,
      'aws_sqs_queue.orders': 'service.orders-api:31',
      'aws_sqs_queue.orders_dlq': 'queue.orders:12',
    });
  });

  it('a manifest without records (an earlier infragen): the file\'s only source, else nothing', () => {
    const base = { [TF]: tf({ aws_sqs_queue: { orders: queue } }) };
    const head = { [TF]: tf({ aws_sqs_queue: { orders: { ...queue, visibility_timeout_seconds: 60 } } }) };
    const one = diff({ ...base, 'manifest.json': manifest({ [TF]: ['queue.orders'] }) }, { ...head, 'manifest.json': manifest({ [TF]: ['queue.orders'] }) });
    expect(changes(one)[0]!.attribution).toEqual({ entity: 'queue.orders', file: 'system.yaml', line: 10, side: 'head' });
    const two = diff({ ...base, 'manifest.json': manifest({ [TF]: ['queue.orders', 'service.orders'] }) }, { ...head, 'manifest.json': manifest({ [TF]: ['queue.orders', 'service.orders'] }) });
    expect(changes(two)[0]!.attribution).toBeUndefined();
  });
});

describe('kubernetes rules', () => {
  const deployment = (env: unknown[], selector = { app: 'api' }) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' } },
    spec: { selector: { matchLabels: selector }, template: { spec: { containers: [{ name: 'api', image: 'api:1', env }] } } },
  });
  const externalSecret = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'api', namespace: 'shop' }, spec: { data: [{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'shop/prod/db' } }] } };
  const statefulSet = (size: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'node', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'node' } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: size } } } }] } });

  it('flags a secret moved into a literal env var, selector changes and claim templates', () => {
    const report = diff(
      { [K8S]: toStableYamlDocuments([deployment([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'api', key: 'DB_PASSWORD' } } }]), externalSecret, statefulSet('10Gi')]) },
      { [K8S]: toStableYamlDocuments([deployment([{ name: 'DB_PASSWORD', value: 'hunter2' }], { app: 'api2' }), statefulSet('20Gi')]) },
    );
    expect(rules(report)).toEqual([
      'Deployment/shop/api: kubernetes/force-new',
      'Deployment/shop/api: plain-secret',
      'StatefulSet/shop/node: kubernetes/force-new',
    ]);
    expect(changes(report).find((change) => change.id === 'Deployment/shop/api')!.risks.find((risk) => risk.rule === 'plain-secret')!.message).toMatch(/DB_PASSWORD was read from a secret/);
  });

  it('flags a deleted StatefulSet with claims and a new public ingress', () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'api', namespace: 'shop' }, spec: { ingressClassName: 'nginx', rules: [{ host: 'api.shop.example.com' }] } };
    const report = diff({ [K8S]: toStableYamlDocuments([statefulSet('10Gi')]) }, { [K8S]: toStableYamlDocuments([ingress]) });
    expect(rules(report)).toEqual(['Ingress/shop/api: kubernetes/public-ingress', 'StatefulSet/shop/node: kubernetes/stateful-delete']);
  });
});

describe('compose and serverless rules', () => {
  it('flags published ports, removed named volumes and literal credentials', () => {
    const compose = (service: Record<string, unknown>, volumes: Record<string, unknown>) => toStableYaml({ services: { api: { image: 'api:1', ...service } }, volumes });
    const report = diff(
      { 'compose/docker-compose.yml': compose({ ports: ['127.0.0.1:8080:8080'], environment: { TOKEN_FILE: '/run/secrets/token' } }, { data: {} }) },
      { 'compose/docker-compose.yml': compose({ ports: ['8080:8080'], environment: { TOKEN: 'abc' } }, {}) },
    );
    expect(rules(report)).toEqual(['services.api: compose/published-port', 'services.api: plain-secret', 'volumes.data: compose/volume-delete']);
  });

  it('flags wildcard IAM statements and open routes in serverless.yml', () => {
    const file = 'serverless/prod/eu-west-1/serverless.yml';
    const report = diff(
      { [file]: toStableYaml({ service: 'shop', provider: { name: 'aws', iam: { role: { statements: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:q'] }] } } }, functions: {} }) },
      { [file]: toStableYaml({ service: 'shop', provider: { name: 'aws', iam: { role: { statements: [{ Effect: 'Allow', Action: ['*'], Resource: '*' }] } } }, functions: { api: { handler: 'h', events: [{ httpApi: { method: 'get', path: '/x' } }] } } }) },
    );
    expect(rules(report)).toEqual(['functions.api: serverless/public-route', 'provider: serverless/iam-wildcard', 'provider: serverless/iam-wildcard']);
  });
});

describe('markdown', () => {
  it('stays within the comment limit and says so when it truncates', () => {
    const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`q${i}`, { name: `shop-prod-q${i}`, visibility_timeout_seconds: 30, tags: { note: 'x'.repeat(100) } }]));
    const bigger = Object.fromEntries(Object.entries(many).map(([name, value]) => [name, { ...value, visibility_timeout_seconds: 60 }]));
    const report = diff({ [TF]: tf({ aws_sqs_queue: many }) }, { [TF]: tf({ aws_sqs_queue: bigger }) });
    const comment = renderMarkdown(report);
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comment).toMatch(/\*\*Truncated:\*\* \d+ more changes not shown/);
    expect(renderMarkdown(report, { limit: 4000 }).length).toBeLessThanOrEqual(4000);
  });
});
