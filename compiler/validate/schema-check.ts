/**
 * Stage 2a: check the merged data against the zod schema and turn every zod issue into a
 * diagnostic at the exact node, with a "did you mean" hint for unknown keys and values.
 */
import type { z } from 'zod';
import { system as systemSchema, INCLUDABLE_SECTIONS, type SystemDocument } from '../../schema/system.ts';
import { systemJsonSchema } from '../../schema/json-schema.ts';
import { NAME_PATTERN } from '../../schema/primitives.ts';
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

/** A copy without `x-*` keys (they are for plugins; the schema never sees them). */
export function withoutExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExtensions);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (!key.startsWith('x-')) copy[key] = withoutExtensions(member);
  return copy;
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

/** Property names the JSON Schema allows at `path` (for "did you mean"). */
function knownKeysAt(path: DataPath): string[] {
  const keys = new Set<string>();
  const visitNode = (node: unknown, rest: DataPath): void => {
    if (!isPlainObject(node)) return;
    for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) {
      if (Array.isArray(node[branch])) for (const option of node[branch] as unknown[]) visitNode(option, rest);
    }
    if (rest.length === 0) {
      if (isPlainObject(node.properties)) for (const key of Object.keys(node.properties)) keys.add(key);
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
  return [...keys].sort();
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
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => catalogue.unknownKey(key, describePath(path), at('key', [...path, key]), closest(key, known)));
    }
    case 'invalid_type': {
      if (value === undefined) return [missing()];
      return [catalogue.invalidType(EXPECTED[issue.expected] ?? issue.expected, describeValue(value), at())];
    }
    case 'invalid_value': {
      if (value === undefined) return [missing()];
      const allowed = issue.values.map((option) => JSON.stringify(option));
      if (path.length === 1 && path[0] === 'infragen') return [catalogue.unsupportedVersion(String(value), at())];
      const suggestion = typeof value === 'string' ? closest(value, issue.values.map(String)) : undefined;
      return [catalogue.invalidValue(JSON.stringify(value), allowed, at(), suggestion)];
    }
    case 'invalid_format':
      return [catalogue.invalidFormat(`${describeValue(value)} ${issue.message}`, at())];
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
  const first = systemSchema.safeParse(data);
  if (first.success) return { document: first.data, failed: new Set(), diagnostics: [] };

  const diagnostics = first.error.issues.flatMap((issue) => issueToDiagnostics(loaded, data, issue, []));
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
  const second = systemSchema.safeParse(rest);
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
