/**
 * A service's file: ServiceAccount, ConfigMap, ExternalSecret, its Deployment (a StatefulSet with
 * volume claim templates when it declares volumes), a ClusterIP Service, a LoadBalancer Service for
 * public ports (TCP and UDP together), Ingress, HorizontalPodAutoscaler (a KEDA ScaledObject when
 * it scales on a queue's depth), PodDisruptionBudget, ServiceMonitor and the NetworkPolicy that
 * admits its callers and lets it reach what it uses.
 */
import type { Service, TestnetService } from '../../compiler/plugin-api.ts';
import { environmentSources, serviceAccount, type ObjectPlace } from './config-objects.ts';
import type { EnvWiring } from './env-wiring.ts';
import { accessLabel, selectorLabels, type Labels, type WorkloadIdentity } from './labels.ts';
import { INGRESS_CONTROLLER_PEER, PROMETHEUS_PEER, allowPolicy, labelledPeer, policyPort, type PolicyRule } from './network-policies.ts';
import {
  containerImage,
  containerPorts,
  declaredContainerPorts,
  podTemplate,
  probes,
  publicContainerPorts,
  tcpPortName,
  type ContainerPort,
} from './pods.ts';
import { scaledObject } from './queue-scaling.ts';
import type { EnvironmentScope } from './scope.ts';
import type { KubeObject, Manifest } from './synth.ts';

/** A service of the environment, or a test service of a testnet (which has fewer settings). */
export type ServiceWorkload = TestnetService & Partial<Pick<Service, 'autoscale' | 'health' | 'dependsOn' | 'volumes' | 'ingress' | 'metrics'>>;

export interface ServicePlacement {
  region: string;
  namespace: string;
  identity: WorkloadIdentity;
  /** Labels of all its objects (standard + tags + testnet labels for test services). */
  labels: Labels;
  /** `kind.name` for messages, e.g. `service "api"`. */
  label: string;
}

export interface WorkloadFile {
  manifests: Manifest[];
  sources: string[];
}

/** Service ports of container ports, targeting them by name. */
export const servicePorts = (ports: readonly ContainerPort[]) =>
  ports.map((port) => ({ name: port.name, port: port.containerPort, protocol: port.protocol, targetPort: port.name }));

const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

/**
 * A LoadBalancer Service: an NLB with IP targets (AWS Load Balancer Controller annotations), with
 * an external-dns name when `hostname` is given.
 */
export function loadBalancerService(place: ObjectPlace, selector: Labels, ports: readonly ContainerPort[], scheme: 'internet-facing' | 'internal', hostname?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: place.name,
      namespace: place.namespace,
      labels: place.labels,
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': scheme,
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        ...(hostname ? { [EXTERNAL_DNS_HOSTNAME]: hostname } : {}),
      },
    },
    spec: { type: 'LoadBalancer', selector, ports: servicePorts(ports) },
  };
}

export function serviceFile(scope: EnvironmentScope, wiring: EnvWiring, service: ServiceWorkload, placement: ServicePlacement): WorkloadFile {
  const { identity, namespace, labels } = placement;
  const name = identity.name;
  const place: ObjectPlace = { name, namespace, labels };
  const selector = selectorLabels(identity);
  const env = wiring.resolve({ workload: service, region: placement.region, label: placement.label });
  const ports = containerPorts(service.ports, service.metrics?.port);
  const declaredPorts = declaredContainerPorts(ports, service.ports);
  const podLabels: Labels = { ...labels };
  for (const label of wiring.accessLabels(service)) podLabels[label] = 'true';

  // the account is named like the IAM role Terraform trusts: `<testnet>-<service>` for test services
  const account = identity.qualifiedName;
  const manifests: Manifest[] = [{ object: serviceAccount(scope, { ...place, name: account }, service, account) }];
  const sources = environmentSources(scope, place, name, env);
  manifests.push(...sources.manifests);

  const volumes = service.volumes ?? [];
  const template = podTemplate({
    labels: podLabels,
    containerName: name,
    image: containerImage(scope, service, placement.region, identity.qualifiedName),
    ...(service.command ? { command: service.command } : {}),
    ...(service.args ? { args: service.args } : {}),
    ports,
    envFrom: sources.envFrom,
    resources: service.resources,
    security: service,
    probes: probes(service.health, ports, service.ports),
    volumes: sources.volumes,
    volumeMounts: [...volumes.map((volume) => ({ mountPath: volume.path, name: volume.name })), ...sources.volumeMounts],
    serviceAccountName: account,
  });
  const replicas = service.autoscale ? {} : { replicas: service.replicas };
  const workload: KubeObject = volumes.length
    ? {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name, namespace, labels },
        spec: {
          serviceName: name,
          ...replicas,
          selector: { matchLabels: selector },
          template,
          volumeClaimTemplates: volumes.map((volume) => ({
            metadata: { name: volume.name, labels },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: volume.size } } },
          })),
        },
      }
    : {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels },
        spec: { ...replicas, selector: { matchLabels: selector }, template },
      };
  manifests.push({ object: workload });

  if (ports.length) {
    manifests.push({
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { type: 'ClusterIP', selector, ports: servicePorts(ports) } },
    });
  }
  const publicPorts = publicContainerPorts(ports, service.ports);
  if (publicPorts.length) manifests.push({ object: loadBalancerService({ ...place, name: `${name}-public` }, selector, publicPorts, 'internet-facing') });

  const ingressPorts = [...new Set(service.ingress?.paths.map((entry) => entry.port) ?? [])]
    .map((portName) => service.ports.find((port) => port.name === portName))
    .filter((port): port is NonNullable<typeof port> => port !== undefined);
  if (service.ingress) manifests.push({ object: ingress(scope, place, service.ingress, (portName) => ingressBackendPort(ports, service, portName), service) });

  if (service.autoscale?.queue) {
    manifests.push({ object: scaledObject(scope, place, workload.kind as string, service.autoscale, placement.region) });
  } else if (service.autoscale) {
    const metrics = [
      ...(service.autoscale.cpu !== undefined ? [resourceMetric('cpu', service.autoscale.cpu)] : []),
      ...(service.autoscale.memory !== undefined ? [resourceMetric('memory', service.autoscale.memory)] : []),
    ];
    manifests.push({
      object: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: workload.kind, name },
          minReplicas: service.autoscale.min,
          maxReplicas: service.autoscale.max,
          metrics,
        },
      },
    });
  }
  if ((service.autoscale?.min ?? service.replicas) > 1) {
    manifests.push({
      object: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
    });
  }
  const metricsPortName = service.metrics ? tcpPortName(ports, service.metrics.port) : undefined;
  if (service.metrics && metricsPortName) {
    manifests.push({
      object: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name, namespace, labels },
        spec: { selector: { matchLabels: selector }, endpoints: [{ port: metricsPortName, path: service.metrics.path }] },
      },
    });
  }

  const rules: PolicyRule[] = [
    { from: [labelledPeer(scope.model.name, scope.environment.name, accessLabel('service', service.name))], ports: declaredPorts.map(policyPort) },
    ...(ingressPorts.length ? [{ from: [INGRESS_CONTROLLER_PEER], ports: ingressPorts.map((port) => ({ port: port.port, protocol: 'TCP' as const })) }] : []),
    ...(service.metrics ? [{ from: [PROMETHEUS_PEER], ports: [{ port: service.metrics.port, protocol: 'TCP' as const }] }] : []),
    ...(publicPorts.length ? [{ ports: publicPorts.map(policyPort) }] : []),
  ];
  const policy = allowPolicy(name, namespace, labels, selector, rules, wiring.egress(service));
  if (policy) manifests.push({ object: policy });

  return { manifests, sources: [`service.${service.name}`, ...env.sources] };
}

function resourceMetric(resource: 'cpu' | 'memory', averageUtilization: number) {
  return { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization } } };
}

/** The Service port name an ingress path goes to (the TCP entry of the declared port). */
function ingressBackendPort(ports: Parameters<typeof tcpPortName>[0], service: ServiceWorkload, portName: string): string {
  const declared = service.ports.find((port) => port.name === portName)!;
  return tcpPortName(ports, declared.port) ?? declared.name;
}

/** One Ingress: a rule per host, each with every path; one TLS entry covering every host. */
function ingress(scope: EnvironmentScope, place: ObjectPlace, spec: NonNullable<Service['ingress']>, backendPort: (portName: string) => string, service: ServiceWorkload): KubeObject {
  // without an issuer (K8S_NO_CERT_ISSUER, from check) the "<name>-tls" Secret is the user's to provide
  const issuer = scope.settings.certIssuer;
  const paths = spec.paths.map((entry) => ({ path: entry.path, pathType: 'Prefix', backend: { service: { name: place.name, port: { name: backendPort(entry.port) } } } }));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: place.name,
      namespace: place.namespace,
      labels: place.labels,
      ...(spec.tls && issuer ? { annotations: { 'cert-manager.io/cluster-issuer': issuer } } : {}),
    },
    spec: {
      ingressClassName: scope.settings.ingressClass[spec.visibility],
      ...(spec.tls ? { tls: [{ hosts: [...spec.hosts], secretName: `${place.name}-tls` }] } : {}),
      rules: spec.hosts.map((host) => ({ host, http: { paths } })),
    },
  };
}
