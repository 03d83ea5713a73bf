/**
 * Namespace-wide objects, one `_namespace.yaml` per namespace (`_` cannot start an entity name, so
 * it never collides with a workload's file): the Namespace with Pod Security Admission labels and
 * the default policies (deny ingress, deny egress, allow DNS).
 */
import { ENVIRONMENT_LABEL, type Labels } from './labels.ts';
import { namespacePolicies } from './network-policies.ts';
import type { KubeObject } from './synth.ts';

export const NAMESPACE_FILE = '_namespace.yaml';

/**
 * `restricted` Pod Security is enforced unless a workload of the namespace runs as root (then
 * `baseline`, which the file asked for with `runAsRoot: true`).
 */
export function namespaceObjects(name: string, labels: Labels, environment: string, runsAsRoot: boolean): KubeObject[] {
  const level = runsAsRoot ? 'baseline' : 'restricted';
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          ...labels,
          [ENVIRONMENT_LABEL]: environment,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    },
    ...namespacePolicies(name, labels),
  ];
}
