/**
 * The objects that configure a container workload: its ServiceAccount (with the IRSA role the
 * Terraform target creates), a ConfigMap of plain env vars and an ExternalSecret that
 * materialises a Secret from SSM parameters and Secrets Manager secrets.
 */
import type { Container } from '../../compiler/plugin-api.ts';
import { needsWorkloadRole, workloadRoleName } from '../../compiler/plugin-api.ts';
import type { WorkloadEnv } from './env-wiring.ts';
import type { Labels } from './labels.ts';
import { ExternalSecretStores, type EnvironmentScope } from './scope.ts';
import type { VolumeMount } from './pods.ts';
import type { KubeObject, Manifest } from './synth.ts';

export interface ObjectPlace {
  name: string;
  namespace: string;
  labels: Labels;
}

const metadata = (place: ObjectPlace, annotations?: Record<string, string>) => ({
  name: place.name,
  namespace: place.namespace,
  labels: place.labels,
  ...(annotations ? { annotations } : {}),
});

/** Whether the Terraform target creates an IRSA role for this workload (only when the environment names its cluster). */
const hasIamRole = (scope: EnvironmentScope, workload: Container): boolean =>
  scope.settings.cluster !== undefined && needsWorkloadRole(workload);

/**
 * The workload's ServiceAccount. When Terraform gives it a role, it carries
 * `eks.amazonaws.com/role-arn: arn:aws:iam::<account>:role/<system>-<env>-<role name>`; the token is
 * never mounted for the Kubernetes API (pods have no API access).
 */
export function serviceAccount(scope: EnvironmentScope, place: ObjectPlace, workload: Container, roleName: string): KubeObject {
  const account = scope.environment.account;
  const annotations =
    account && hasIamRole(scope, workload)
      ? { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${account}:role/${workloadRoleName(scope.model.name, scope.environment.name, roleName)}` }
      : undefined;
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(place, annotations), automountServiceAccountToken: false };
}

function configMap(place: ObjectPlace, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(place), data: { ...data } };
}

/**
 * An ExternalSecret that materialises (and owns) the Secret `target.name` from `data`, reading
 * Secrets Manager through the environment's `secretStore` unless an entry names another store.
 */
export function externalSecret(
  scope: EnvironmentScope,
  place: ObjectPlace,
  target: { name: string; template?: Record<string, unknown> },
  data: Array<Record<string, unknown>>,
  dataFrom: Array<Record<string, unknown>> = [],
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: metadata(place),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: ExternalSecretStores.secrets(scope.settings) },
      target: { name: target.name, creationPolicy: 'Owner', ...(target.template ? { template: target.template } : {}) },
      ...(data.length ? { data } : {}),
      ...(dataFrom.length ? { dataFrom } : {}),
    },
  };
}

/**
 * One ExternalSecret per workload. Secrets Manager values come from the environment's
 * `secretStore`; SSM parameters from `<secretStore>-parameters` (per-entry `sourceRef`).
 */
function workloadSecret(scope: EnvironmentScope, place: ObjectPlace, secretName: string, env: Pick<WorkloadEnv, 'templated' | 'values'>): KubeObject {
  const parameters = ExternalSecretStores.parameters(scope.settings);
  return externalSecret(
    scope,
    place,
    { name: secretName, template: { engineVersion: 'v2', mergePolicy: 'Replace', metadata: { labels: place.labels }, data: { ...env.templated } } },
    env.values.flatMap((value) =>
      'remoteKey' in value
        ? [{
            // in key order, as written (see labels.ts)
            remoteRef: { key: value.remoteKey },
            secretKey: value.secretKey,
            ...(value.store === 'parameters' ? { sourceRef: { storeRef: { kind: 'ClusterSecretStore', name: parameters } } } : {}),
          }]
        : [],
    ),
    // A secret found by its tags arrives under its generated name: the rewrite gives it `secretKey`.
    env.values.flatMap((value) =>
      'tags' in value ? [{ find: { tags: value.tags }, rewrite: [{ regexp: { source: '.*', target: value.secretKey } }] }] : [],
    ),
  );
}

/** Where a workload finds its secret variables as files: `<VAR>_FILE` names `<dir>/<VAR>` (docs/deploy.md). */
export const SECRET_FILES_DIR = '/run/secrets/infragen';

/**
 * A workload's configuration objects and what its container reads them through: a ConfigMap for
 * plain values, an ExternalSecret for wiring and secrets (each only when it has something to hold),
 * both as `envFrom`; and each secret variable `X` also as the file `X_FILE` names (the same
 * variable compose offers), from the Secret mounted read-only.
 */
export function environmentSources(
  scope: EnvironmentScope,
  place: ObjectPlace,
  name: string,
  env: Pick<WorkloadEnv, 'plain' | 'templated' | 'values' | 'secretVariables'>,
): { manifests: Manifest[]; envFrom: Array<Record<string, unknown>>; volumes: Array<Record<string, unknown>>; volumeMounts: VolumeMount[] } {
  const manifests: Manifest[] = [];
  const envFrom: Array<Record<string, unknown>> = [];
  const plain = { ...env.plain };
  for (const variable of env.secretVariables) plain[`${variable}_FILE`] = `${SECRET_FILES_DIR}/${variable}`;
  if (Object.keys(plain).length) {
    manifests.push({ object: configMap(place, plain) });
    envFrom.push({ configMapRef: { name } });
  }
  if (Object.keys(env.templated).length) {
    manifests.push({ object: workloadSecret(scope, place, name, env) });
    envFrom.push({ secretRef: { name } });
  }
  if (env.secretVariables.length === 0) return { manifests, envFrom, volumes: [], volumeMounts: [] };
  return {
    manifests,
    envFrom,
    // 0440 with the pod's fsGroup: the (non-root) container user can read the files, nobody can write them.
    volumes: [{ name: 'secret-files', secret: { secretName: name, defaultMode: 0o440, items: env.secretVariables.map((variable) => ({ key: variable, path: variable })) } }],
    volumeMounts: [{ mountPath: SECRET_FILES_DIR, name: 'secret-files', readOnly: true }],
  };
}
