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
 * plain data the result is one sanitizing copy, which `plainSanitized` (plain-fields.ts) makes in a single walk.
 * Anything else (a class instance, a function, a custom resolver, a JSON patch,
 * `CDK8S_DISABLE_SORT`) goes through cdk8s's own `toJson()`.
 */
import { cdk8s, type App, type JsonPatch } from './cdk8s.ts';
import type { Construct } from 'constructs';
import type { KubeObject } from './synth.ts';
import { sortInPlace } from './sort-keys.ts';
import { NOT_PLAIN, plainSanitized, renderedMetadata, UnsanitizedJson, withMetadata } from './plain-fields.ts';

/**
 * Whether the App's objects may take the fast path: it resolves with cdk8s's built-in resolvers
 * only, and `CDK8S_DISABLE_SORT` is unset. cdk8s reads the variable for every object it renders
 * (a call into node's environment each time); this reads it once per App.
 */
export function rendersPlainData(app: App): boolean {
  if (process.env.CDK8S_DISABLE_SORT) return false;
  const { ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } = cdk8s();
  return app.resolvers.every((resolver) => resolver instanceof LazyResolver || resolver instanceof ImplicitTokenResolver || resolver instanceof NumberStringUnionResolver);
}

/**
 * Created and rendered by the ManifestSynthesizer only: nothing changes its metadata after
 * construction, nothing changes the object or its rendering (which may share lists and maps with
 * the object) afterwards, so the metadata cdk8s would render is the one the constructor derives from the
 * object and its chart (name, namespace, labels over the chart's, copied annotations, finalizers
 * and owner references, and the object's other metadata fields).
 *
 * The class is made when first asked for, since it extends cdk8s's `ApiObject`: cdk8s is loaded
 * only when a file goes through it.
 */
export const plainApiObjectClass = once(() => {
  const { ApiObject, Chart } = cdk8s();
  return class PlainApiObject extends ApiObject {
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
      return withMetadata(this.object, () => this.plainMetadata());
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

    /** The metadata cdk8s renders for this object (see renderedMetadata). */
    private plainMetadata(): unknown {
      const chart = Chart.of(this);
      return renderedMetadata(this.object.metadata, this.name, chart.labels, chart.namespace);
    }
  };
});

export type PlainApiObject = InstanceType<ReturnType<typeof plainApiObjectClass>>;

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
