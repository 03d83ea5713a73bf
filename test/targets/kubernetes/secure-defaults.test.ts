/** Secure defaults scanners check: default-deny egress with explicit allows, TCP readiness probes, immutable image tags. */
import { describe, expect, it } from 'vitest';
import { compiledOnce, compileInline, documents, errorsOf, fileTree, type KubeDoc } from './compile.ts';

const SYSTEM = `
infragen: 1
system: shop
version: 2.4.1
environments:
  prod:
    account: "123456789012"
    regions: [us-east-1]
    targets: { kubernetes: { cluster: shop-prod, namespace: shop } }
network: { cidr: 10.20.0.0/16 }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro }
caches:
  sessions: { version: "7.1", class: cache.t3.micro }
queues:
  jobs: {}
services:
  api:
    build: { context: ./api }
    ports: { http: 8080, admin: 9000 }
    env: { SESSIONS: "\${cache.sessions.url}", JOBS: "\${queue.jobs.url}" }
    uses: [database.db]
    egress: [443, { cidr: 203.0.113.0/24, port: 5000, protocol: udp }]
  web:
    image: shop/web:1.0.0
    ports: { http: 3000 }
    env: { API_URL: "\${service.api.url}" }
  worker:
    image: shop/worker:1.0.0
jobs:
  migrate:
    build: { context: ./migrate }
    uses: [database.db]
`;

/** The documents of SYSTEM by file (compiled once for the whole file). */
const compiled = compiledOnce(SYSTEM, (errors) => expect(errors).toEqual([]));
const policy = (docs: KubeDoc[], name: string) => docs.find((doc) => doc.kind === 'NetworkPolicy' && doc.metadata.name === name);
const container = (docs: KubeDoc[], kind: string) => docs.find((doc) => doc.kind === kind)!.spec.template.spec.containers[0];

describe('kubernetes target: secure defaults', () => {
  it('denies all egress in every namespace but DNS to the cluster DNS', async () => {
    const docs = (await compiled()).get('prod/us-east-1/shop/_namespace.yaml')!;
    expect(policy(docs, 'default-deny-egress')!.spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
    expect(policy(docs, 'allow-dns-egress')!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });

  it('lets a workload reach exactly the data stores, AWS APIs and declared destinations it uses', async () => {
    const spec = policy((await compiled()).get('prod/us-east-1/shop/api.yaml')!, 'api')!.spec;
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432, protocol: 'TCP' }, { port: 6379, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 5000, protocol: 'UDP' }] },
    ]);
  });

  it('lets a workload reach the services it interpolates, on their ports, and a job its database', async () => {
    const web = policy((await compiled()).get('prod/us-east-1/shop/web.yaml')!, 'web')!.spec;
    expect(web.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop', 'infragen.io/environment': 'prod' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop-prod-api', 'app.kubernetes.io/name': 'api' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 9000, protocol: 'TCP' }],
    }]);
    const migrate = policy((await compiled()).get('prod/us-east-1/shop/migrate.yaml')!, 'migrate')!.spec;
    expect(migrate).toMatchObject({ policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432, protocol: 'TCP' }] }] });
    expect(migrate.ingress).toBeUndefined();
  });

  it('gives a workload that reaches nothing no egress beyond DNS', async () => {
    expect(policy((await compiled()).get('prod/us-east-1/shop/worker.yaml')!, 'worker')).toBeUndefined();
  });

  it('gives a service without health a TCP readiness probe on its main port (the lowest number), and no liveness probe', async () => {
    const api = container((await compiled()).get('prod/us-east-1/shop/api.yaml')!, 'Deployment');
    expect(api.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
    expect(api.livenessProbe).toBeUndefined();
    expect(container((await compiled()).get('prod/us-east-1/shop/worker.yaml')!, 'Deployment').readinessProbe).toBeUndefined();
  });

  it('runs images built from source under the immutable tag, never an implicit latest', async () => {
    const files = await compiled();
    expect(container(files.get('prod/us-east-1/shop/api.yaml')!, 'Deployment').image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-prod-api:2.4.1');
    expect(container(files.get('prod/us-east-1/shop/migrate.yaml')!, 'Job').image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-prod-migrate:2.4.1');
  });
});

describe('kubernetes target: testnet egress', () => {
  it('lets nodes reach each other and, when public, peers anywhere on the public ports', async () => {
    const result = await compileInline(`
infragen: 1
system: chain
environments:
  qa: { account: "123456789012", regions: [us-east-1] }
testnets:
  net:
    image: chain/node:1.0
    ha: false
    public: true
    ports: { p2p: { port: 8302, public: true }, graphql: 3085 }
    nodes: { seed: { role: seed } }
    services:
      bot:
        image: chain/bot:1.0
        env: { GRAPHQL: "http://\${testnet.net.graphql}/graphql" }
`);
    expect(errorsOf(result)).toEqual([]);
    const files = new Map([...fileTree(result)].map(([file, contents]) => [file, documents(contents)]));
    const namespaceFile = [...files.keys()].find((file) => file.endsWith('/_namespace.yaml') && file.includes('net'))!;
    expect(policy(files.get(namespaceFile)!, 'testnet-peers')!.spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'infragen.io/testnet': 'net' } } }], ports: [{ port: 3085, protocol: 'TCP' }, { port: 8302, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8302, protocol: 'TCP' }] },
    ]);
    const botFile = [...files.keys()].find((file) => file.endsWith('/bot.yaml'))!;
    expect(policy(files.get(botFile)!, 'bot')!.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'chain', 'infragen.io/environment': 'qa' } }, podSelector: { matchLabels: { 'infragen.io/testnet': 'net' } } }],
      ports: [{ port: 3085, protocol: 'TCP' }],
    }]);
  });
});
