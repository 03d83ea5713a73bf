/**
 * Kubernetes manifests: every document (and every item of a `kind: List`) is an object with the id
 * `Kind/namespace/name` (`Kind/name` when cluster-scoped). All manifests of one environment and
 * region form one scope, so moving an object between files is no change.
 */
import { parseAllDocuments } from 'yaml';
import { isPlainObject } from '../../data.ts';
import type { EntityKind } from '../../model/types.ts';
import { pick } from '../fields.ts';
import { KUBERNETES_RULES } from '../rules/kubernetes.ts';
import { REGION, type FormatHandler, type OutputObject } from './format.ts';

const KIND_HINTS: Record<string, EntityKind> = {
  Job: 'job',
  CronJob: 'job',
  PrometheusRule: 'alarm',
};

export function parseYamlDocuments(contents: string): unknown[] {
  const documents = parseAllDocuments(contents, { logLevel: 'error' });
  if (!Array.isArray(documents)) throw new Error('not YAML documents');
  const values: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length) throw new Error(document.errors[0]!.message);
    const value = document.toJS({ maxAliasCount: 100 }) as unknown;
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

export const kubernetesFormat: FormatHandler = {
  id: 'kubernetes',
  matches: (relative, target, contents) => /\.ya?ml$/.test(relative) && (target === 'kubernetes' || /^(apiVersion|kind):/m.test(contents)),
  // <env>/<region>/…: the namespace is part of the id, so one scope per environment and region.
  group: (relative) => {
    const parts = relative.split('/').slice(0, -1);
    return parts.slice(0, parts[1] && REGION.test(parts[1]) ? 2 : Math.min(parts.length, 1)).join('/');
  },
  entityKind: (type) => KIND_HINTS[type] ?? (type === 'ExternalSecret' ? undefined : 'service'),
  parse(file, contents) {
    const objects: OutputObject[] = [];
    const add = (value: unknown) => {
      if (!isPlainObject(value)) throw new Error('a document is not a Kubernetes object');
      if (value.kind === 'List' && Array.isArray(value.items)) return value.items.forEach(add);
      const kind = String(value.kind ?? '?');
      const name = String(pick(value, 'metadata.name') ?? '?');
      const namespace = pick(value, 'metadata.namespace');
      const labels = pick(value, 'metadata.labels');
      const names = [
        ...(isPlainObject(labels) ? ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app'].map((key) => labels[key]) : []),
        name,
      ].filter((item): item is string => typeof item === 'string');
      objects.push({ id: typeof namespace === 'string' ? `${kind}/${namespace}/${name}` : `${kind}/${name}`, type: kind, names, value, file });
    };
    parseYamlDocuments(contents).forEach(add);
    return objects;
  },
  rules: KUBERNETES_RULES,
};
