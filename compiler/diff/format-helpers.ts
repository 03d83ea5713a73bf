/**
 * Helpers for writing a diff format's risk table (public API, `infragen/plugin`): force-new
 * fields, deletions that lose data, IAM wildcards, list and set helpers.
 */
import { parse, parseAllDocuments } from 'yaml';
import { isPlainObject } from '../data.ts';
import type { RiskRule } from './format.ts';

/**
 * The items of `items` that `other` lacks, sorted: what the head side adds to the base side (or,
 * the other way round, what it drops). Rules flag only what is new, never what was there already.
 */
export function difference(items: Iterable<string>, other: ReadonlySet<string>): string[] {
  return [...items].filter((item) => !other.has(item)).sort();
}

/** A rule per table row: changing any of these fields of this type replaces the object. */
export function forceNewRules(format: string, table: Record<string, readonly string[]>, why = 'cannot change in place'): RiskRule[] {
  return Object.entries(table).map(([type, fieldNames]): RiskRule => ({
    id: `${format}/force-new`,
    category: 'replacement',
    on: ['changed'],
    types: [type],
    check: ({ fields }) =>
      fields
        .filter((field) => fieldNames.some((name) => field.path === name || field.path.startsWith(`${name}.`) || field.path.startsWith(`${name}[`)))
        .map((field) => ({ field: field.path, message: `${field.path} ${why}: the ${type} is destroyed and re-created` })),
  }));
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);
export const isWorld = (cidr: unknown) => typeof cidr === 'string' && WORLD.has(cidr);

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** IAM statements found in a value: objects with Effect/Action/Resource, and JSON-encoded policy strings. */
function statements(value: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (!/"Statement"/.test(node)) return;
      try {
        return visit(JSON.parse(node));
      } catch {
        return; // not JSON after all (a template, or a truncated string)
      }
    }
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node);
    const grants = keys.some((key) => /^(Not)?(Action|Resource|Principal)$|^(not_)?(actions|resources|principals)$/.test(key));
    if (grants && (keys.includes('Effect') || keys.includes('effect') || keys.includes('Action') || keys.includes('actions'))) found.push(node);
    for (const member of Object.values(node)) visit(member);
  };
  visit(value);
  return found;
}

/** Wildcards that grant more than they name: `*` actions or resources, `service:*`, principal `*`. */
function wildcardGrants(value: unknown): Set<string> {
  const grants = new Set<string>();
  if (value === undefined) return grants;
  for (const statement of statements(value)) {
    const effect = String(statement.Effect ?? statement.effect ?? 'Allow');
    if (effect.toLowerCase() !== 'allow') continue;
    for (const action of [...asList(statement.Action), ...asList(statement.actions)]) {
      if (typeof action === 'string' && (action === '*' || action.endsWith(':*'))) grants.add(`action "${action}"`);
    }
    for (const resource of [...asList(statement.Resource), ...asList(statement.resources)]) {
      if (resource === '*') grants.add('resource "*"');
    }
    const principal = statement.Principal;
    if (principal === '*' || (isPlainObject(principal) && asList(principal.AWS).includes('*'))) grants.add('principal "*"');
    for (const block of asList(statement.principals)) if (isPlainObject(block) && asList(block.identifiers).includes('*')) grants.add('principal "*"');
  }
  return grants;
}

/** Flags IAM wildcards present on the head side and not on the base side. */
export function iamWildcardRule(format: string, types?: readonly string[]): RiskRule {
  return {
    id: `${format}/iam-wildcard`,
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    ...(types ? { types } : {}),
    check: ({ before, after }) =>
      difference(wildcardGrants(after?.value), wildcardGrants(before?.value)).map((grant) => ({ message: `IAM policy grants ${grant}` })),
  };
}

/** Flags the loss of an object whose data does not survive it. */
export function dataLossRule(format: string, types: Record<string, string>): RiskRule {
  return {
    id: `${format}/stateful-delete`,
    category: 'data-loss',
    on: ['removed', 'replaced'],
    types: Object.keys(types),
    check: ({ kind, before }) =>
      `${kind === 'replaced' ? 'replacing' : 'deleting'} this ${before!.type} destroys ${types[before!.type]}`,
  };
}

/** Every YAML document of a file as data (empty documents skipped); throws on a YAML error. */
export function parseYamlDocuments(contents: string): unknown[] {
  const documents = parseAllDocuments(contents, { logLevel: 'error' });
  if (!Array.isArray(documents)) throw new Error('not YAML documents');
  const values: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length) throw new Error(document.errors[0]!.message);
    const value = document.toJS({ maxAliasCount: 100 }) as unknown;
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** A single-document YAML file as data (compose files, serverless.yml). */
export const parseYaml = (contents: string): unknown => parse(contents, { maxAliasCount: 100, logLevel: 'error' }) as unknown;

/** The folder part of a path (the scope of formats whose files of one folder belong together). */
export const folderOf = (relative: string) => relative.split('/').slice(0, -1).join('/');

export { pick } from './fields.ts';
