/**
 * The override file of an environment: what its compose project changes in the base project,
 * written so that Compose's merge (`-f docker-compose.yml -f <override>`) gives exactly the
 * environment's project. Maps merge key by key, so only changed keys are written. Compose appends
 * or unions some lists (ports, volumes, secrets, cap_drop…) instead of replacing them, so every
 * changed list is written whole and tagged `!override`; a key the environment drops is `!reset`.
 */
import { Document, isNode, Scalar, YAMLSeq, visit } from 'yaml';
import { isPlainObject, sortKeysDeep, toStableYaml, yaml11SafeText } from '../../compiler/plugin-api.ts';

/**
 * Whether `a` and `b` are the same JSON once keys are sorted (members that are undefined do not
 * count), without building the sorted copies: the diff asks this at every level of the documents.
 */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // JSON writes an undefined item as null.
    return a.every((item, index) => equal(item ?? null, b[index] ?? null));
  }
  const defined = (map: object) => Object.keys(map).filter((key) => (map as Record<string, unknown>)[key] !== undefined);
  const keys = defined(a);
  if (keys.length !== defined(b).length) return false;
  return keys.every((key) => (b as Record<string, unknown>)[key] !== undefined && equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function tagged(tag: '!override' | '!reset', value: unknown[] | null): YAMLSeq | Scalar {
  if (value === null) {
    const scalar = new Scalar(null);
    scalar.tag = tag;
    return scalar;
  }
  const seq = new YAMLSeq();
  seq.tag = tag;
  seq.items = sortKeysDeep(value);
  return seq;
}

/** The override taking `base` to `target`; undefined when they are equal. */
export function overrideOf(base: unknown, target: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(target)) return mapOverride(base, target);
  if (equal(base, target)) return undefined;
  if (Array.isArray(target)) return tagged('!override', target);
  return sortKeysDeep(target);
}

/**
 * The override of one map, or undefined when the maps are equal (as `equal` says: a member that is
 * undefined counts as absent). Decided from the members' own overrides, so that each level is
 * compared once rather than once per level above it.
 */
function mapOverride(base: Record<string, unknown>, target: Record<string, unknown>): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let differs = false;
  for (const key of [...new Set([...Object.keys(base), ...Object.keys(target)])].sort()) {
    if (!(key in target)) {
      result[key] = tagged('!reset', null);
      differs ||= base[key] !== undefined;
    } else if (!(key in base)) {
      result[key] = sortKeysDeep(target[key]);
      differs ||= target[key] !== undefined;
    } else {
      const change = overrideOf(base[key], target[key]);
      if (change !== undefined) result[key] = change;
      // A member that became undefined has no override of its own but still differs.
      differs ||= change !== undefined || (base[key] !== undefined && target[key] === undefined);
    }
  }
  return differs ? result : undefined;
}

const isTagged = (value: unknown): value is YAMLSeq | Scalar => value instanceof YAMLSeq || value instanceof Scalar;

/** Whether a map of the override holds a tagged node somewhere (only maps do: a tagged list holds plain values). */
function holdsTagged(value: unknown): boolean {
  return isPlainObject(value) && Object.values(value).some((member) => isTagged(member) || holdsTagged(member));
}

/**
 * Whether `toStableYaml` writes every plain part of the override as the yaml library does: it
 * does for this data, but not for irregular multi-line text, non-finite numbers, -0 or a map whose
 * members are all undefined, so an override with any of those (or any undefined member) keeps the
 * library's path.
 */
function writtenAsTheLibraryWrites(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\n');
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value === 'boolean') return true;
  if (value instanceof YAMLSeq) return value.items.every(writtenAsTheLibraryWrites);
  if (value instanceof Scalar) return value.value === null;
  if (Array.isArray(value)) return value.every(writtenAsTheLibraryWrites);
  if (isPlainObject(value)) return Object.entries(value).every(([key, member]) => !key.includes('\n') && writtenAsTheLibraryWrites(member));
  return false;
}

/** A map key as `toStableYaml` writes it. */
const keyText = (key: string) => toStableYaml({ [key]: null }, { sortKeys: false }).slice(0, -': null\n'.length);

/** Appends the lines of `text` (YAML ending in a newline, with no multi-line text) at `indent`. */
function appendIndented(text: string, indent: string, out: string[]): void {
  for (const line of text.slice(0, -1).split('\n')) out.push(`${indent}${line}`);
}

/** One member of an override map: a tagged node on the key's line, a map with tags below it member by member, anything else as `toStableYaml` writes it. */
function appendMember(key: string, member: unknown, indent: string, out: string[]): void {
  if (member instanceof Scalar) out.push(`${indent}${keyText(key)}: ${member.tag} null`);
  else if (member instanceof YAMLSeq) {
    if (member.items.length === 0) out.push(`${indent}${keyText(key)}: ${member.tag} []`);
    else {
      out.push(`${indent}${keyText(key)}: ${member.tag}`);
      appendIndented(toStableYaml(member.items, { sortKeys: false }), `${indent}  `, out);
    }
  } else if (holdsTagged(member)) {
    out.push(`${indent}${keyText(key)}:`);
    for (const [child, value] of Object.entries(member as Record<string, unknown>)) appendMember(child, value, `${indent}  `, out);
  } else appendIndented(toStableYaml({ [key]: member }, { sortKeys: false }), indent, out);
}

const LIBRARY_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN', version: '1.1' } as const;

/**
 * The override through the yaml library's document tree, which writes the tagged nodes itself. A
 * string holding a character YAML 1.1 reads as a line break is double-quoted with it escaped, as
 * `toStableYaml` writes it.
 */
export function libraryOverrideYaml(value: unknown): string {
  const document = new Document(value, LIBRARY_OPTIONS);
  // a tagged list holds plain values, made into nodes only as it is written: made here (a copy of
  // the list, the caller's stays as it is) so that their scalars are quoted where they must be too
  visit(document, {
    Seq(_, list) {
      if (list.items.every(isNode)) return undefined;
      const copy = new YAMLSeq();
      copy.tag = list.tag;
      copy.items = list.items.map((item) => (isNode(item) ? item : document.createNode(item, LIBRARY_OPTIONS)));
      return copy;
    },
  });
  return yaml11SafeText(document, LIBRARY_OPTIONS);
}

/**
 * YAML like `toStableYaml`, keeping the `!override`/`!reset` nodes (keys are already sorted): the
 * bytes `libraryOverrideYaml` gives, written directly where they are sure to be the same (a test
 * compares the two), because the library's document tree cost more than the diff itself.
 */
export function overrideYaml(value: unknown): string {
  if (!isPlainObject(value) || !writtenAsTheLibraryWrites(value)) return libraryOverrideYaml(value);
  if (!holdsTagged(value)) return toStableYaml(value, { sortKeys: false });
  const out: string[] = [];
  for (const [key, member] of Object.entries(value)) appendMember(key, member, '', out);
  return `${out.join('\n')}\n`;
}
