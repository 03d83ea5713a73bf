/**
 * Stage 2a: check the merged data against the zod schema and turn every zod issue into a
 * diagnostic at the exact node, with a "did you mean" hint for unknown keys and values.
 */
import type { z } from 'zod';
import { system as systemSchema, INCLUDABLE_SECTIONS, type SystemDocument } from '../../schema/system.ts';
import { systemJsonSchema } from '../../schema/json-schema.ts';
import { NAME_PATTERN, SIZE_PATTERN } from '../../schema/primitives.ts';
import { isPlainObject, valueAt } from '../data.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate, singular, type LoadedSystem, type RawData } from '../load/load.ts';
import type { DataPath } from '../load/source.ts';

export interface SchemaCheckResult {
  /** The parsed document; entities (and top-level keys) that failed are left out. Undefined when nothing usable remains. */
  document?: SystemDocument;
  /** Data paths (`services.api`, `network`, …) that failed and were left out of `document`. */
  failed: Set<string>;
  diagnostics: Diagnostic[];
}

/**
 * zod compiles a parser for each object schema (`new Function`) the first time it parses with it.
 * `validate` is a short process that parses each schema a few times: compiling costs more than it
 * saves (the first parse of the 50-service system: ≈60 ms with it, ≈40 without; the same warm and
 * at 1,000 services), and the result is the same.
 */
export const SCHEMA_PARSE = { jitless: true } as const;

/**
 * The value without `x-*` keys (they are for plugins; the schema never sees them). Only what holds
 * such a key is copied; the rest is shared (nothing here or in zod changes its input), so a
 * system without extensions is not copied at all.
 */
export function withoutExtensions(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const member = withoutExtensions(value[index]);
      if (member !== value[index]) (copy ??= value.slice())[index] = member;
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  let copy: Record<string, unknown> | undefined;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const member = value[key];
    const extension = key.startsWith('x-');
    const stripped = extension ? undefined : withoutExtensions(member);
    if (!copy && (extension || stripped !== member)) {
      copy = {};
      for (const earlier of keys.slice(0, index)) copy[earlier] = value[earlier];
    }
    if (copy && !extension) copy[key] = stripped;
  }
  return copy ?? value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a map';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  object: 'a map', record: 'a map', array: 'a list', string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false',
};

/** `service "api"`, `the top level`, or the dotted path. */
export function describePath(path: DataPath): string {
  if (path.length === 0) return 'the top level';
  const [section, entityName] = path;
  if (path.length === 2 && typeof section === 'string' && (INCLUDABLE_SECTIONS as readonly string[]).includes(section)) {
    return `${singular(section)} "${String(entityName)}"`;
  }
  return path.map(String).join('.');
}

/** The JSON Schema nodes that may describe the value at `path` (union branches included). */
function schemaNodesAt(path: DataPath): Array<Record<string, unknown>> {
  const nodes: Array<Record<string, unknown>> = [];
  const visitNode = (node: unknown, rest: DataPath): void => {
    if (!isPlainObject(node)) return;
    for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) {
      if (Array.isArray(node[branch])) for (const option of node[branch] as unknown[]) visitNode(option, rest);
    }
    if (rest.length === 0) {
      nodes.push(node);
      return;
    }
    const [head, ...tail] = rest;
    if (typeof head === 'number') {
      visitNode(node.items, tail);
      return;
    }
    const properties = isPlainObject(node.properties) ? node.properties : {};
    if (head !== undefined && head in properties) visitNode(properties[head], tail);
    else if (isPlainObject(node.additionalProperties)) visitNode(node.additionalProperties, tail);
  };
  visitNode(systemJsonSchema(), path);
  return nodes;
}

/** Property names the JSON Schema allows at `path` (for "did you mean"). */
function knownKeysAt(path: DataPath): string[] {
  return [...new Set(schemaNodesAt(path).flatMap((node) => (isPlainObject(node.properties) ? Object.keys(node.properties) : [])))].sort();
}

/**
 * A key that fails where it is written but is a key of a map further up: it was indented too far
 * (`autoscale` under `ports`, where it reads as a port). Returns the key's path and the map it belongs to.
 */
function misplacedKey(path: DataPath): { at: DataPath; owner: DataPath } | undefined {
  for (let index = path.length - 1; index >= 1; index--) {
    const key = path[index];
    if (typeof key !== 'string' || knownKeysAt(path.slice(0, index)).includes(key)) continue;
    // A name in a map of names (a port, a volume, an entity) only counts as misplaced inside its
    // entity: a queue named "jobs" is a queue, not the top-level `jobs:`.
    const isName = schemaNodesAt(path.slice(0, index)).some((node) => isPlainObject(node.additionalProperties));
    const lowest = isName ? (INCLUDABLE_SECTIONS as readonly string[]).includes(String(path[0])) ? 2 : index : 0;
    for (let up = index - 1; up >= lowest; up--) {
      if (knownKeysAt(path.slice(0, up)).includes(key)) return { at: path.slice(0, index + 1), owner: path.slice(0, up) };
    }
  }
  return undefined;
}

/** For a size written without a unit (`memory: lots`, `memory: 512`): which unit, with an example. */
function sizeHint(path: DataPath, value: unknown): string | undefined {
  if (!schemaNodesAt(path).some((node) => node.pattern === SIZE_PATTERN.source)) return undefined;
  const key = String(path[path.length - 1]);
  const example = key === 'memory' ? '512Mi' : '20Gi';
  const number = typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) ? String(value) : undefined;
  return number
    ? `add a unit: \`${key}: ${number}Mi\` is ${number} mebibytes (Ki, Mi, Gi, Ti, Pi; or k, M, G, T, P for powers of 1000)`
    : `a size is a number and a unit: Mi or Gi (also Ki, Ti, Pi; k, M, G, T, P for powers of 1000), e.g. \`${key}: ${example}\``;
}

/** Picks the union branch that best explains the failure: one that got past the type check. */
function bestUnionBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  const typed = branches.filter((issues) => !issues.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0));
  return typed.length > 0 ? typed.sort((a, b) => a.length - b.length)[0] : undefined;
}

function issueToDiagnostics(loaded: LoadedSystem, data: unknown, issue: z.core.$ZodIssue, prefix: DataPath): Diagnostic[] {
  const path: DataPath = [...prefix, ...(issue.path as Array<string | number>)];
  const at = (part: 'key' | 'value' = 'value', target: DataPath = path) => ({ span: locate(loaded, target, part), path: target.map(String).join('.') });
  const value = valueAt(data, path);
  const missing = () => catalogue.missingKey(String(path[path.length - 1]), describePath(path.slice(0, -1)), at('key', path.slice(0, -1)));
  const misplaced = (found: { at: DataPath; owner: DataPath }) =>
    catalogue.misplacedKey(String(found.at[found.at.length - 1]), describePath(found.at.slice(0, -1)), describePath(found.owner), at('key', found.at));
  if (issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_union') {
    const found = misplacedKey(path);
    if (found) return [misplaced(found)];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => {
        const found = misplacedKey([...path, key]);
        return found && !closest(key, known) ? misplaced(found) : catalogue.unknownKey(key, describePath(path), at('key', [...path, key]), closest(key, known));
      });
    }
    case 'invalid_type': {
      if (value === undefined) return [missing()];
      return [catalogue.invalidType(EXPECTED[issue.expected] ?? issue.expected, describeValue(value), at(), sizeHint(path, value))];
    }
    case 'invalid_value': {
      if (value === undefined) return [missing()];
      const allowed = issue.values.map((option) => JSON.stringify(option));
      if (path.length === 1 && path[0] === 'infragen') return [catalogue.unsupportedVersion(String(value), at())];
      const suggestion = typeof value === 'string' ? closest(value, issue.values.map(String)) : undefined;
      return [catalogue.invalidValue(JSON.stringify(value), allowed, at(), suggestion)];
    }
    case 'invalid_format':
      return [catalogue.invalidFormat(`${describeValue(value)} ${issue.message}`, at(), sizeHint(path, value))];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      const what =
        issue.origin === 'array' ? `needs ${word} ${bound} item${Number(bound) === 1 ? '' : 's'}`
        : issue.origin === 'string' ? `must be ${word} ${bound} character${Number(bound) === 1 ? '' : 's'} long`
        : `must be ${word} ${bound}${issue.code === 'too_small' && !issue.inclusive ? ' (exclusive)' : ''}`;
      const found = Array.isArray(value) ? `${value.length}` : describeValue(value);
      return [catalogue.outOfRange(`${path.map(String).join('.')} ${what}, found ${found}`, at())];
    }
    case 'invalid_key': {
      // Names (of entities, ports, volumes) are DNS labels; other keys (env vars, tags) have their own format.
      const key = String(path[path.length - 1]);
      const inner = issue.issues[0];
      if (!inner || (inner.code === 'invalid_format' && inner.format === 'regex' && inner.pattern === String(NAME_PATTERN))) {
        return [catalogue.invalidName(key, at('key'))];
      }
      return [catalogue.invalidFormat(`the key "${key}" ${inner.message}`, at('key'))];
    }
    case 'invalid_union': {
      const branch = bestUnionBranch(issue.errors);
      if (branch) return branch.flatMap((inner) => issueToDiagnostics(loaded, data, inner, path));
      const expected = [...new Set(issue.errors.flatMap((issues) => issues.map((inner) => (inner.code === 'invalid_type' ? EXPECTED[inner.expected] ?? inner.expected : 'another form'))))];
      if (value === undefined) return [missing()];
      return [catalogue.invalidType(expected.join(' or '), describeValue(value), at())];
    }
    default:
      return [catalogue.invalidFormat(`${path.map(String).join('.')}: ${issue.message}`, at())];
  }
}

/** The part of the data an issue belongs to: an entity, an environment, or a top-level key. */
function failureUnit(path: DataPath): string {
  const [section, entityName] = path;
  if (typeof section === 'string' && (INCLUDABLE_SECTIONS as readonly string[]).includes(section) && entityName !== undefined) {
    return `${section}.${String(entityName)}`;
  }
  return String(section ?? '');
}

export function checkSchema(loaded: LoadedSystem): SchemaCheckResult {
  const data = withoutExtensions(loaded.data) as RawData;
  const first = systemSchema.safeParse(data, SCHEMA_PARSE);
  if (first.success) return { document: first.data, failed: new Set(), diagnostics: [] };

  // A misplaced key fails in several ways at once (a port named "autoscale" has no port, unknown keys, …): say it once.
  const seen = new Set<string>();
  const diagnostics = first.error.issues
    .flatMap((issue) => issueToDiagnostics(loaded, data, issue, []))
    .filter((diagnostic) => diagnostic.code !== 'MISPLACED_KEY' || (!seen.has(diagnostic.path!) && Boolean(seen.add(diagnostic.path!))));
  const failed = new Set(first.error.issues.map((issue) => failureUnit(issue.path as DataPath)));

  // Parse again without what failed, so the semantic checks still run on the rest. An entity whose
  // only faults are unknown keys (or a broken override block) is kept without them: checking it
  // further cannot produce follow-on errors. Anything else is left out whole.
  const rest: RawData = { ...data };
  const salvage = salvageableEntities(first.error.issues);
  // Each section is copied once, however many of its entities failed (8,000 errors stay linear).
  const copied = new Set<string>();
  for (const unit of failed) {
    const [section, entityName] = unit.split('.', 2) as [string, string | undefined];
    if (entityName === undefined) {
      delete rest[section];
      continue;
    }
    if (!isPlainObject(rest[section])) continue;
    if (!copied.has(section)) rest[section] = { ...(rest[section] as RawData) };
    copied.add(section);
    const map = rest[section] as RawData;
    const dropped = salvage.get(unit);
    const entity = map[entityName];
    if (dropped && isPlainObject(entity)) {
      map[entityName] = Object.fromEntries(Object.entries(entity).filter(([key]) => !dropped.has(key)));
    } else {
      delete map[entityName];
    }
  }
  if (failed.has('infragen')) rest.infragen = 1;
  if (failed.has('system')) rest.system = 'system';
  const second = systemSchema.safeParse(rest, SCHEMA_PARSE);
  return { ...(second.success ? { document: second.data } : {}), failed, diagnostics };
}

/** Entities whose every issue is an unknown key on the entity or inside its overrides → keys to drop. */
function salvageableEntities(issues: z.core.$ZodIssue[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string> | null>();
  for (const issue of issues) {
    const path = issue.path as DataPath;
    const unit = failureUnit(path);
    if (!unit.includes('.')) continue;
    const current = keys.get(unit);
    if (current === null) continue;
    const dropped = current ?? new Set<string>();
    if (path.length === 2 && issue.code === 'unrecognized_keys') issue.keys.forEach((key) => dropped.add(key));
    else if (path[2] === 'environments') dropped.add('environments');
    else {
      keys.set(unit, null);
      continue;
    }
    keys.set(unit, dropped);
  }
  return new Map([...keys].filter((entry): entry is [string, Set<string>] => entry[1] !== null));
}
