/**
 * Pod templates: one container with a restrictive security context by default (non-root, the
 * model's user id, read-only root filesystem with an emptyDir at /tmp, no privilege escalation,
 * all capabilities dropped, RuntimeDefault seccomp), resource requests and a memory limit,
 * probes from `health` (a TCP readiness probe without it), and the container ports with IANA names.
 * Maps repeated per port, volume or workload are built with their keys in order: rendering keeps a
 * sorted map as it is and copies an unsorted one (plain-api-object.ts).
 */
import type { SourceSpan, Health, Image, Port } from '../../compiler/plugin-api.ts';
import { imageRepositoryName } from '../../compiler/plugin-api.ts';
import type { Labels } from './labels.ts';
import { portName, protocolName } from './names.ts';
import type { EnvironmentScope } from './scope.ts';

export interface SecuritySettings {
  runAsUser: number;
  runAsRoot: boolean;
  readOnlyRootFilesystem: boolean;
}

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
}

/** Container ports of declared ports (one per protocol) plus a metrics port that is not one of them. */
export function containerPorts(ports: readonly Port[], metricsPort?: number): ContainerPort[] {
  const result = ports.flatMap((port) =>
    port.protocols.map((protocol) => ({ containerPort: port.port, name: portName(port.name, protocol, port.protocols), protocol: protocolName(protocol) })),
  );
  if (metricsPort !== undefined && !result.some((port) => port.containerPort === metricsPort && port.protocol === 'TCP')) {
    result.push({ containerPort: metricsPort, name: result.some((port) => port.name === 'metrics') ? 'metrics-port' : 'metrics', protocol: 'TCP' });
  }
  return result;
}

/** The container ports of the declared ports, without an extra metrics port. */
export function declaredContainerPorts(ports: readonly ContainerPort[], declared: readonly Port[]): ContainerPort[] {
  return ports.filter((port) => declared.some((candidate) => candidate.port === port.containerPort));
}

/** The container ports of the declared ports marked `public`, one per protocol. */
export function publicContainerPorts(ports: readonly ContainerPort[], declared: readonly Port[]): ContainerPort[] {
  return declared
    .filter((port) => port.public)
    .flatMap((port) => port.protocols.map((protocol) => ports.find((candidate) => candidate.name === portName(port.name, protocol, port.protocols))!));
}

/** The name of the TCP container port that serves `number`. */
export function tcpPortName(ports: readonly ContainerPort[], number: number): string | undefined {
  return ports.find((port) => port.containerPort === number && port.protocol === 'TCP')?.name;
}

/**
 * The image to run. Workloads built from source run the image the Terraform target's ECR
 * repository holds, under the environment's immutable tag (`--image-tag`, `image.tag` or the
 * system's `version`; validation makes sure there is one):
 * `<account>.dkr.ecr.<region>.amazonaws.com/<system>-<env>-<name>:<tag>`. Without an account
 * (K8S_IMAGE_NO_ACCOUNT, from check) the address holds a placeholder account.
 */
export function containerImage(scope: EnvironmentScope, workload: Image & { name: string; span: SourceSpan }, region: string, repository: string): string {
  if (workload.image) return workload.image;
  const address = `${scope.environment.account ?? '000000000000'}.dkr.ecr.${region}.amazonaws.com/${imageRepositoryName(scope.model.name, scope.environment.name, repository)}`;
  return `${address}:${scope.resolved.imageTag}`;
}

/**
 * A workload without `health` still gets a readiness probe: a TCP connect to its first
 * TCP port (ports are in order of their number), with the `health` defaults (every 10s, 5s timeout, 3
 * failures). No liveness probe: a closed port is a reason to stop sending traffic, not to restart.
 */
function defaultReadiness(ports: readonly ContainerPort[], declared: readonly Port[]): Record<string, unknown> {
  const first = declared.find((port) => port.protocols.includes('tcp'));
  const name = first ? tcpPortName(ports, first.port) : undefined;
  if (!name) return {};
  return { readinessProbe: { tcpSocket: { port: name }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 } };
}

/** Readiness, liveness and (when `startup` is set) startup probes from `health`; a TCP readiness probe without it. */
export function probes(health: Health | undefined, ports: readonly ContainerPort[], declared: readonly Port[]): Record<string, unknown> {
  if (!health) return defaultReadiness(ports, declared);
  let handler: Record<string, unknown> | undefined;
  if (health.http !== undefined) {
    const port = declared.find((candidate) => candidate.name === health.port) ?? declared[0];
    const name = port ? tcpPortName(ports, port.port) : undefined;
    if (name) handler = { httpGet: { path: health.http, port: name } };
  } else if (health.command) {
    handler = { exec: { command: [...health.command] } };
  }
  if (!handler) return {};
  const timing = { periodSeconds: health.intervalSeconds, timeoutSeconds: health.timeoutSeconds };
  return {
    readinessProbe: { ...handler, ...timing, failureThreshold: health.failureThreshold },
    livenessProbe: { ...handler, ...timing, failureThreshold: health.failureThreshold },
    ...(health.startupSeconds > 0
      ? { startupProbe: { ...handler, ...timing, failureThreshold: Math.max(1, Math.ceil(health.startupSeconds / Math.max(1, health.intervalSeconds))) } }
      : {}),
  };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface PodTemplateInput {
  labels: Labels;
  containerName: string;
  image: string;
  command?: readonly string[];
  args?: readonly string[];
  ports: readonly ContainerPort[];
  env?: Array<Record<string, unknown>>;
  envFrom?: Array<Record<string, unknown>>;
  resources: { cpu: string; memory: string };
  security: SecuritySettings;
  probes?: Record<string, unknown>;
  /** Pod volumes (besides /tmp) and where the container mounts them. */
  volumes?: Array<Record<string, unknown>>;
  volumeMounts?: VolumeMount[];
  serviceAccountName?: string;
  restartPolicy?: 'Never' | 'OnFailure';
}

export function podTemplate(input: PodTemplateInput): Record<string, unknown> {
  const { security } = input;
  const volumes = [...(input.volumes ?? [])];
  const volumeMounts = [...(input.volumeMounts ?? [])];
  if (security.readOnlyRootFilesystem) {
    volumes.push({ emptyDir: {}, name: 'tmp' });
    volumeMounts.push({ mountPath: '/tmp', name: 'tmp' });
  }
  const container = {
    name: input.containerName,
    image: input.image,
    ...(input.command ? { command: [...input.command] } : {}),
    ...(input.args ? { args: [...input.args] } : {}),
    ...(input.ports.length ? { ports: input.ports.map((port) => ({ ...port })) } : {}),
    ...(input.env?.length ? { env: input.env } : {}),
    ...(input.envFrom?.length ? { envFrom: input.envFrom } : {}),
    resources: { limits: { memory: input.resources.memory }, requests: { cpu: input.resources.cpu, memory: input.resources.memory } },
    ...input.probes,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: security.readOnlyRootFilesystem,
      runAsNonRoot: !security.runAsRoot,
      runAsUser: security.runAsUser,
    },
    ...(volumeMounts.length ? { volumeMounts } : {}),
  };
  return {
    metadata: { labels: input.labels },
    spec: {
      automountServiceAccountToken: false,
      ...(input.serviceAccountName ? { serviceAccountName: input.serviceAccountName } : {}),
      ...(input.restartPolicy ? { restartPolicy: input.restartPolicy } : {}),
      securityContext: {
        fsGroup: security.runAsUser,
        runAsGroup: security.runAsUser,
        runAsNonRoot: !security.runAsRoot,
        runAsUser: security.runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [container],
      ...(volumes.length ? { volumes } : {}),
    },
  };
}
