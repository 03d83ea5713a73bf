/** Resolving `kind.name` references and `${…}` interpolations against the declared names. */
import { COLLECTION_OF_KIND, ENTITY_COLLECTIONS, type EntityKind } from '../model/types.ts';
import { ENTITY_ATTRIBUTES } from '../model/wiring.ts';
import { LOG_SOURCE_KINDS, METRIC_CATALOGUE } from '../../schema/metrics.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { At } from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';

const KINDS = Object.values(ENTITY_COLLECTIONS) as EntityKind[];
const KIND_SET: ReadonlySet<string> = new Set(KINDS);

/** Every declared name per kind (including entities that failed the schema check). */
export type DeclaredNames = Map<EntityKind, Set<string>>;

export function declaredNames(data: Record<string, unknown>): DeclaredNames {
  const names: DeclaredNames = new Map();
  for (const [collection, kind] of Object.entries(ENTITY_COLLECTIONS)) {
    const map = data[collection];
    names.set(kind, new Set(map && typeof map === 'object' && !Array.isArray(map) ? Object.keys(map) : []));
  }
  return names;
}

export type Resolved = { readonly kind: EntityKind; readonly name: string };

interface ReferenceField {
  /** The kinds the field accepts. */
  kinds: readonly EntityKind[];
  /** How messages name the field. */
  label: string;
  /** The kind a bare `name` means, where only one kind fits. */
  implied?: EntityKind;
}

const ACCESS_KINDS: readonly EntityKind[] = ['database', 'cache', 'search', 'table', 'bucket', 'queue', 'topic', 'secret', 'service', 'function'];

/** Every place system.yaml refers to another entity: what it accepts. Checks and the normalizer share it. */
export const REFERENCE_FIELDS = {
  uses: { kinds: ACCESS_KINDS, label: '`uses`' },
  publishes: { kinds: ['topic', 'queue'], label: '`publishes`' },
  consumes: { kinds: ['queue'], label: '`consumes`', implied: 'queue' },
  functionConsumes: { kinds: ['queue', 'bucket'], label: "a function's `consumes`", implied: 'queue' },
  bucketSource: { kinds: ['bucket'], label: '`consumes[].bucket`', implied: 'bucket' },
  notifyFunction: { kinds: ['function'], label: '`notify[].function`', implied: 'function' },
  notifyQueue: { kinds: ['queue'], label: '`notify[].queue`', implied: 'queue' },
  notifyTopic: { kinds: ['topic'], label: '`notify[].topic`', implied: 'topic' },
  secrets: { kinds: ['secret'], label: '`secrets`', implied: 'secret' },
  dependsOn: { kinds: ['service'], label: '`dependsOn`', implied: 'service' },
  before: { kinds: ['service'], label: '`before`', implied: 'service' },
  authorizer: { kinds: ['function'], label: '`authorizer`', implied: 'function' },
  subscribers: { kinds: ['queue'], label: '`subscribers`', implied: 'queue' },
  notify: { kinds: ['notification'], label: '`notify`', implied: 'notification' },
  cdnOrigin: { kinds: ['bucket', 'service'], label: "a CDN's `origin`" },
  autoscaleQueue: { kinds: ['queue'], label: "`autoscale`'s `queue`", implied: 'queue' },
  metricOn: { kinds: Object.keys(METRIC_CATALOGUE) as EntityKind[], label: "a metric alarm's `on`" },
  logOn: { kinds: LOG_SOURCE_KINDS, label: "a log alarm's `on`" },
  interpolation: { kinds: KINDS, label: 'an interpolation' },
} as const satisfies Record<string, ReferenceField>;

export type ReferenceFieldName = keyof typeof REFERENCE_FIELDS;

/**
 * Resolves a reference written as `kind.name` (or a bare `name` where the field implies the kind).
 * Returns the entity, or a diagnostic explaining what is wrong with a suggestion where one fits.
 */
export function resolveReference(text: string, fieldName: ReferenceFieldName, declared: DeclaredNames, at: At): Resolved | Diagnostic {
  const known = resolvedOf(declared, fieldName);
  const found = known.get(text);
  if (found) return found;
  const resolved = resolveUncached(text, fieldName, declared, at);
  if (!isDiagnostic(resolved)) known.set(text, Object.freeze(resolved));
  return resolved;
}

/**
 * References that resolved, per set of declared names, field and text: every view (the base and
 * each environment's) resolves the same references, and the normalizer, given the checks' set of
 * names, once more. The results are frozen, since every caller gets the same object.
 */
const resolvedReferences = new WeakMap<DeclaredNames, Map<ReferenceFieldName, Map<string, Resolved>>>();
function resolvedOf(declared: DeclaredNames, fieldName: ReferenceFieldName): Map<string, Resolved> {
  let byField = resolvedReferences.get(declared);
  if (!byField) resolvedReferences.set(declared, (byField = new Map()));
  let known = byField.get(fieldName);
  if (!known) byField.set(fieldName, (known = new Map()));
  return known;
}

function resolveUncached(text: string, fieldName: ReferenceFieldName, declared: DeclaredNames, at: At): Resolved | Diagnostic {
  const field: ReferenceField = REFERENCE_FIELDS[fieldName];
  const { kinds: allowed, label: where, implied: defaultKind } = field;
  const dot = text.indexOf('.');
  const kindText = dot >= 0 ? text.slice(0, dot) : defaultKind;
  const name = dot >= 0 ? text.slice(dot + 1) : text;
  if (kindText === undefined) {
    const owners = allowed.filter((kind) => declared.get(kind)?.has(name));
    return catalogue.unknownReference(text, at, owners.length ? `${owners[0]}.${name}` : undefined, `write \`kind.name\`; ${where} takes ${allowed.join(', ')}`);
  }
  if (!KIND_SET.has(kindText)) {
    const suggestion = closest(kindText, allowed);
    return catalogue.unknownReference(text, at, suggestion ? `${suggestion}.${name}` : undefined, `"${kindText}" is not a kind; ${where} takes ${allowed.join(', ')}`);
  }
  const kind = kindText as EntityKind;
  if (!allowed.includes(kind)) return catalogue.wrongReferenceKind(text, allowed, where, at);
  if (!declared.get(kind)?.has(name)) {
    const sameName = allowed.find((other) => other !== kind && declared.get(other)?.has(name));
    const close = closest(name, declared.get(kind) ?? []);
    const suggestion = sameName ? `${sameName}.${name}` : close && (dot >= 0 ? `${kind}.${close}` : close);
    return catalogue.unknownReference(text, at, suggestion, `declare it under \`${COLLECTION_OF_KIND[kind]}:\``);
  }
  return { kind, name };
}

export const isDiagnostic = (value: Resolved | Diagnostic): value is Diagnostic => 'code' in value;

export type InterpolationPart =
  | { literal: string }
  | { env: 'name' | 'domain' | 'region' | 'account' }
  | { system: true }
  | { kind: EntityKind; name: string; attribute: string };

export const ENV_ATTRIBUTES = ['name', 'domain', 'region', 'account'] as const;

/**
 * Splits a string into literal text and `${…}` references, checking each against the declared
 * entities. `attributesOf` gives the attributes of entities whose attributes depend on the entity
 * itself (a testnet exposes one per declared port), or null when that entity's definition is
 * unusable (its own errors are reported): its attributes are then not checked.
 */
export function parseInterpolations(
  text: string,
  declared: DeclaredNames,
  attributesOf: (kind: EntityKind, name: string) => readonly string[] | null | undefined,
  at: At,
  report: (diagnostic: Diagnostic) => void,
): InterpolationPart[] {
  const parts: InterpolationPart[] = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.indexOf('${');
    if (start < 0) {
      parts.push({ literal: rest });
      break;
    }
    if (start > 0) parts.push({ literal: rest.slice(0, start) });
    const end = rest.indexOf('}', start);
    if (end < 0) {
      report(catalogue.invalidInterpolation(text, '"${" is never closed with "}"', at));
      return parts;
    }
    const expression = rest.slice(start + 2, end).trim();
    rest = rest.slice(end + 1);
    const segments = expression.split('.');
    if (expression === 'system') {
      parts.push({ system: true });
    } else if (segments[0] === 'env') {
      const attribute = segments[1];
      if (segments.length !== 2 || !(ENV_ATTRIBUTES as readonly string[]).includes(attribute ?? '')) {
        report(catalogue.unknownAttribute('env', attribute ?? '', ENV_ATTRIBUTES, at, closest(attribute ?? '', ENV_ATTRIBUTES)));
      } else {
        parts.push({ env: attribute as (typeof ENV_ATTRIBUTES)[number] });
      }
    } else if (segments.length !== 3) {
      report(catalogue.invalidInterpolation(text, `"\${${expression}}" is not \`kind.name.attribute\``, at));
    } else {
      const [kindText, name, attribute] = segments as [string, string, string];
      const resolved = resolveReference(`${kindText}.${name}`, 'interpolation', declared, at);
      if (isDiagnostic(resolved)) {
        report(resolved);
        continue;
      }
      const own = attributesOf(resolved.kind, resolved.name);
      const attributes = own === null ? [attribute] : own ?? ENTITY_ATTRIBUTES[resolved.kind] ?? [];
      if (!attributes.includes(attribute)) {
        report(catalogue.unknownAttribute(`${kindText}.${name}`, attribute, attributes, at, closest(attribute, attributes)));
        continue;
      }
      parts.push({ kind: resolved.kind, name: resolved.name, attribute });
    }
  }
  return parts;
}

/**
 * Interpolations parsed once per text, for callers that parse the same values in several views (the
 * checks, the normalizer). Only a parse that reported nothing and for which `attributesOf` gave no
 * attributes is kept: a view gives a testnet's (its ports, which a view may change), while every
 * other kind's are fixed and `attributesOf` answers `undefined` for them. So a kept text parses to
 * the same parts, with no finding, in every view.
 */
export class InterpolationParses {
  private readonly clean = new Map<string, readonly InterpolationPart[]>();

  constructor(private readonly declared: DeclaredNames) {}

  parse(
    text: string,
    attributesOf: (kind: EntityKind, name: string) => readonly string[] | null | undefined,
    at: At,
    report: (diagnostic: Diagnostic) => void,
  ): readonly InterpolationPart[] {
    const known = this.clean.get(text);
    if (known) return known;
    let reported = false;
    // attributes the view gives (a testnet's ports) make the parse the view's own
    let viewAttributes = false;
    const attributesInView = (kind: EntityKind, name: string) => {
      const attributes = attributesOf(kind, name);
      if (attributes !== undefined) viewAttributes = true;
      return attributes;
    };
    const parts = parseInterpolations(text, this.declared, attributesInView, at, (diagnostic) => {
      reported = true;
      report(diagnostic);
    });
    if (!reported && !viewAttributes) this.clean.set(text, parts);
    return parts;
  }
}
