/**
 * Testnets: a namespace per testnet, one file per node (its own Deployment; keyed nodes their own
 * key Secret through an ExternalSecret, never shared), the worker pool as one Deployment pointed at
 * its coordinator's Service, seeds with stable DNS names (a headless Service each, plus an internal
 * load balancer with a DNS name when the testnet spans regions), per-node public load balancers
 * for `public: true`, and namespace-wide peering policy and PodMonitor.
 */
import { testnetKeySecretId } from '../../compiler/model/wiring.ts';
import type { Testnet } from '../../compiler/model/types.ts';
import { ExternalSecretStores, type EnvironmentScope } from './scope.ts';
import { accessLabel, ROLE_LABEL, TESTNET_LABEL, workloadLabels, type Labels, type WorkloadIdentity } from './labels.ts';
import { clusterHost, portName } from './names.ts';
import { PRIVATE_NETWORK_PEERS, PROMETHEUS_PEER, allowPolicy, labelledPeer, type PolicyRule } from './network-policies.ts';
import { containerImage, containerPorts, podTemplate, tcpPortName, type ContainerPort, type SecuritySettings } from './pods.ts';
import { loadBalancerAnnotations, servicePorts, type WorkloadFile } from './services.ts';
import type { KubeObject, Manifest } from './synth.ts';
import { internalHost, peerPort, publicHost, seedHost, type PlacedNode, type PlacedWorkerPool, type TestnetLayout } from './testnet-layout.ts';

/** Testnets declare no user or filesystem settings: the schema's defaults for containers. */
const NODE_SECURITY: SecuritySettings = { runAsUser: 10001, runAsRoot: false, readOnlyRootFilesystem: true };
const KEY_MOUNT = '/keys';
const KEY_FILE = 'private-key';
const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

export class TestnetBuilder {
  private readonly ports: ContainerPort[];

  constructor(
    private readonly scope: EnvironmentScope,
    private readonly layout: TestnetLayout,
    private readonly systemLabels: Labels,
  ) {
    this.ports = containerPorts(layout.testnet.ports, layout.testnet.metrics?.port);
    const testnet = layout.testnet;
    if (layout.multiRegion && !scope.environment.domain) {
      scope.report({
        code: 'K8S_TESTNET_NO_DOMAIN',
        message: `testnet "${testnet.name}" spans several regions, but environment "${scope.environment.name}" has no domain to give its seeds DNS names in`,
        severity: 'error',
        span: testnet.span,
        hint: `set environments.${scope.environment.name}.domain`,
      });
    }
    if (testnet.public && !testnet.ports.some((port) => port.public)) {
      scope.report({
        code: 'K8S_TESTNET_NO_PUBLIC_PORT',
        message: `testnet "${testnet.name}" is public, but none of its ports is: its nodes get no public load balancer`,
        span: testnet.span,
        hint: 'mark the peer-to-peer port `public: true`',
      });
    }
  }

  private get testnet(): Testnet {
    return this.layout.testnet;
  }

  private get namespace(): string {
    return this.layout.namespace;
  }

  identity(name: string): WorkloadIdentity {
    return { system: this.scope.model.name, environment: this.scope.environment.name, name, qualifiedName: `${this.testnet.name}-${name}` };
  }

  /** The testnet-wide objects of `_namespace.yaml` besides the Namespace and default deny. */
  namespaceWide(): KubeObject[] {
    const labels = { ...this.systemLabels, [TESTNET_LABEL]: this.testnet.name };
    const nodes = { [TESTNET_LABEL]: this.testnet.name };
    const all = this.ports.filter((port) => this.testnet.ports.some((declared) => declared.port === port.containerPort));
    const rules: PolicyRule[] = [
      { from: [{ podSelector: { matchLabels: nodes } }, labelledPeer(this.scope.model.name, this.scope.environment.name, accessLabel('testnet', this.testnet.name))], ports: all.map(policyPort) },
      ...(this.layout.multiRegion ? [{ from: PRIVATE_NETWORK_PEERS, ports: all.map(policyPort) }] : []),
      ...(this.testnet.public ? [{ ports: this.publicPorts().map(policyPort) }] : []),
      ...(this.testnet.metrics ? [{ from: [PROMETHEUS_PEER], ports: [{ port: this.testnet.metrics.port, protocol: 'TCP' as const }] }] : []),
    ];
    const objects: KubeObject[] = [];
    const policy = allowPolicy('testnet-peers', this.namespace, labels, nodes, rules);
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
    const selector = { 'app.kubernetes.io/name': identity.name, 'app.kubernetes.io/instance': labels['app.kubernetes.io/instance']! };
    const manifests: Manifest[] = [];
    const env: Record<string, string> = { NODE_NAME: node.name, NODE_ROLE: node.group.role };
    if (node.group.workSelection) env['WORK_SELECTION'] = node.group.workSelection;
    const volumes: Array<Record<string, unknown>> = [];
    const mounts: Array<{ name: string; mountPath: string; readOnly: boolean }> = [];
    const sources = [`testnet.${this.testnet.name}`];

    if (node.group.keyed && this.testnet.keys) {
      const secretName = `${node.name}-key`;
      manifests.push({ object: this.keySecret(secretName, testnetKeySecretId(this.testnet.keys.secretPrefix, node.name), labels) });
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
    const publicPorts = this.publicPorts();
    if (this.testnet.public && publicPorts.length) {
      manifests.push({
        object: this.loadBalancer(`${node.name}-public`, labels, selector, publicPorts, 'internet-facing', domain ? publicHost(node.name, this.testnet.name, domain) : undefined),
      });
    }
    if (role === 'seed' && this.layout.multiRegion) {
      const peerPorts = this.ports.filter((port) => this.testnet.ports.some((declared) => declared.port === port.containerPort));
      manifests.push({
        object: this.loadBalancer(`${node.name}-internal`, labels, selector, peerPorts, 'internal', domain ? internalHost(node.name, this.testnet.name, domain) : undefined),
      });
    }
    return { manifests, sources };
  }

  workerPoolFile(pool: PlacedWorkerPool): WorkloadFile {
    const identity = this.identity(pool.group.name);
    const labels = this.labels(identity, 'worker');
    const selector = { 'app.kubernetes.io/name': identity.name, 'app.kubernetes.io/instance': labels['app.kubernetes.io/instance']! };
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

  private publicPorts(): ContainerPort[] {
    return this.testnet.ports
      .filter((port) => port.public)
      .flatMap((port) => port.protocols.map((protocol) => this.ports.find((candidate) => candidate.name === portName(port.name, protocol, port.protocols))!));
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

  private keySecret(name: string, remoteKey: string, labels: Labels): KubeObject {
    return {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: this.namespace, labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: ExternalSecretStores.secrets(this.scope.environment) },
        target: { name, creationPolicy: 'Owner' },
        data: [{ secretKey: KEY_FILE, remoteRef: { key: remoteKey } }],
      },
    };
  }

  private loadBalancer(name: string, labels: Labels, selector: Labels, ports: ContainerPort[], scheme: 'internet-facing' | 'internal', hostname: string | undefined): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace: this.namespace,
        labels,
        annotations: { ...loadBalancerAnnotations(scheme), ...(hostname ? { [EXTERNAL_DNS_HOSTNAME]: hostname } : {}) },
      },
      spec: { type: 'LoadBalancer', selector, ports: servicePorts(ports) },
    };
  }
}

const policyPort = (port: ContainerPort) => ({ port: port.containerPort, protocol: port.protocol });
