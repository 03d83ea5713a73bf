/**
 * The `overrides:` escape hatch, target-neutral: a map from the address of an object a target
 * emits (`Deployment/web`, `aws_db_instance.orders`, `functions.resize`, `services.api`) to a JSON
 * merge patch (RFC 7396) on that object. Each target names its own objects and ships the schema
 * of each; this module splits the hatch into named patches and checks a patch against a schema,
 * so that every target reports an unknown object, an unknown field and a wrong type alike.
 */
import type { EntityBase } from './model/types.ts';
import type { TargetContext } from './target.ts';
import type { SourceSpan } from './model/span.ts';
import { isPlainObject } from './data.ts';
import { closest } from './diagnostics/suggest.ts';

/**
 * A JSON Schema reduced to the keywords a patch is checked with: `type`, `properties`,
 * `additionalProperties`, `patternProperties`, `items`, `anyOf`, `enum` and `$ref` (a name in
 * `definitions`). Targets generate theirs from the schemas their output is validated with
 * (scripts/build-override-schemas.mjs).
 */
export interface PatchSchema {
  type?: string | string[];
  properties?: Record<string, PatchSchema>;
  additionalProperties?: PatchSchema | false;
  patternProperties?: Record<string, PatchSchema>;
  items?: PatchSchema;
  anyOf?: PatchSchema[];
  enum?: unknown[];
  $ref?: string;
}

export type PatchPath = Array<string | number>;

/** What is wrong at `path` (relative to the patch). */
export type PatchFinding =
  | { problem: 'unknown-field'; path: PatchPath; field: string; known: string[]; suggestion?: string }
  | { problem: 'wrong-type'; path: PatchPath; expected: string; found: string };

export interface PatchCheckOptions {
  definitions?: Record<string, PatchSchema>;
  /** A string holding `${…}` is resolved before the object is read (Compose, Terraform): it fits any type. */
  expressions?: boolean;
  /**
   * Terraform's conversions: a number or bool where a string is wanted, a numeric string where a
   * number is, `"true"`/`"false"` where a bool is.
   */
  terraformConversions?: boolean;
}

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;

/** A JSON merge patch checked against `schema`: every unknown field and wrong type, in document order. */
export function checkMergePatch(patch: unknown, schema: PatchSchema, options: PatchCheckOptions = {}): PatchFinding[] {
  const findings: PatchFinding[] = [];
  walk(patch, schema, [], options, findings);
  return findings;
}

function resolveRef(schema: PatchSchema, options: PatchCheckOptions): PatchSchema {
  let current = schema;
  for (let depth = 0; current.$ref !== undefined && depth < 32; depth++) current = options.definitions?.[current.$ref] ?? {};
  return current;
}

const types = (schema: PatchSchema): string[] | undefined => (schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type]);

function scalarFits(value: unknown, wanted: readonly string[], options: PatchCheckOptions): boolean {
  const found = typeOf(value);
  if (wanted.includes(found) || (found === 'integer' && wanted.includes('number'))) return true;
  if (options.expressions && typeof value === 'string' && /\$\{|%\{/.test(value)) return true;
  if (!options.terraformConversions) return false;
  if (wanted.includes('string') && (found === 'number' || found === 'integer' || found === 'boolean')) return true;
  if ((wanted.includes('number') || wanted.includes('integer')) && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return true;
  return wanted.includes('boolean') && (value === 'true' || value === 'false');
}

function walk(value: unknown, raw: PatchSchema, path: PatchPath, options: PatchCheckOptions, findings: PatchFinding[]): void {
  // `null` deletes the member: always allowed.
  if (value === null) return;
  const schema = resolveRef(raw, options);
  if (schema.anyOf) return walkUnion(value, schema, path, options, findings);
  const wanted = types(schema) ?? (schema.properties || schema.additionalProperties !== undefined ? ['object'] : schema.items ? ['array'] : undefined);
  if (wanted && !scalarFits(value, wanted, options)) {
    findings.push({ problem: 'wrong-type', path, expected: wanted.join(' or '), found: typeOf(value) });
    return;
  }
  if (schema.enum && typeof value !== 'object' && !schema.enum.includes(value) && !(options.expressions && typeof value === 'string' && value.includes('${'))) {
    findings.push({ problem: 'wrong-type', path, expected: `one of ${schema.enum.map((entry) => JSON.stringify(entry)).join(', ')}`, found: JSON.stringify(value) });
    return;
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, index) => walk(item, schema.items!, [...path, index], options, findings));
    return;
  }
  if (isPlainObject(value)) walkObject(value, schema, path, options, findings);
}

function walkObject(value: Record<string, unknown>, schema: PatchSchema, path: PatchPath, options: PatchCheckOptions, findings: PatchFinding[]): void {
  for (const [key, member] of Object.entries(value)) {
    const declared = schema.properties?.[key];
    const pattern = Object.entries(schema.patternProperties ?? {}).find(([expression]) => new RegExp(expression, 'u').test(key))?.[1];
    const memberSchema = declared ?? pattern ?? (schema.additionalProperties === false ? undefined : schema.additionalProperties);
    if (memberSchema === undefined && schema.additionalProperties === false) {
      const known = Object.keys(schema.properties ?? {}).sort();
      const suggestion = closest(key, known);
      findings.push({ problem: 'unknown-field', path: [...path, key], field: key, known, ...(suggestion ? { suggestion } : {}) });
      continue;
    }
    if (memberSchema) walk(member, memberSchema, [...path, key], options, findings);
  }
}

/**
 * `anyOf`: the value fits when one branch has no finding. Otherwise the findings of the branch
 * of the value's own type that found the fewest (an object against the object branch), so the
 * message names the misspelt field rather than every branch.
 */
function walkUnion(value: unknown, schema: PatchSchema, path: PatchPath, options: PatchCheckOptions, findings: PatchFinding[]): void {
  let best: PatchFinding[] | undefined;
  for (const branch of schema.anyOf!) {
    const found: PatchFinding[] = [];
    walk(value, branch, path, options, found);
    if (found.length === 0) return;
    const typeMismatch = found.length === 1 && found[0]!.problem === 'wrong-type' && found[0]!.path.length === path.length;
    if (typeMismatch) continue;
    if (!best || found.length < best.length) best = found;
  }
  if (best) {
    findings.push(...best);
    return;
  }
  const expected = [...new Set(schema.anyOf!.flatMap((branch) => types(resolveRef(branch, options)) ?? []))];
  findings.push({ problem: 'wrong-type', path, expected: expected.join(' or ') || 'another shape', found: typeOf(value) });
}

/** A patch named by its object's address, with the path of its key under `overrides`. */
export interface NamedPatch {
  address: string;
  /** The patch (empty when what is written is not a map: `value` holds it, for the check). */
  patch: Record<string, unknown>;
  value: unknown;
  /** `['kubernetes', 'Deployment/web']`: the key's place under `overrides`. */
  path: PatchPath;
}

export interface TargetOverrides {
  named: NamedPatch[];
  /** The deprecated form: a patch on the entity's main object, named by no address. */
  unnamed?: { patch: Record<string, unknown>; path: PatchPath };
}

/**
 * The entity's `overrides.<target>`, split into patches by address. A map whose keys are all
 * addresses (as `isAddress` says) is the named form; one with none is the deprecated unnamed
 * form; a mix is read as named, and its other keys are named objects that do not exist.
 */
export function targetOverrides(entity: Pick<EntityBase, 'overrides'>, target: string, isAddress: (key: string) => boolean): TargetOverrides {
  const given = entity.overrides?.[target];
  if (!isPlainObject(given) || Object.keys(given).length === 0) return { named: [] };
  if (!Object.keys(given).some(isAddress)) return { named: [], unnamed: { patch: given, path: [target] } };
  return { named: namedOverrides(entity, target) };
}

/**
 * The entity's `overrides.<target>` for a target that has no unnamed form: every key is an
 * address, and a key that names no object of the entity is the target's to report.
 */
export function namedOverrides(entity: Pick<EntityBase, 'overrides'>, target: string): NamedPatch[] {
  const given = entity.overrides?.[target];
  if (!isPlainObject(given)) return [];
  return Object.keys(given).map((address) => ({ address, patch: isPlainObject(given[address]) ? given[address] : {}, value: given[address], path: [target, address] }));
}

/** JSON pointer of a path under `overrides` (`/kubernetes/Deployment~1web/spec`). */
export function overridePointer(path: PatchPath): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Where a key under `overrides` was written: its own span, else its nearest written parent's. */
export function overrideSpan(entity: Pick<EntityBase, 'span' | 'fieldSpans' | 'overrideSpans'>, path: PatchPath): SourceSpan {
  for (let length = path.length; length > 0; length--) {
    const span = entity.overrideSpans?.[overridePointer(path.slice(0, length))];
    if (span) return span;
  }
  return entity.fieldSpans['overrides'] ?? entity.span;
}

/** `spec.template.spec.containrs`, `events[0].http`: a patch path as a reader writes it. */
export function patchPathText(path: PatchPath): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** The message part naming the closest address, or the list of those that exist. */
export function unknownAddressHint(address: string, known: readonly string[], describe: string): string {
  const suggestion = closest(address, known);
  if (suggestion) return `did you mean "${suggestion}"? ${describe}: ${known.join(', ')}`;
  return known.length ? `${describe}: ${known.join(', ')}` : `${describe}: none`;
}

const TYPE_NAMES: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', array: 'a list', object: 'a map', null: 'null' };
/** `integer or string` → `an integer or a string`; other texts (a JSON value, `one of …`) as they are. */
const typeText = (text: string) => text.split(' or ').map((part) => TYPE_NAMES[part] ?? part).join(' or ');

function typeHint(found: string, expected: string): string {
  const wanted = expected.split(' or ');
  if (found === 'string' && wanted.some((type) => ['integer', 'number', 'boolean'].includes(type))) return `write ${typeText(expected)}, without quotes`;
  if (wanted.includes('string') && ['integer', 'number', 'boolean'].includes(found)) return 'quote the value to make it a string';
  return `write ${typeText(expected)}`;
}

/** The codes a target reports a patch's findings under. */
export interface PatchCodes {
  unknownFieldCode: string;
  wrongTypeCode: string;
}

/**
 * Reports what `checkMergePatch` found in the patch of `address` (written at `path` under the
 * entity's `overrides`), each at the line of the key; `what` names the object's type in messages.
 */
export function reportPatchFindings(
  context: Pick<TargetContext, 'error'>,
  entity: Pick<EntityBase, 'span' | 'fieldSpans' | 'overrideSpans'>,
  patch: { address: string; path: PatchPath; what: string },
  findings: readonly PatchFinding[],
  codes: PatchCodes,
): void {
  for (const finding of findings) {
    const span = overrideSpan(entity, [...patch.path, ...finding.path]);
    if (finding.problem === 'unknown-field') {
      const where = finding.path.length > 1 ? ` in ${patchPathText(finding.path.slice(0, -1))}` : '';
      context.error(codes.unknownFieldCode, `the patch of ${patch.address} sets "${finding.field}"${where}, which ${patch.what} does not have`, {
        span,
        hint: finding.suggestion ? `did you mean "${finding.suggestion}"?` : `known fields: ${finding.known.join(', ') || 'none'}`,
      });
    } else if (finding.path.length === 0) {
      context.error(codes.wrongTypeCode, `the patch of ${patch.address} is ${typeText(finding.found)}, but a patch is a map of the fields it sets`, {
        span,
        hint: `write the fields to change as a map under ${patch.address}: { <field>: <value> }`,
      });
    } else {
      context.error(codes.wrongTypeCode, `the patch of ${patch.address} sets ${patchPathText(finding.path)} to ${typeText(finding.found)}, but ${patch.what} wants ${typeText(finding.expected)} there`, {
        span,
        hint: typeHint(finding.found, finding.expected),
      });
    }
  }
}
