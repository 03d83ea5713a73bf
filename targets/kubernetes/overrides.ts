/**
 * `overrides.kubernetes`: JSON merge patches on the objects of a workload's file, each named
 * `Kind/name` as emitted (`Deployment/web`, `Service/web-public`, `Ingress/web`, `CronJob/backup`).
 * The deprecated unnamed form patches the workload object (Deployment, StatefulSet, Job, CronJob).
 * `check` lists the objects by planning the file (no cdk8s), and checks each patch against the
 * object's schema: the strict Kubernetes v1.31 schemas and the CRDs the output is validated with.
 */
import type { PatchSchema, TargetContext, TargetOverrides } from '../../compiler/plugin-api.ts';
import { checkMergePatch, isPlainObject, overrideSpan, reportPatchFindings, targetOverrides, unknownAddressHint } from '../../compiler/plugin-api.ts';
import schemas from './override-schema.json' with { type: 'json' };
import type { WorkloadFile } from './services.ts';
import type { KubeObject, Manifest } from './synth.ts';
import type { Workload } from './workload-files.ts';

const TARGET = 'kubernetes';
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Job', 'CronJob']);
/** What makes an object the one it is: a patch may not change it (it would be another object). */
const IDENTITY_FIELDS = [['apiVersion'], ['kind'], ['metadata', 'name'], ['metadata', 'namespace']] as const;

const isObjectAddress = (key: string) => /^[A-Z][A-Za-z0-9]*\/[^/]+$/.test(key);
const objectAddress = (object: Pick<KubeObject, 'kind' | 'metadata'>) => `${object.kind}/${object.metadata.name}`;

const kubernetesOverrides = (workload: Workload): TargetOverrides => targetOverrides(workload, TARGET, isObjectAddress);

/** The workload object a deprecated unnamed patch applies to. */
const workloadObject = (manifests: readonly Manifest[], workload: Workload) =>
  manifests.find(({ object }) => WORKLOAD_KINDS.has(object.kind) && object.metadata.name === workload.name);

/** The file with each patch attached to the object it names (check made sure each exists). */
export function withOverrides(file: WorkloadFile, workload: Workload): WorkloadFile {
  const { named, unnamed } = kubernetesOverrides(workload);
  if (!named.length && !unnamed) return file;
  const patches = new Map(named.map((entry) => [entry.address, entry.patch]));
  const main = unnamed ? workloadObject(file.manifests, workload) : undefined;
  return {
    ...file,
    manifests: file.manifests.map((manifest) => {
      const patch = manifest === main ? unnamed!.patch : patches.get(objectAddress(manifest.object));
      return patch === undefined ? manifest : { ...manifest, mergePatch: patch };
    }),
  };
}

const schemaOf = (object: KubeObject): PatchSchema | undefined => (schemas.kinds as Record<string, PatchSchema>)[`${object.apiVersion}/${object.kind}`];

/** A workload's patches against the objects of its (unpatched) file. */
export function checkWorkloadOverrides(workload: Workload, file: WorkloadFile, context: TargetContext, label: string): void {
  const { named, unnamed } = kubernetesOverrides(workload);
  const objects = new Map(file.manifests.map(({ object }) => [objectAddress(object), object]));
  if (unnamed) {
    const main = workloadObject(file.manifests, workload)!.object;
    context.report({
      code: 'K8S_OVERRIDE_UNNAMED',
      severity: 'warning',
      message: `overrides.kubernetes of ${label} names no object: it patches ${objectAddress(main)}, the form is deprecated`,
      span: overrideSpan(workload, unnamed.path),
      hint: `put the patch under the object it changes: overrides: { kubernetes: { "${objectAddress(main)}": { … } } }`,
    });
    checkPatch(workload, main, unnamed.patch, unnamed.path, context);
  }
  for (const entry of named) {
    const object = objects.get(entry.address);
    if (!object) {
      context.error('K8S_OVERRIDE_UNKNOWN_OBJECT', `overrides.kubernetes of ${label} names "${entry.address}", which is not an object of its file`, {
        span: overrideSpan(workload, entry.path),
        hint: unknownAddressHint(entry.address, [...objects.keys()].sort(), `its objects are`),
      });
      continue;
    }
    checkPatch(workload, object, entry.value, entry.path, context);
  }
}

function checkPatch(workload: Workload, object: KubeObject, patch: unknown, path: Array<string | number>, context: TargetContext): void {
  const address = objectAddress(object);
  for (const field of IDENTITY_FIELDS) {
    const value = field.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), patch);
    if (value === undefined) continue;
    context.error('K8S_OVERRIDE_IDENTITY', `the patch of ${address} sets ${field.join('.')}: that would make it another object`, {
      span: overrideSpan(workload, [...path, ...field]),
      hint: `${field.join('.')} of ${address} is ${JSON.stringify(field.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], object))}; to change it, change system.yaml (a kind follows from the workload's settings, e.g. \`volumes\` make a StatefulSet)`,
    });
  }
  const schema = schemaOf(object);
  if (!schema) return;
  const findings = checkMergePatch(withoutIdentity(patch), schema, { definitions: schemas.definitions as Record<string, PatchSchema> });
  reportPatchFindings(context, workload, { address, path, what: `${object.kind} ${object.apiVersion}` }, findings, {
    unknownFieldCode: 'K8S_OVERRIDE_UNKNOWN_FIELD',
    wrongTypeCode: 'K8S_OVERRIDE_WRONG_TYPE',
  });
}

/** The patch without identity fields (reported on their own). */
function withoutIdentity(patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = patch;
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const { name: _name, namespace: _namespace, ...meta } = metadata as Record<string, unknown>;
    return { ...rest, metadata: meta };
  }
  return metadata === undefined ? rest : { ...rest, metadata };
}
