/**
 * Everything the Kubernetes output relies on but does not create, in one place: the objects and
 * conventions read from here, and docs/deploy.md lists each (test/targets/kubernetes/prerequisites.test.ts).
 */
import type { Environment } from '../../compiler/plugin-api.ts';

export interface Prerequisite {
  /** What must exist, as docs/deploy.md names it. */
  what: string;
  /** Why the output needs it. */
  why: string;
}

/** Namespaces (and pod labels) of the cluster add-ons the network policies admit or reach. */
export const CLUSTER_ADDONS = {
  ingressController: { namespace: 'ingress-nginx', name: 'ingress-nginx' },
  prometheus: { namespace: 'monitoring', name: 'prometheus' },
  dns: { namespace: 'kube-system', k8sApp: 'kube-dns' },
} as const;

/** The two ClusterSecretStores ExternalSecrets read from. */
export const ExternalSecretStores = {
  /** Secrets Manager: the store named by `environment.kubernetes.secretStore`. */
  secrets: (environment: Environment) => environment.kubernetes.secretStore,
  /**
   * SSM Parameter Store needs a store of its own (a ClusterSecretStore has one provider service):
   * `<secretStore>-parameters`.
   */
  parameters: (environment: Environment) => `${environment.kubernetes.secretStore}-parameters`,
};

/** What an environment's cluster must provide before its manifests are applied. */
export function clusterPrerequisites(environment: Environment): Prerequisite[] {
  const { kubernetes } = environment;
  return [
    { what: 'External Secrets Operator (external-secrets.io/v1)', why: 'every ExternalSecret' },
    {
      what: `ClusterSecretStore \`${ExternalSecretStores.secrets(environment)}\` (AWS Secrets Manager)`,
      why: 'declared secrets and database passwords; it finds the secret RDS manages by tag, so its role needs secretsmanager:ListSecrets besides GetSecretValue',
    },
    { what: `ClusterSecretStore \`${ExternalSecretStores.parameters(environment)}\` (AWS Parameter Store)`, why: 'the wiring values Terraform publishes' },
    {
      what: `ingress controller in namespace \`${CLUSTER_ADDONS.ingressController.namespace}\` (pods labelled app.kubernetes.io/name=${CLUSTER_ADDONS.ingressController.name}), IngressClasses \`${kubernetes.ingressClass.public}\` and \`${kubernetes.ingressClass.internal}\``,
      why: 'ingresses, and the network policies that admit their traffic',
    },
    ...(kubernetes.certIssuer ? [{ what: `cert-manager ClusterIssuer \`${kubernetes.certIssuer}\``, why: 'TLS ingresses' }] : []),
    { what: `Prometheus Operator, Prometheus in namespace \`${CLUSTER_ADDONS.prometheus.namespace}\``, why: 'ServiceMonitors, PrometheusRules and the scrape network policies' },
    { what: `cluster DNS in \`${CLUSTER_ADDONS.dns.namespace}\` labelled k8s-app=${CLUSTER_ADDONS.dns.k8sApp}`, why: 'the DNS egress every pod is allowed' },
    ...(kubernetes.cluster ? [{ what: `EKS cluster \`${kubernetes.cluster}\` with an IAM OIDC provider`, why: 'the IAM roles of service accounts (IRSA) Terraform creates' }] : []),
  ];
}
