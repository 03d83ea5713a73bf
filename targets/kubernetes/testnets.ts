/**
 * Testnets: a namespace per testnet, one file per node (its own Deployment; keyed nodes their own
 * key Secret through an ExternalSecret, never shared), the worker pool as one Deployment pointed at
 * its coordinator's Service, seeds with stable DNS names (a headless Service each, plus an internal
 * load balancer with a DNS name when the testnet spans regions), per-node public load balancers
 * for `public: true`, and namespace-wide peering policy and PodMonitor.
 */
import type { Testnet } from '../../compiler/plugin-api.ts';
import { testnetKeySecretId, testnetServiceName } from '../../compiler/plugin-api.ts';
import { externalSecret } from './config-objects.ts';
import type { EnvironmentScope } from './scope.ts';
import { accessLabel, ROLE_LABEL, selectorLabels, TESTNET_LABEL, workloadLabels, type Labels, type WorkloadIdentity } from './labels.ts';
import { clusterHost } from './names.ts';
import { ANYWHERE_PEER, PRIVATE_NETWORK_PEERS, PROMETHEUS_PEER, allowPolicy, labelledPeer, policyPort, type PolicyRule } from './network-policies.ts';
import {
  containerImage,
  containerPorts,
  declaredContainerPorts,
  podTemplate,
  publicContainerPorts,
  tcpPortName,
  type ContainerPort,
  type SecuritySettings,
} from './pods.ts';
import { loadBalancerService, servicePorts, type WorkloadFile } from './services.ts';
import type { KubeObject, Manifest } from './synth.ts';
import { internalHost, peerPort, publicHost, seedHost, type PlacedNode, type PlacedWorkerPool, type TestnetLayout } from './testnet-layout.ts';

/** Testnets declare no user or filesystem settings: the schema's defaults for containers. */
const NODE_SECURITY: SecuritySettings = { runAsUser: 10001, runAsRoot: false, readOnlyRootFilesystem: true };
const KEY_MOUNT = '/keys';
const KEY_FILE = 'private-key';

export class TestnetBuilder {
  private readonly ports: ContainerPort[];
  /** The declared ports (peers talk on them), without an extra metrics port. */
  private readonly peerPorts: ContainerPort[];
  private readonly publicPorts: ContainerPort[];

  constructor(
    private readonly scope: EnvironmentScope,
    private readonly layout: TestnetLayout,
    private readonly systemLabels: Labels,
  ) {
    const testnet = layout.testnet;
    this.ports = containerPorts(testnet.ports, testnet.metrics?.port);
    this.peerPorts = declaredContainerPorts(this.ports, testnet.ports);
    this.publicPorts = publicContainerPorts(this.ports, testnet.ports);
  }

  private get testnet(): Testnet {
    return this.layout.testnet;
  }

  private get namespace(): string {
    return this.layout.namespace;
  }

  /** Nodes, worker pools and test services alike are qualified as `<testnet>-<name>`. */
  identity(name: string): WorkloadIdentity {
    return { system: this.scope.model.name, environment: this.scope.environment.name, name, qualifiedName: testnetServiceName(this.testnet.name, name) };
  }

  /** The testnet-wide objects of `_namespace.yaml` besides the Namespace and default deny. */
  namespaceWide(): KubeObject[] {
    const labels = { ...this.systemLabels, [TESTNET_LABEL]: this.testnet.name };
    const nodes = { [TESTNET_LABEL]: this.testnet.name };
    const peers = this.peerPorts.map(policyPort);
    const rules: PolicyRule[] = [
      { from: [{ podSelector: { matchLabels: nodes } }, labelledPeer(this.scope.model.name, this.scope.environment.name, accessLabel('testnet', this.testnet.name))], ports: peers },
      ...(this.layout.multiRegion ? [{ from: PRIVATE_NETWORK_PEERS, ports: peers }] : []),
      ...(this.testnet.public ? [{ ports: this.publicPorts.map(policyPort) }] : []),
      ...(this.testnet.metrics ? [{ from: [PROMETHEUS_PEER], ports: [{ port: this.testnet.metrics.port, protocol: 'TCP' as const }] }] : []),
    ];
    // nodes and worker pools reach each other (and seeds in other regions) on the peer ports; the
    // nodes of a public testnet also dial peers anywhere on its public ports
    const egress = [
      { to: [{ podSelector: { matchLabels: nodes } }], ports: peers },
      ...(this.layout.multiRegion ? [{ to: PRIVATE_NETWORK_PEERS, ports: peers }] : []),
      ...(this.testnet.public ? [{ to: [ANYWHERE_PEER], ports: this.publicPorts.map(policyPort) }] : []),
    ];
    const objects: KubeObject[] = [];
    const policy = allowPolicy('testnet-peers', this.namespace, labels, nodes, rules, egress);
    if (policy) objects.push(policy);
    const metricsPort = this.testnet.metrics ? tcpPortName(this.ports, this.testnet.metrics.port) : undefined;
    if (this.testnet.metrics && metricsPort) {
      objects.push({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: this.testnet.name, namespace: this.namespace, labels },
        spec: { selector: { matchLabels: nodes }, podMetricsEndpoints: [{ port: metricsPort, path: this.testnet.metrics.path }] },
      });
    }
    return objects;
  }

  nodeFile(node: PlacedNode): WorkloadFile {
    const identity = this.identity(node.name);
    const labels = this.labels(identity, node.group.role);
    const selector = selectorLabels(identity);
    const place = (name: string) => ({ name, namespace: this.namespace, labels });
    const manifests: Manifest[] = [];
    const env: Record<string, string> = { NODE_NAME: node.name, NODE_ROLE: node.group.role };
    if (node.group.workSelection) env['WORK_SELECTION'] = node.group.workSelection;
    const volumes: Array<Record<string, unknown>> = [];
    const mounts: Array<{ name: string; mountPath: string; readOnly: boolean }> = [];
    const sources = [`testnet.${this.testnet.name}`];

    if (node.group.keyed && this.testnet.keys) {
      const secretName = `${node.name}-key`;
      const remoteKey = testnetKeySecretId(this.testnet.keys.secretPrefix, node.name);
      manifests.push({ object: externalSecret(this.scope, place(secretName), { name: secretName }, [{ secretKey: KEY_FILE, remoteRef: { key: remoteKey } }]) });
      volumes.push({ name: 'key', secret: { secretName, defaultMode: 0o400 } });
      mounts.push({ name: 'key', mountPath: KEY_MOUNT, readOnly: true });
      env['PRIVATE_KEY_PATH'] = `${KEY_MOUNT}/${KEY_FILE}`;
    }
    manifests.push({
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: node.name, namespace: this.namespace, labels },
        spec: {
          replicas: 1,
          // never two pods of one node at once: a keyed node would produce twice with one key
          strategy: { type: 'Recreate' },
          selector: { matchLabels: selector },
          template: this.pod(labels, node, this.envList(env, node), volumes, mounts),
        },
      },
    });
    const role = node.group.role;
    if (role === 'seed' || role === 'coordinator') {
      manifests.push({
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: node.name, namespace: this.namespace, labels },
          // seeds: headless, a stable DNS name straight to the pod
          spec: { ...(role === 'seed' ? { clusterIP: 'None', publishNotReadyAddresses: true } : { type: 'ClusterIP' }), selector, ports: servicePorts(this.ports) },
        },
      });
    }
    const domain = this.scope.environment.domain;
    if (this.testnet.public && this.publicPorts.length) {
      const hostname = domain ? publicHost(node.name, this.testnet.name, domain) : undefined;
      manifests.push({ object: loadBalancerService(place(`${node.name}-public`), selector, this.publicPorts, 'internet-facing', hostname) });
    }
    if (role === 'seed' && this.layout.multiRegion) {
      const hostname = domain ? internalHost(node.name, this.testnet.name, domain) : undefined;
      manifests.push({ object: loadBalancerService(place(`${node.name}-internal`), selector, this.peerPorts, 'internal', hostname) });
    }
    return { manifests, sources };
  }

  workerPoolFile(pool: PlacedWorkerPool): WorkloadFile {
    const identity = this.identity(pool.group.name);
    const labels = this.labels(identity, 'worker');
    const selector = selectorLabels(identity);
    const env: Record<string, string> = { NODE_ROLE: 'worker' };
    if (pool.coordinator) env['COORDINATOR_HOST'] = clusterHost(pool.coordinator.name, this.namespace);
    const list = this.envList(env, { name: pool.group.name, region: pool.region });
    // each worker pod names itself
    list.push({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    list.sort((a, b) => (String(a['name']) < String(b['name']) ? -1 : 1));
    return {
      manifests: [
        {
          object: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: pool.group.name, namespace: this.namespace, labels },
            spec: { replicas: pool.group.count, selector: { matchLabels: selector }, template: this.pod(labels, { name: pool.group.name, region: pool.region }, list, [], []) },
          },
        },
      ],
      sources: [`testnet.${this.testnet.name}`],
    };
  }

  private labels(identity: WorkloadIdentity, role: string): Labels {
    return { ...workloadLabels(identity, this.scope.model.tags), [TESTNET_LABEL]: this.testnet.name, [ROLE_LABEL]: role };
  }

  /** Environment vars, the seeds to join (`SEED_PEERS`, `host:port`, comma-separated, itself excluded) first. */
  private envList(values: Record<string, string>, node: { name: string; region: string }): Array<Record<string, unknown>> {
    const port = peerPort(this.testnet);
    const peers = this.layout.seeds
      .filter((seed) => seed.name !== node.name)
      .map((seed) => seedHost(this.layout, seed, node.region, this.scope.environment))
      .filter((host): host is string => host !== undefined)
      .map((host) => (port ? `${host}:${port.port}` : host));
    const all: Record<string, string> = { ...this.scope.environment.vars, TESTNET: this.testnet.name, ...values };
    if (peers.length) all['SEED_PEERS'] = peers.join(',');
    return Object.keys(all)
      .sort()
      .map((name) => ({ name, value: all[name]! }));
  }

  private pod(labels: Labels, node: { name: string; region: string }, env: Array<Record<string, unknown>>, volumes: Array<Record<string, unknown>>, mounts: Array<{ name: string; mountPath: string; readOnly: boolean }>) {
    return podTemplate({
      labels,
      containerName: 'node',
      image: containerImage(this.scope, this.testnet, node.region, this.testnet.name),
      ...(this.testnet.command ? { command: this.testnet.command } : {}),
      ...(this.testnet.args ? { args: this.testnet.args } : {}),
      ports: this.ports,
      env,
      resources: this.testnet.resources,
      security: NODE_SECURITY,
      volumes,
      volumeMounts: mounts,
    });
  }
}
