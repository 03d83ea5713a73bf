/** Services: load balancers, wiring through ExternalSecrets, StatefulSets, overrides, policies. */
import { describe, expect, it } from 'vitest';
import { compiledOnce, compileInline, errorsOf, type KubeDoc } from './compile.ts';

const SYSTEM = `
infragen: 1
system: chain
tags: { team: "core/platform" }
environments:
  prod:
    account: "123456789012"
    regions: [us-east-1]
    domain: chain.example.com
    vars: { LOG_LEVEL: info }
    targets: { kubernetes: { cluster: chain-prod, namespace: chain, certIssuer: letsencrypt, secretStore: aws } }
secrets:
  rpc-password: {}
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro }
services:
  node:
    image: chain/node:2.0
    ports:
      p2p: { port: 30303, protocols: [tcp, udp], public: true }
      rpc: { port: 8545 }
    volumes: { data: { path: /data, size: 200Gi } }
    replicas: 3
    health: { http: /health, port: rpc, startup: 60s }
    metrics: { port: 9100 }
    secrets: { RPC_PASSWORD: rpc-password }
    overrides:
      kubernetes:
        StatefulSet/node:
          spec:
            podManagementPolicy: Parallel
            template: { spec: { terminationGracePeriodSeconds: 120 } }
  api:
    image: chain/api:1.0
    ports: { http: { port: 8080 } }
    autoscale: { min: 2, max: 6, cpu: 60 }
    env:
      DATABASE: "postgres://\${database.db.user}@\${database.db.host}:\${database.db.port}/{{app}}"
      NODE_URL: "\${service.node.url}"
      MODE: api
    uses: [database.db]
    ingress: { host: "api.\${env.domain}", port: http, visibility: public }
`;

/** The documents of SYSTEM by file (compiled once for the whole file). */
const compiled = compiledOnce(SYSTEM, (errors) => expect(errors).toEqual([]));

const find = (docs: KubeDoc[], kind: string, name?: string) => docs.filter((doc) => doc.kind === kind && (name === undefined || doc.metadata.name === name));

describe('kubernetes target: services', () => {
  it('puts a public TCP+UDP port on one LoadBalancer Service carrying both protocols', async () => {
    const node = (await compiled()).get('prod/us-east-1/chain/node.yaml')!;
    const balancers = node.filter((doc) => doc.kind === 'Service' && doc.spec.type === 'LoadBalancer');
    expect(balancers).toHaveLength(1);
    expect(balancers[0]!.spec.ports.map((port: { port: number; protocol: string }) => `${port.port}/${port.protocol}`)).toEqual(['30303/TCP', '30303/UDP']);
    // the private rpc port stays on the ClusterIP Service only
    expect(find(node, 'Service', 'node')[0]!.spec.type).toBe('ClusterIP');
    // and the network policy opens the public ports to everyone, nothing else
    const policy = find(node, 'NetworkPolicy', 'node')[0]!;
    const open = policy.spec.ingress.filter((rule: { from?: unknown }) => rule.from === undefined);
    expect(open).toEqual([{ ports: [{ port: 30303, protocol: 'TCP' }, { port: 30303, protocol: 'UDP' }] }]);
  });

  it('runs a service with volumes as a StatefulSet, merge-patched by its overrides.kubernetes entry', async () => {
    const node = (await compiled()).get('prod/us-east-1/chain/node.yaml')!;
    expect(find(node, 'Deployment')).toHaveLength(0);
    const set = find(node, 'StatefulSet', 'node')[0]!;
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('200Gi');
    expect(set.spec.podManagementPolicy).toBe('Parallel');
    expect(set.spec.template.spec.terminationGracePeriodSeconds).toBe(120);
    // the patch merged into the template: the container is still there
    const container = set.spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // its secret variables are files too (`<VAR>_FILE`), from its own Secret, read-only
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'secret-files', mountPath: '/run/secrets/infragen', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(set.spec.template.spec.volumes.find((volume: { name: string }) => volume.name === 'secret-files').secret.secretName).toBe('node');
    expect(container.startupProbe.failureThreshold).toBe(6);
    expect(find(node, 'PodDisruptionBudget')).toHaveLength(1);
    expect(find(node, 'ServiceMonitor')[0]!.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
  });

  it('wires references through one ExternalSecret whose template mixes literals and values', async () => {
    const api = (await compiled()).get('prod/us-east-1/chain/api.yaml')!;
    const external = find(api, 'ExternalSecret', 'api')[0]!;
    expect(external.spec.target.template.data).toEqual({
      DATABASE: 'postgres://{{ .database_db_user }}@{{ .database_db_host }}:{{ .database_db_port }}/{{ "{{" }}app}}',
    });
    expect(external.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws' });
    expect(external.spec.data.map((entry: { remoteRef: { key: string }; sourceRef: unknown }) => [entry.remoteRef.key, entry.sourceRef])).toEqual([
      ['/chain/prod/database/db/host', { storeRef: { kind: 'ClusterSecretStore', name: 'aws-parameters' } }],
      ['/chain/prod/database/db/port', { storeRef: { kind: 'ClusterSecretStore', name: 'aws-parameters' } }],
      ['/chain/prod/database/db/user', { storeRef: { kind: 'ClusterSecretStore', name: 'aws-parameters' } }],
    ]);
    // compile-time values stay plain
    expect(find(api, 'ConfigMap', 'api')[0]!.data).toEqual({ LOG_LEVEL: 'info', MODE: 'api', NODE_URL: 'http://node.chain.svc.cluster.local:8545' }); // the main port: the lowest-numbered
    // (a service's `port` is its first declared port)

    const node = (await compiled()).get('prod/us-east-1/chain/node.yaml')!;
    const secret = find(node, 'ExternalSecret', 'node')[0]!;
    expect(secret.spec.data).toEqual([{ secretKey: 'secret_rpc_password', remoteRef: { key: 'chain/prod/rpc-password' } }]);
  });

  it('autoscales, exposes the ingress with TLS, and lets referencing pods in', async () => {
    const files = await compiled();
    const api = files.get('prod/us-east-1/chain/api.yaml')!;
    const deployment = find(api, 'Deployment', 'api')[0]!;
    expect(deployment.spec.replicas).toBeUndefined();
    expect(find(api, 'HorizontalPodAutoscaler')[0]!.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    const ingress = find(api, 'Ingress', 'api')[0]!;
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.chain.example.com'], secretName: 'api-tls' }]);
    expect(find(api, 'ServiceAccount', 'api')[0]!.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/chain-prod-api' });
    // api calls node: its pods carry node's access label, which node's policy admits
    expect(deployment.spec.template.metadata.labels['access.infragen.io/service.node']).toBe('true');
    const nodePolicy = find(files.get('prod/us-east-1/chain/node.yaml')!, 'NetworkPolicy', 'node')[0]!;
    expect(JSON.stringify(nodePolicy.spec.ingress)).toContain('access.infragen.io/service.node');
    // tags become sanitized labels
    expect(deployment.metadata.labels!['team']).toBe('core-platform');
  });

  it('reports a service and a job sharing a name', async () => {
    const result = await compileInline(`${SYSTEM}
jobs:
  api: { image: chain/migrate:1.0 }
`);
    expect(errorsOf(result)).toEqual([expect.stringContaining('K8S_NAME_COLLISION')]);
  });
});
