/**
 * Network policies: every namespace denies all ingress and all egress by default; each workload
 * then admits exactly its own callers and may reach exactly what it uses. Every pod may ask the
 * cluster DNS. Conventions the cluster has to follow (documented in README.md and docs/security.md):
 * the ingress controllers run in the namespace `ingress-nginx`, Prometheus in `monitoring`, the
 * cluster DNS in `kube-system` with the label `k8s-app: kube-dns` (CoreDNS on EKS); prerequisites.ts
 * holds them with the rest of what the output relies on.
 */
import { ENVIRONMENT_LABEL, type Labels } from './labels.ts';
import { CLUSTER_ADDONS } from './prerequisites.ts';
import type { ContainerPort } from './pods.ts';
import type { KubeObject } from './synth.ts';

export type Peer = Record<string, unknown>;
export type PolicyPort = Pick<ContainerPort, 'protocol'> & { port: number | string };
export interface PolicyRule {
  /** Omitted: from anywhere (public ports behind a load balancer). */
  from?: Peer[];
  ports: PolicyPort[];
}
export interface EgressRule {
  to: Peer[];
  ports: PolicyPort[];
}

const namespaceNamed = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

export const INGRESS_CONTROLLER_PEER: Peer = {
  namespaceSelector: namespaceNamed(CLUSTER_ADDONS.ingressController.namespace),
  podSelector: { matchLabels: { 'app.kubernetes.io/name': CLUSTER_ADDONS.ingressController.name } },
};

export const PROMETHEUS_PEER: Peer = {
  namespaceSelector: namespaceNamed(CLUSTER_ADDONS.prometheus.namespace),
  podSelector: { matchLabels: { 'app.kubernetes.io/name': CLUSTER_ADDONS.prometheus.name } },
};

/** Private address ranges: peers in other regions reach seeds through internal load balancers. */
export const PRIVATE_NETWORK_PEERS: Peer[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => ({ ipBlock: { cidr } }));

/** Pods of this system and environment (any of its namespaces) that carry `label: "true"`. */
export function labelledPeer(system: string, environment: string, label: string): Peer {
  return {
    namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': system, [ENVIRONMENT_LABEL]: environment } },
    podSelector: { matchLabels: { [label]: 'true' } },
  };
}

/** A policy port admitting a container port. */
export const policyPort = (port: ContainerPort) => ({ port: port.containerPort, protocol: port.protocol });

export const CLUSTER_DNS_PEER: Peer = {
  namespaceSelector: namespaceNamed(CLUSTER_ADDONS.dns.namespace),
  podSelector: { matchLabels: { 'k8s-app': CLUSTER_ADDONS.dns.k8sApp } },
};

/** Anywhere: AWS service endpoints (SQS, SNS, DynamoDB, S3, STS) have no fixed addresses. */
export const ANYWHERE_PEER: Peer = { ipBlock: { cidr: '0.0.0.0/0' } };
export const HTTPS_PORT: PolicyPort = { port: 443, protocol: 'TCP' };

/** The namespace's defaults: no traffic in or out, except DNS queries to the cluster DNS. */
export function namespacePolicies(namespace: string, labels: Labels): KubeObject[] {
  const policy = (name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec,
  });
  return [
    policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    policy('allow-dns-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [CLUSTER_DNS_PEER], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    }),
  ];
}

const policyPorts = (ports: readonly PolicyPort[]) => ports.map((port) => ({ port: port.port, protocol: port.protocol }));

/**
 * Admits `rules` to the pods `selector` picks and lets them reach `egress`; undefined when it
 * allows nothing (the namespace's defaults then deny everything but DNS).
 */
export function allowPolicy(name: string, namespace: string, labels: Labels, selector: Labels, rules: PolicyRule[], egressRules: readonly EgressRule[] = []): KubeObject | undefined {
  const ingress = rules
    .filter((rule) => rule.ports.length > 0)
    .map((rule) => ({ ...(rule.from ? { from: rule.from } : {}), ports: policyPorts(rule.ports) }));
  // members in key order, as they are written (plain-api-object.ts)
  const egress = egressRules.filter((rule) => rule.ports.length > 0).map((rule) => ({ ports: policyPorts(rule.ports), to: rule.to }));
  if (ingress.length === 0 && egress.length === 0) return undefined;
  const policyTypes = [...(ingress.length ? ['Ingress'] : []), ...(egress.length ? ['Egress'] : [])];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec: { podSelector: { matchLabels: selector }, policyTypes, ...(ingress.length ? { ingress } : {}), ...(egress.length ? { egress } : {}) },
  };
}
