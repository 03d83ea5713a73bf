/**
 * How `infragen diff` reads Kubernetes manifests: every document (and every item of a `kind: List`)
 * is an object with the id `Kind/namespace/name` (`Kind/name` when cluster-scoped). All manifests
 * of one environment and region (`<env>/<region>/…`) form one scope, so moving an object between
 * files is no change.
 */
import type { DiffFormat, DiffObject } from '../../compiler/plugin-api.ts';
import { asList, isPlainObject, parseYamlDocuments, pick } from '../../compiler/plugin-api.ts';
import { KUBERNETES_RISKS, containers } from './diff-risks.ts';

/** The id of one manifest object. */
export function kubernetesObjectId(value: Record<string, unknown>): string {
  const kind = String(value.kind ?? '?');
  // read directly (pick splits its path every call): every emitted object's id is taken here
  const metadata = isPlainObject(value.metadata) ? value.metadata : undefined;
  const name = String(metadata?.name ?? '?');
  const namespace = metadata?.namespace;
  return typeof namespace === 'string' ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** The objects of one file of manifests. */
function kubernetesObjects(file: string, documents: readonly unknown[]): DiffObject[] {
  const objects: DiffObject[] = [];
  const add = (value: unknown) => {
    if (!isPlainObject(value)) throw new Error('a document is not a Kubernetes object');
    if (value.kind === 'List' && Array.isArray(value.items)) return value.items.forEach(add);
    objects.push({ id: kubernetesObjectId(value), type: String(value.kind ?? '?'), value, file });
  };
  documents.forEach(add);
  return objects;
}

/** Variable names the scope reads from secrets: ExternalSecret and Secret keys, `secretKeyRef`s. */
function secretNames(_object: DiffObject, scope: readonly DiffObject[]): Set<string> {
  const names = new Set<string>();
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

export const KUBERNETES_DIFF: DiffFormat = {
  matches: (relative) => /\.ya?ml$/.test(relative),
  // <env>/<region>/<namespace>/…: the namespace is part of the id, so one scope per environment and region.
  group: (relative) => relative.split('/').slice(0, -1).slice(0, 2).join('/'),
  parse: (file, contents) => kubernetesObjects(file, parseYamlDocuments(contents)),
  secretNames,
  risks: KUBERNETES_RISKS,
};
