/**
 * An `ApiObject` whose `toJson()` skips cdk8s's per-value resolution when the object holds only
 * plain data, as every object this target builds does.
 *
 * cdk8s's `ApiObject.toJson()` resolves every value of the object through the App's resolvers
 * (a context object and a copied key path per value), sanitizes the result (drops null members,
 * sorts keys; for the metadata also drops empty lists and maps), applies the object's JSON
 * patches and puts `apiVersion`, `kind` and `metadata` first. With cdk8s's three built-in
 * resolvers, resolving a value that is a string, number, boolean, null, a plain list or a plain
 * map is a copy: `LazyResolver` acts on `Lazy` instances, `ImplicitTokenResolver` on values with
 * a `resolve()` method, `NumberStringUnionResolver` on class instances with a `value`. So for
 * plain data the result is one sanitizing copy, which `plainSanitized` makes in a single walk.
 * Anything else (a class instance, a function, a custom resolver, a JSON patch,
 * `CDK8S_DISABLE_SORT`) goes through cdk8s's own `toJson()`.
 */
import { ApiObject, App, Chart, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver, type JsonPatch } from './cdk8s.ts';
import type { Construct } from 'constructs';
import type { KubeObject } from './synth.ts';
import { sortInPlace } from './sort-keys.ts';

const NOT_PLAIN = Symbol('not plain');

const isPlainMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/**
 * What cdk8s's `sanitizeValue(resolve(value))` gives for plain data (`filterEmpty`: its metadata
 * options, which also drop empty lists and maps), or NOT_PLAIN when `value` holds anything else.
 * A list or map that sanitizing leaves as it is (keys in order, no null member, nothing dropped
 * below it) is returned itself rather than copied: the result has the same values in the same
 * order, and neither it nor the object given is changed afterwards (see PlainApiObject).
 */
function plainSanitized(value: unknown, filterEmpty: boolean): unknown {
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

/** The metadata fields cdk8s derives from the object and its chart (see plainMetadata). */
const METADATA_FIELDS: ReadonlySet<string> = new Set(['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences']);

/**
 * Whether the App's objects may take the fast path: it resolves with cdk8s's built-in resolvers
 * only, and `CDK8S_DISABLE_SORT` is unset. cdk8s reads the variable for every object it renders
 * (a call into node's environment each time); this reads it once, when the synthesizer is made.
 */
export function rendersPlainData(app: App): boolean {
  if (process.env.CDK8S_DISABLE_SORT) return false;
  return app.resolvers.every((resolver) => resolver instanceof LazyResolver || resolver instanceof ImplicitTokenResolver || resolver instanceof NumberStringUnionResolver);
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

/**
 * Created and rendered by the ManifestSynthesizer only: nothing changes its metadata after
 * construction, nothing changes the object or its rendering (which may share lists and maps with
 * the object) afterwards, so the metadata cdk8s would render is the one the constructor derives from the
 * object and its chart (name, namespace, labels over the chart's, copied annotations, finalizers
 * and owner references, and the object's other metadata fields).
 */
export class PlainApiObject extends ApiObject {
  private patched = false;

  constructor(
    scope: Construct,
    id: string,
    private readonly object: KubeObject,
    /** rendersPlainData of its App. */
    private readonly plainData: boolean,
    /** toJson() gives an UnsanitizedJson instead of the sanitized copy, when the fast path applies. */
    private readonly deferSanitizing = false,
  ) {
    super(scope, id, object);
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  override toJson(): unknown {
    if (this.patched || !this.plainData) return super.toJson();
    if (this.deferSanitizing) {
      const fields = this.unsanitizedFields();
      if (fields !== NOT_PLAIN) return new UnsanitizedJson(fields, () => this.sanitizedJson());
    }
    return this.sanitizedJson();
  }

  private sanitizedJson(): unknown {
    const json = this.plainJson();
    return json === NOT_PLAIN ? super.toJson() : json;
  }

  /** The object's fields with the metadata cdk8s renders: a plain rendering once sanitized (key order aside). */
  private unsanitizedFields(): Record<string, unknown> | typeof NOT_PLAIN {
    const object: Record<string, unknown> = this.object;
    if (Object.hasOwn(object, 'constructor') || Object.hasOwn(object, '__proto__')) return NOT_PLAIN;
    const metadata = this.plainMetadata();
    return metadata === NOT_PLAIN ? NOT_PLAIN : { ...object, metadata };
  }

  private plainJson(): unknown {
    const object: Record<string, unknown> = this.object;
    // cdk8s refuses such an object, or gives it another prototype: leave both to cdk8s
    if (Object.hasOwn(object, 'constructor') || Object.hasOwn(object, '__proto__')) return NOT_PLAIN;
    const metadata = this.plainMetadata();
    if (metadata === NOT_PLAIN) return NOT_PLAIN;
    // apiVersion, kind and metadata first, as cdk8s orders them, then the other fields sorted
    const json: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind']) {
      const value = plainSanitized(object[key], false);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      if (value !== undefined) json[key] = value;
    }
    if (metadata !== undefined) json.metadata = metadata;
    const rest = Object.keys(object).filter((key) => key !== 'apiVersion' && key !== 'kind' && key !== 'metadata');
    sortInPlace(rest);
    for (const key of rest) {
      const value = plainSanitized(object[key], false);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      if (value !== undefined) json[key] = value;
    }
    return json;
  }

  /**
   * The metadata cdk8s renders: the object's own fields with the name, the namespace (the
   * chart's when it has none), the chart's labels under its own, copies of its annotations,
   * finalizers and owner references; sanitized with empty lists and maps dropped. Built in key
   * order with only the fields that are set, so that sanitizing keeps it as it is; metadata with
   * other fields goes through a copy.
   */
  private plainMetadata(): unknown {
    const chart = Chart.of(this);
    const given: Record<string, unknown> = this.object.metadata;
    const chartLabels = chart.labels;
    const own = given.labels;
    // without chart labels, labels that are a plain map hold what cdk8s's copy of them holds
    const labels = Object.keys(chartLabels).length === 0 && (own === undefined || isPlainMap(own)) ? own : { ...chartLabels, ...(own as object | null | undefined) };
    const annotations = given.annotations === undefined ? undefined : { ...(given.annotations as object | null) };
    const finalizers = given.finalizers ? [...(given.finalizers as unknown[])] : undefined;
    const namespace = given.namespace ?? chart.namespace;
    const ownerReferences = given.ownerReferences ? [...(given.ownerReferences as unknown[])] : undefined;
    for (const key in given) {
      if (!METADATA_FIELDS.has(key)) return plainSanitized({ ...given, annotations, finalizers, labels, name: this.name, namespace, ownerReferences }, true);
    }
    // an unset field would be dropped by sanitizing, which then copies the rest
    const fields: Record<string, unknown> = {};
    if (annotations !== undefined) fields.annotations = annotations;
    if (finalizers !== undefined) fields.finalizers = finalizers;
    if (labels !== undefined) fields.labels = labels;
    fields.name = this.name;
    if (namespace !== undefined) fields.namespace = namespace;
    if (ownerReferences !== undefined) fields.ownerReferences = ownerReferences;
    return plainSanitized(fields, true);
  }
}
