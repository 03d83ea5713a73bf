/**
 * An element's Terraform JSON, as its `toTerraform()` builds it, minus cdktf's `//` metadata and
 * the work only that metadata and features these stacks never use need. cdktf's `toTerraform()`
 * snake-cases the six meta-argument names with three regular expressions each, formats the
 * element's construct path into an assertion message (whether the assertion fails or not) and
 * computes the construct path again for the metadata, for every resource: about a third of its
 * time at 1,000 services. Here the meta-arguments are written under their snake-case names
 * directly and merged with cdktf's own `deepMerge`, in the same order. Anything else — a class
 * that overrides `toTerraform` or the meta-arguments, `count`, `for_each`, provisioners, a
 * connection, a moved or imported resource — goes through cdktf's `toTerraform()` unchanged.
 */
import { deepMerge, keysToSnakeCase, lifecycleToTerraform, processDynamicAttributes, TerraformDataSource, TerraformDynamicBlock, TerraformResource, type TerraformElement } from './cdktf.ts';

/** What the meta-argument getters and `toTerraform()` read, public or not. */
type MetaArguments = {
  dependsOn?: string[];
  count?: unknown;
  provider?: { fqn: string };
  lifecycle?: Parameters<typeof lifecycleToTerraform>[0];
  forEach?: unknown;
  connection?: unknown;
  provisioners?: unknown[];
  rawOverrides: object;
  friendlyUniqueId: string;
  terraformResourceType: string;
  synthesizeAttributes(): Record<string, unknown>;
  _hasMoved?: boolean;
  _movedByTarget?: unknown;
  _movedById?: unknown;
  _imported?: unknown;
};

const RESOURCE = TerraformResource.prototype as unknown as object;
const DATA_SOURCE = TerraformDataSource.prototype as unknown as object;

/** Per class: does it build its JSON with the base class's `toTerraform()` and meta-arguments? */
const baseBuilt = new Map<object, boolean>();

function usesBase(element: object, base: object): boolean {
  const prototype = Object.getPrototypeOf(element) as object;
  let known = baseBuilt.get(prototype);
  if (known === undefined) {
    known = true;
    for (let level = prototype; level !== base; level = Object.getPrototypeOf(level) as object) {
      if (level === null || Object.hasOwn(level, 'toTerraform') || Object.hasOwn(level, 'terraformMetaArguments')) {
        known = false;
        break;
      }
    }
    baseBuilt.set(prototype, known);
  }
  return known;
}

/** The meta-arguments `keysToSnakeCase(terraformMetaArguments)` gives when count and for_each are not set. */
function metaArguments(element: MetaArguments, withConnection: boolean): Record<string, unknown> {
  const lifecycle = lifecycleToTerraform(element.lifecycle);
  return {
    depends_on: element.dependsOn && [...element.dependsOn],
    count: undefined,
    provider: element.provider?.fqn,
    lifecycle: lifecycle === undefined ? undefined : keysToSnakeCase(lifecycle),
    for_each: undefined,
    ...(withConnection ? { connection: undefined } : {}),
  };
}

/**
 * The element's attributes, ready for the meta-arguments to be merged in. `processDynamicAttributes`
 * copies every plain object to move dynamic blocks under `dynamic`; without one, the copy equals
 * the object `synthesizeAttributes()` has just built, which nothing else holds. The merge then
 * writes only its top level (the meta-arguments' names), unless the element has overrides, which
 * may reach into nested objects: those get the copy.
 */
function attributesOf(element: MetaArguments): Record<string, unknown> {
  const attributes = element.synthesizeAttributes();
  return Object.keys(element.rawOverrides).length === 0 && !holdsDynamicBlock(attributes) ? attributes : processDynamicAttributes(attributes);
}

/** Whether `processDynamicAttributes` would find a dynamic block: a member of the object or of a plain object within it. */
function holdsDynamicBlock(attributes: Record<string, unknown>): boolean {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (TerraformDynamicBlock.isTerraformDynamicBlock(value)) return true;
    if (value !== null && typeof value === 'object' && value.constructor === Object && holdsDynamicBlock(value as Record<string, unknown>)) return true;
  }
  return false;
}

/**
 * The block (`resource` or `data`) of an element whose JSON `plainAttributes` builds; undefined
 * for anything else, whose JSON is its own `toTerraform()`.
 */
export function plainBlock(element: TerraformElement): 'resource' | 'data' | undefined {
  const meta = element as unknown as MetaArguments;
  if (meta.count !== undefined || meta.forEach !== undefined) return undefined;
  if (element instanceof TerraformResource && usesBase(element, RESOURCE)) {
    const moved = meta.connection !== undefined || meta.provisioners !== undefined || meta._hasMoved || meta._movedByTarget || meta._movedById || meta._imported;
    return moved ? undefined : 'resource';
  }
  if (element instanceof TerraformDataSource && usesBase(element, DATA_SOURCE)) return 'data';
  return undefined;
}

/** The meta-argument members `toTerraform()` merges over a resource's or a data source's attributes, each undefined here. */
const UNSET_META_ARGUMENTS = {
  resource: ['depends_on', 'count', 'provider', 'lifecycle', 'for_each', 'connection', 'provisioner'],
  data: ['depends_on', 'count', 'provider', 'lifecycle', 'for_each'],
} as const;

/**
 * What `toTerraform()` puts under `<block>.<type>.<id>` for an element `plainBlock` accepted: its
 * attributes with the meta-arguments and overrides merged in. Most elements set no meta-argument
 * but `provider` and have no overrides: for those, what `deepMerge` would do (delete what is
 * undefined, set the provider's name) is done directly.
 */
export function plainAttributes(element: TerraformElement, block: 'resource' | 'data'): Record<string, unknown> {
  const meta = element as unknown as MetaArguments;
  const attributes = attributesOf(meta);
  if (meta.dependsOn === undefined && meta.lifecycle === undefined && Object.keys(meta.rawOverrides).length === 0) {
    for (const key of UNSET_META_ARGUMENTS[block]) if (Object.hasOwn(attributes, key)) delete attributes[key];
    const provider = meta.provider?.fqn;
    if (provider !== undefined) attributes.provider = provider;
    return attributes;
  }
  return block === 'resource'
    ? deepMerge(attributes, metaArguments(meta, true), { provisioner: undefined }, meta.rawOverrides)
    : deepMerge(attributes, metaArguments(meta, false), meta.rawOverrides);
}
