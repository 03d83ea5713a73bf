/**
 * What the Terraform target reads of the Kubernetes target's options (`context.optionsOf`): the
 * IAM roles of service accounts trust the cluster's OIDC provider and name the namespace. A target
 * imports no other target, so the default is restated here: the namespace is the system name
 * unless set, as targets/kubernetes/settings.ts has it (test/targets/kubernetes-options.test.ts
 * holds the two together).
 */
import type { TargetOptions } from '../../compiler/plugin-api.ts';

export interface KubernetesPlacement {
  /** The EKS cluster; unnamed, workloads get no IAM role (TERRAFORM_NO_CLUSTER). */
  cluster?: string;
  namespace: string;
}

export function kubernetesPlacement(options: TargetOptions, system: string): KubernetesPlacement {
  const cluster = typeof options.cluster === 'string' ? options.cluster : undefined;
  return { ...(cluster ? { cluster } : {}), namespace: typeof options.namespace === 'string' ? options.namespace : system };
}
