/**
 * Plain data as cdk8s renders it, without cdk8s: its sanitizing of plain lists and maps, the
 * metadata it derives for an object in a chart, and an object's fields as the synthesizer writes
 * them. cdk8s itself is loaded only for what these do not cover (plain-api-object.ts), so that a
 * build whose files are all plain data never loads it.
 */
import type { KubeObject } from './synth.ts';
import { sortInPlace } from './sort-keys.ts';

export const NOT_PLAIN = Symbol('not plain');

const isPlainMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/**
 * What cdk8s's `sanitizeValue(resolve(value))` gives for plain data (`filterEmpty`: its metadata
 * options, which also drop empty lists and maps), or NOT_PLAIN when `value` holds anything else.
 * A list or map that sanitizing leaves as it is (keys in order, no null member, nothing dropped
 * below it) is returned itself rather than copied: the result has the same values in the same
 * order, and neither it nor the object given is changed afterwards (see PlainApiObject).
 */
export function plainSanitized(value: unknown, filterEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (type !== 'object') return NOT_PLAIN;
  return Array.isArray(value) ? sanitizedList(value, filterEmpty) : sanitizedMap(value as Record<string, unknown>, filterEmpty);
}

function sanitizedList(list: unknown[] & { resolve?: unknown; value?: unknown }, filterEmpty: boolean): unknown {
  if (Object.getPrototypeOf(list) !== Array.prototype || list.resolve !== undefined || list.value !== undefined) return NOT_PLAIN;
  if (filterEmpty && list.length === 0) return undefined;
  let copy: unknown[] | undefined;
  for (let index = 0; index < list.length; index++) {
    // cdk8s maps the list: a hole stays a hole
    if (!(index in list)) continue;
    const item = list[index];
    const sanitized = typeof item === 'string' ? item : plainSanitized(item, filterEmpty);
    if (sanitized === NOT_PLAIN) return NOT_PLAIN;
    if (sanitized !== item && !copy) copy = list.slice(0, index);
    if (copy) copy[index] = sanitized;
  }
  if (!copy) return list;
  copy.length = list.length;
  return copy;
}

function sanitizedMap(map: Record<string, unknown>, filterEmpty: boolean): unknown {
  // `__proto__` would become the copy's prototype: left to cdk8s. An own `constructor` key (a label,
  // tag or variable named so) is plain data, kept as written, where cdk8s refuses the whole object.
  if (Object.getPrototypeOf(map) !== Object.prototype || Object.hasOwn(map, '__proto__')) return NOT_PLAIN;
  const keys = Object.keys(map);
  let inOrder = true;
  for (let index = 1; index < keys.length && inOrder; index++) inOrder = keys[index - 1]! < keys[index]!;
  // sanitizing sorts the keys; a map whose keys are out of order is copied in order
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  if (!inOrder) sortInPlace(keys);
  let members = 0;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const member = map[key];
    // strings, the most common members, without a call
    const sanitized = typeof member === 'string' ? member : plainSanitized(member, filterEmpty);
    if (sanitized === NOT_PLAIN) return NOT_PLAIN;
    const kept = sanitized !== null && sanitized !== undefined;
    if (!copy && (sanitized !== member || !kept)) {
      // every member before this one was kept as it is
      copy = {};
      for (const earlier of keys.slice(0, index)) copy[earlier] = map[earlier];
    }
    if (kept) {
      if (copy) copy[key] = sanitized;
      members++;
    }
  }
  if (filterEmpty && members === 0) return undefined;
  return copy ?? map;
}

/** The metadata fields cdk8s derives from the object and its chart (see renderedMetadata). */
const METADATA_FIELDS: ReadonlySet<string> = new Set(['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences']);

/**
 * The metadata cdk8s renders for an object named `name` in a chart with `chartLabels` and
 * `chartNamespace`: the object's own fields with the name, the namespace (the chart's when it has
 * none), the chart's labels under its own, copies of its annotations, finalizers and owner
 * references; sanitized with empty lists and maps dropped. Built in key order with only the fields
 * that are set, so that sanitizing keeps it as it is; metadata with other fields goes through a copy.
 */
export function renderedMetadata(given: Record<string, unknown>, name: unknown, chartLabels: Record<string, string>, chartNamespace: string | undefined): unknown {
  const own = given.labels;
  // without chart labels, labels that are a plain map hold what cdk8s's copy of them holds
  const labels = Object.keys(chartLabels).length === 0 && (own === undefined || isPlainMap(own)) ? own : { ...chartLabels, ...(own as object | null | undefined) };
  const annotations = given.annotations === undefined ? undefined : { ...(given.annotations as object | null) };
  const finalizers = given.finalizers ? [...(given.finalizers as unknown[])] : undefined;
  const namespace = given.namespace ?? chartNamespace;
  const ownerReferences = given.ownerReferences ? [...(given.ownerReferences as unknown[])] : undefined;
  for (const key in given) {
    if (!METADATA_FIELDS.has(key)) return plainSanitized({ ...given, annotations, finalizers, labels, name, namespace, ownerReferences }, true);
  }
  // an unset field would be dropped by sanitizing, which then copies the rest
  const fields: Record<string, unknown> = {};
  if (annotations !== undefined) fields.annotations = annotations;
  if (finalizers !== undefined) fields.finalizers = finalizers;
  if (labels !== undefined) fields.labels = labels;
  fields.name = name;
  if (namespace !== undefined) fields.namespace = namespace;
  if (ownerReferences !== undefined) fields.ownerReferences = ownerReferences;
  return plainSanitized(fields, true);
}

/** The object's fields with the rendered metadata, or NOT_PLAIN (cdk8s refuses such an object, or gives it another prototype). */
export function withMetadata(object: Record<string, unknown>, metadataOf: () => unknown): Record<string, unknown> | typeof NOT_PLAIN {
  if (Object.hasOwn(object, 'constructor') || Object.hasOwn(object, '__proto__')) return NOT_PLAIN;
  const metadata = metadataOf();
  return metadata === NOT_PLAIN ? NOT_PLAIN : { ...object, metadata };
}

/**
 * What a PlainApiObject that defers sanitizing gives as its fields in a chart without labels or
 * namespace (the synthesizer's), without constructing it; undefined when cdk8s would render the
 * object otherwise or refuse it: metadata that is not a plain map, no name (cdk8s makes one up),
 * an apiVersion cdk8s refuses, data that is not plain, or anything that throws here.
 */
export function unconstructedFields(object: KubeObject): Record<string, unknown> | undefined {
  const { apiVersion, metadata } = object;
  if (typeof apiVersion !== 'string' || apiVersion.indexOf('/') !== apiVersion.lastIndexOf('/')) return undefined;
  if (!isPlainMap(metadata) || metadata.name === undefined || metadata.name === null) return undefined;
  try {
    const fields = withMetadata(object, () => renderedMetadata(metadata, metadata.name, {}, undefined));
    return fields === NOT_PLAIN ? undefined : fields;
  } catch {
    return undefined;
  }
}

/**
 * What a PlainApiObject that defers sanitizing renders: the object's fields as given, with the
 * metadata cdk8s renders (sanitized). Sanitizing the rest (dropping null members, sorting keys) is
 * left to the writer (`toStableYamlOfPlainData`), which gives the bytes of the sanitized copy
 * without making it; `sanitized()` is cdk8s's rendering, for data the writer does not take.
 */
export class UnsanitizedJson {
  constructor(
    readonly fields: Record<string, unknown>,
    readonly sanitized: () => unknown,
  ) {}
}
