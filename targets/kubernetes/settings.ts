/**
 * The Kubernetes target's options: where and how it deploys each environment. Written system-wide
 * as `targets.kubernetes` and per environment as `environments.<env>.targets.kubernetes` (merged
 * over it); the compiler checks them against `K8S_OPTIONS_SCHEMA` before the target runs. The
 * Terraform target reads them too (`context.optionsOf('kubernetes', env)`): the IAM roles of
 * service accounts trust the cluster's OIDC provider and name the namespace.
 */
import { z } from 'zod';
import { kubernetesPlacement, type TargetOptions } from '../../compiler/plugin-api.ts';

const text = z.string().min(1);

/** The options schema (zod: the compiler checks options with it, and the JSON Schema of system.yaml is generated from it; descriptions are schema/descriptions.ts's). */
export const K8S_OPTIONS_SCHEMA = z.strictObject({
  cluster: text.optional(),
  namespace: z.string().regex(/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/, { error: 'must be a DNS label: lower-case letters, digits and "-", starting with a letter, at most 40 characters' }).optional(),
  ingressClass: z.strictObject({ public: text.default('nginx'), internal: text.default('nginx-internal') }).optional(),
  certIssuer: text.optional(),
  secretStore: text.default('aws-secrets-manager'),
});

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
  const certIssuer = text('certIssuer');
  return {
    ...kubernetesPlacement(options, system),
    ingressClass: { public: text('public', ingressClass) ?? 'nginx', internal: text('internal', ingressClass) ?? 'nginx-internal' },
    ...(certIssuer ? { certIssuer } : {}),
    secretStore: text('secretStore') ?? 'aws-secrets-manager',
  };
}
