/**
 * Labels: the standard `app.kubernetes.io/*` set plus the system's tags on every object, a
 * two-label selector that never changes with tags, and the access labels network policies use.
 */
import { cloudName } from '../../compiler/plugin-api.ts';
import { sortInPlace } from './sort-keys.ts';

const MANAGED_BY = 'infragen';
/** Namespace label naming the environment, so policies can admit peers of one environment only. */
export const ENVIRONMENT_LABEL = 'infragen.io/environment';
export const TESTNET_LABEL = 'infragen.io/testnet';
export const ROLE_LABEL = 'infragen.io/role';

export type Labels = Record<string, string>;

/** A valid label value: at most 63 of `[A-Za-z0-9._-]`, starting and ending alphanumeric. */
function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** A valid unprefixed label key from a tag key (tags allow `:/=+@`, label names do not). */
function labelKey(text: string): string {
  return labelValue(text) || 'tag';
}

/** Tags as labels; the standard labels are applied over them and win on a clash. */
function tagLabels(tags: Record<string, string>): Labels {
  const labels: Labels = {};
  for (const [key, value] of Object.entries(tags)) labels[labelKey(key)] = labelValue(value);
  return labels;
}

export interface WorkloadIdentity {
  system: string;
  environment: string;
  /** The object name (entity name, or node name for testnets). */
  name: string;
  /** Unique within the environment: the name, or `<testnet>-<node>` for testnet workloads. */
  qualifiedName: string;
}

/**
 * The labels with their keys in sorted order. Rendering writes every map sorted; a map that is
 * sorted already is written as it is (plain-api-object.ts), where an unsorted one is copied in
 * order for every object that carries it.
 */
function sorted(labels: Labels): Labels {
  const keys = Object.keys(labels);
  sortInPlace(keys);
  const result: Labels = {};
  for (const key of keys) result[key] = labels[key]!;
  return result;
}

/** The pod selector of a workload: name and instance only, so tag edits never touch selectors. */
export function selectorLabels(identity: WorkloadIdentity): Labels {
  // in key order (see sorted)
  return {
    'app.kubernetes.io/instance': cloudName(identity.system, identity.environment, identity.qualifiedName, 63),
    'app.kubernetes.io/name': identity.name,
  };
}

/** The system labels of each tags object (the model's, frozen) and system name. */
const systemLabelsByTags = new WeakMap<Record<string, string>, Map<string, Labels>>();

/** Labels every object of a system carries: made once per model and shared, read-only. */
export function systemLabels(system: string, tags: Record<string, string>): Labels {
  let bySystem = systemLabelsByTags.get(tags);
  if (!bySystem) systemLabelsByTags.set(tags, (bySystem = new Map()));
  let labels = bySystem.get(system);
  if (!labels) bySystem.set(system, (labels = sorted({ ...tagLabels(tags), 'app.kubernetes.io/part-of': system, 'app.kubernetes.io/managed-by': MANAGED_BY })));
  return labels;
}

/**
 * `{ ...base, ...over }` made in one pass: when both come in key order (see sorted), so does the
 * result. Whatever the order, each label has the value the spread gives it.
 */
function overlaid(base: Labels, over: Labels): Labels {
  const result: Labels = {};
  const added = Object.keys(over).filter((key) => !Object.hasOwn(base, key));
  let next = 0;
  for (const key in base) {
    for (; next < added.length && added[next]! < key; next++) result[added[next]!] = over[added[next]!]!;
    result[key] = Object.hasOwn(over, key) ? over[key]! : base[key]!;
  }
  for (; next < added.length; next++) result[added[next]!] = over[added[next]!]!;
  return result;
}

/** Labels of every object of one workload. */
export function workloadLabels(identity: WorkloadIdentity, tags: Record<string, string>): Labels {
  return overlaid(systemLabels(identity.system, tags), selectorLabels(identity));
}

/**
 * The label a pod carries when it may connect to a service or testnet. The target's network
 * policy admits pods with this label, so the target's file never lists its clients: renaming a
 * client changes only the client's files.
 */
export function accessLabel(kind: 'service' | 'testnet', name: string): string {
  return `access.infragen.io/${kind}.${name}`;
}
