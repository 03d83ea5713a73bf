/**
 * Risk rules for Kubernetes objects, one row per rule. Immutable fields follow the API server's
 * validation: `kubectl apply` rejects a change to them, so the object must be deleted and re-created.
 */
import type { DiffObject, RiskRule, RuleFinding } from '../../compiler/plugin-api.ts';
import { asList, dataLossRule, difference, forceNewRules, isPlainObject, pick } from '../../compiler/plugin-api.ts';

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];

/** The pod spec of a workload. */
function podSpec(object: DiffObject | undefined): Record<string, unknown> | undefined {
  if (!object) return undefined;
  const value = object.value;
  const spec =
    object.type === 'Pod' ? pick(value, 'spec')
    : object.type === 'CronJob' ? pick(value, 'spec.jobTemplate.spec.template.spec')
    : pick(value, 'spec.template.spec');
  return isPlainObject(spec) ? spec : undefined;
}

export function containers(object: DiffObject | undefined): Record<string, unknown>[] {
  const spec = podSpec(object);
  return spec ? [...asList(spec.initContainers), ...asList(spec.containers)].filter(isPlainObject) : [];
}

const publicService: RiskRule = {
  id: 'kubernetes/public-service',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: ['Service'],
  check: ({ before, after }) => {
    const type = pick(after!.value, 'spec.type');
    const was = pick(before?.value, 'spec.type');
    if ((type === 'LoadBalancer' || type === 'NodePort') && was !== type) {
      const internal = Object.entries((pick(after!.value, 'metadata.annotations') ?? {}) as Record<string, unknown>).some(
        ([key, value]) => /load-balancer-(internal|scheme)$/.test(key) && /true|internal/.test(String(value)),
      );
      if (!internal) {
        const ports = asList(pick(after!.value, 'spec.ports')).filter(isPlainObject).map((port) => `${String(port.port)}/${String(port.protocol ?? 'TCP')}`);
        return { field: 'spec.type', message: `a ${String(type)} Service exposes ${ports.join(', ') || 'its ports'} outside the cluster` };
      }
    }
    return undefined;
  },
};

/** An ingress class counts as public unless its name says otherwise. */
const isPrivateClass = (name: unknown) => typeof name === 'string' && /internal|private|intranet/.test(name);
const ingressClass = (object: DiffObject | undefined) =>
  pick(object?.value, 'spec.ingressClassName') ?? (pick(object?.value, 'metadata.annotations') as Record<string, unknown> | undefined)?.['kubernetes.io/ingress.class'];
const ingressHosts = (object: DiffObject | undefined) =>
  new Set(asList(pick(object?.value, 'spec.rules')).filter(isPlainObject).map((rule) => String(rule.host ?? '*')));

const publicIngress: RiskRule = {
  id: 'kubernetes/public-ingress',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: ['Ingress'],
  check: ({ before, after }) => {
    const now = ingressClass(after);
    if (isPrivateClass(now)) return undefined;
    const wasPublic = before !== undefined && !isPrivateClass(ingressClass(before));
    const newHosts = [...ingressHosts(after)].filter((host) => !wasPublic || !ingressHosts(before).has(host)).sort();
    if (newHosts.length === 0) return undefined;
    return { field: 'spec.rules', message: `public ingress${now ? ` (class ${String(now)})` : ''} for ${newHosts.join(', ')}` };
  },
};

const hostExposure: RiskRule = {
  id: 'kubernetes/host-access',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: WORKLOADS,
  check: ({ before, after }) => {
    const findings: RuleFinding[] = [];
    const spec = podSpec(after) ?? {};
    const was = podSpec(before) ?? {};
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[key] === true && was[key] !== true) findings.push({ field: key, message: `${key}: true` });
    const flags = (object: DiffObject | undefined) =>
      new Set(
        containers(object).flatMap((container) => {
          const security = isPlainObject(container.securityContext) ? container.securityContext : {};
          const found: string[] = [];
          if (security.privileged === true) found.push(`container ${String(container.name)} runs privileged`);
          if (security.allowPrivilegeEscalation === true) found.push(`container ${String(container.name)} allows privilege escalation`);
          if (security.runAsNonRoot === false || security.runAsUser === 0) found.push(`container ${String(container.name)} runs as root`);
          for (const port of asList(container.ports)) if (isPlainObject(port) && port.hostPort !== undefined) found.push(`container ${String(container.name)} binds host port ${String(port.hostPort)}`);
          return found;
        }),
      );
    for (const flag of difference(flags(after), flags(before))) findings.push({ message: flag });
    return findings;
  },
};

const rbacWildcards: RiskRule = {
  id: 'kubernetes/rbac-wildcard',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: ['Role', 'ClusterRole'],
  check: ({ before, after }) => {
    const grants = (object: DiffObject | undefined) =>
      new Set(
        asList(pick(object?.value, 'rules')).filter(isPlainObject).flatMap((rule) =>
          ['verbs', 'resources', 'apiGroups'].flatMap((key) => (asList(rule[key]).includes('*') ? [`${key} "*"`] : [])),
        ),
      );
    return difference(grants(after), grants(before)).map((grant) => ({ field: 'rules', message: `RBAC rule grants ${grant}` }));
  },
};

export const KUBERNETES_RISKS: readonly RiskRule[] = [
  dataLossRule('kubernetes', {
    PersistentVolumeClaim: 'the volume claim (and, with a Delete reclaim policy, its data)',
    PersistentVolume: 'the volume and its data',
  }),
  {
    id: 'kubernetes/stateful-delete',
    category: 'data-loss',
    on: ['removed', 'replaced'],
    types: ['StatefulSet'],
    check: ({ kind, before }) => {
      const templates = asList(pick(before!.value, 'spec.volumeClaimTemplates'));
      if (!templates.length) return undefined;
      return `${kind === 'replaced' ? 'replacing' : 'deleting'} this StatefulSet orphans its volume claims (${templates.filter(isPlainObject).map((template) => String(pick(template, 'metadata.name'))).join(', ')})`;
    },
  },
  ...forceNewRules('kubernetes', {
    Deployment: ['spec.selector'],
    ReplicaSet: ['spec.selector'],
    DaemonSet: ['spec.selector'],
    StatefulSet: ['spec.selector', 'spec.volumeClaimTemplates', 'spec.serviceName', 'spec.podManagementPolicy'],
    Job: ['spec.selector', 'spec.template', 'spec.completions'],
    PersistentVolumeClaim: ['spec.storageClassName', 'spec.accessModes', 'spec.volumeName', 'spec.selector'],
    Service: ['spec.clusterIP'],
  }, 'is immutable'),
  publicService,
  publicIngress,
  hostExposure,
  rbacWildcards,
];
