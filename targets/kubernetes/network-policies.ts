/**
 * Network policies: every namespace denies all ingress by default; each workload then admits
 * exactly its own callers. Conventions the cluster has to follow (documented in README.md):
 * the ingress controllers run in the namespace `ingress-nginx`, Prometheus in `monitoring`.
 */
import { ENVIRONMENT_LABEL, type Labels } from './labels.ts';
import type { ContainerPort } from './pods.ts';
import type { KubeObject } from './synth.ts';

export type Peer = Record<string, unknown>;
export interface PolicyRule {
  /** Omitted: from anywhere (public ports behind a load balancer). */
  from?: Peer[];
  ports: Array<Pick<ContainerPort, 'protocol'> & { port: number | string }>;
}

const namespaceNamed = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

export const INGRESS_CONTROLLER_PEER: Peer = {
  namespaceSelector: namespaceNamed('ingress-nginx'),
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

export const PROMETHEUS_PEER: Peer = {
  namespaceSelector: namespaceNamed('monitoring'),
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
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

export function defaultDenyIngress(namespace: string, labels: Labels): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-ingress', namespace, labels },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  };
}

/** Admits `rules` to the pods `selector` picks; undefined when nothing is admitted. */
export function allowPolicy(name: string, namespace: string, labels: Labels, selector: Labels, rules: PolicyRule[]): KubeObject | undefined {
  const ingress = rules
    .filter((rule) => rule.ports.length > 0)
    .map((rule) => ({ ...(rule.from ? { from: rule.from } : {}), ports: rule.ports.map((port) => ({ port: port.port, protocol: port.protocol })) }));
  if (ingress.length === 0) return undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress },
  };
}
