/**
 * The Kubernetes target's options: where and how it deploys each environment. Written system-wide
 * as `targets.kubernetes` and per environment as `environments.<env>.targets.kubernetes` (merged
 * over it); the compiler checks them against `K8S_OPTIONS_SCHEMA` before the target runs. The
 * Terraform target reads them too (`context.optionsOf('kubernetes', env)`): the IAM roles of
 * service accounts trust the cluster's OIDC provider and name the namespace.
 */
import type { TargetOptions } from '../../compiler/plugin-api.ts';

/** JSON Schema (draft-07) of the options; the `description`s are schema/descriptions.ts's. */
export const K8S_OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cluster: { type: 'string', minLength: 1 },
    namespace: { type: 'string', pattern: '^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$' },
    ingressClass: {
      type: 'object',
      additionalProperties: false,
      properties: {
        public: { type: 'string', minLength: 1, default: 'nginx' },
        internal: { type: 'string', minLength: 1, default: 'nginx-internal' },
      },
    },
    certIssuer: { type: 'string', minLength: 1 },
    secretStore: { type: 'string', minLength: 1, default: 'aws-secrets-manager' },
  },
} as const;

/** An environment's Kubernetes settings, defaults filled in. */
export interface KubernetesSettings {
  /** The cluster name (as kubeconfig and CI know it); unnamed clusters get no IAM roles. */
  cluster?: string;
  /** The environment's namespace; the system name by default. */
  namespace: string;
  ingressClass: { public: string; internal: string };
  certIssuer?: string;
  /** The ClusterSecretStore of AWS Secrets Manager (`<secretStore>-parameters` is Parameter Store's). */
  secretStore: string;
}

/** The settings from checked options (`context.optionsOf('kubernetes', env)`), defaults filled in. */
export function kubernetesSettings(options: TargetOptions, system: string): KubernetesSettings {
  const text = (key: string, from: Readonly<Record<string, unknown>> = options) => (typeof from[key] === 'string' ? (from[key] as string) : undefined);
  const ingressClass = (options.ingressClass ?? {}) as Readonly<Record<string, unknown>>;
  const cluster = text('cluster');
  const certIssuer = text('certIssuer');
  return {
    ...(cluster ? { cluster } : {}),
    namespace: text('namespace') ?? system,
    ingressClass: { public: text('public', ingressClass) ?? 'nginx', internal: text('internal', ingressClass) ?? 'nginx-internal' },
    ...(certIssuer ? { certIssuer } : {}),
    secretStore: text('secretStore') ?? 'aws-secrets-manager',
  };
}
