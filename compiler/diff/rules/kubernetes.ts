/**
 * Risk rules for Kubernetes objects, one row per rule. Immutable fields follow the API server's
 * validation: `kubectl apply` rejects a change to them, so the object must be deleted and re-created.
 */
import { isPlainObject } from '../../data.ts';
import { pick } from '../fields.ts';
import type { OutputObject, RiskRule, RuleFinding } from '../formats/format.ts';
import { asList, dataLossRule, difference, forceNewRules, literalSecretFindings } from './common.ts';

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];

/** The pod spec of a workload. */
function podSpec(object: OutputObject | undefined): Record<string, unknown> | undefined {
  if (!object) return undefined;
  const value = object.value;
  const spec =
    object.type === 'Pod' ? pick(value, 'spec')
    : object.type === 'CronJob' ? pick(value, 'spec.jobTemplate.spec.template.spec')
    : pick(value, 'spec.template.spec');
  return isPlainObject(spec) ? spec : undefined;
}

function containers(object: OutputObject | undefined): Record<string, unknown>[] {
  const spec = podSpec(object);
  return spec ? [...asList(spec.initContainers), ...asList(spec.containers)].filter(isPlainObject) : [];
}

/** Scope → its secret-sourced names: every workload change of a scope asks again, and a scan per change is quadratic. */
const sourcedByScope = new WeakMap<readonly OutputObject[], Set<string>>();

/** Env var names a workload or the scope reads from secrets (secretKeyRef, ExternalSecret keys, Secret keys). */
function secretSourcedNames(scope: readonly OutputObject[]): Set<string> {
  const cached = sourcedByScope.get(scope);
  if (cached) return cached;
  const names = new Set<string>();
  sourcedByScope.set(scope, names);
  for (const object of scope) {
    if (object.type === 'ExternalSecret') {
      for (const item of asList(pick(object.value, 'spec.data'))) if (isPlainObject(item) && typeof item.secretKey === 'string') names.add(item.secretKey);
    }
    if (object.type === 'Secret') {
      for (const key of ['data', 'stringData']) {
        const data = pick(object.value, key);
        if (isPlainObject(data)) for (const name of Object.keys(data)) names.add(name);
      }
    }
    for (const container of containers(object)) {
      for (const entry of asList(container.env)) {
        if (isPlainObject(entry) && typeof entry.name === 'string' && isPlainObject(entry.valueFrom) && isPlainObject(entry.valueFrom.secretKeyRef)) names.add(entry.name);
      }
    }
  }
  return names;
}

function literalEnv(container: Record<string, unknown> | undefined): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const entry of asList(container?.env)) if (isPlainObject(entry) && typeof entry.name === 'string' && 'value' in entry) env[entry.name] = entry.value;
  return env;
}

const plainSecrets: RiskRule = {
  id: 'kubernetes/plain-secret',
  category: 'security',
  on: ['added', 'changed', 'replaced'],
  types: WORKLOADS,
  check: ({ before, after, baseScope, headScope }) => {
    const moved = new Set(difference(secretSourcedNames(baseScope), secretSourcedNames(headScope)));
    const old = new Map(containers(before).map((container) => [String(container.name), container]));
    return containers(after).flatMap((container) =>
      literalSecretFindings(literalEnv(old.get(String(container.name))), literalEnv(container), moved, (name) => `containers[name=${String(container.name)}].env[name=${name}].value`),
    );
  },
};

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
const ingressClass = (object: OutputObject | undefined) =>
  pick(object?.value, 'spec.ingressClassName') ?? (pick(object?.value, 'metadata.annotations') as Record<string, unknown> | undefined)?.['kubernetes.io/ingress.class'];
const ingressHosts = (object: OutputObject | undefined) =>
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
    const flags = (object: OutputObject | undefined) =>
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
    const grants = (object: OutputObject | undefined) =>
      new Set(
        asList(pick(object?.value, 'rules')).filter(isPlainObject).flatMap((rule) =>
          ['verbs', 'resources', 'apiGroups'].flatMap((key) => (asList(rule[key]).includes('*') ? [`${key} "*"`] : [])),
        ),
      );
    return difference(grants(after), grants(before)).map((grant) => ({ field: 'rules', message: `RBAC rule grants ${grant}` }));
  },
};

export const KUBERNETES_RULES: readonly RiskRule[] = [
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
  plainSecrets,
];
