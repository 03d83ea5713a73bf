/** Helpers the per-format risk tables share: force-new fields, secret-looking env vars, IAM wildcards. */
import { isPlainObject } from '../../data.ts';
import { display } from '../fields.ts';
import type { RiskRule, RuleFinding } from '../formats/format.ts';

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

/** Environment variable names that hold credentials. `*_FILE`, `*_ARN`, `*_NAME`, … only point at one. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_KEY|AUTH_KEY)(_|$)/i;
const POINTER_SUFFIX = /_(FILE|ARN|NAME|PATH|URL|URI|ID|REF|KEY_ID|SECRET_NAME)$/i;
const looksSecret = (name: string) => SECRET_NAME.test(name) && !POINTER_SUFFIX.test(name);

/** A value that is a reference resolved at deploy or run time, not a literal. */
const isReference = (value: unknown) =>
  typeof value === 'string' && (/\$\{|\$\(|\{\{resolve:/.test(value) || value.startsWith('/run/secrets/') || value.startsWith('arn:'));

/** Literal env values with credential-like names (or names a secret used to supply) that are new on the head side. */
export function literalSecretFindings(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  secretSourced: ReadonlySet<string>,
  where: (name: string) => string,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const name of Object.keys(after).sort()) {
    const value = after[name];
    if (value === undefined || value === null || typeof value === 'object' || isReference(value) || value === '') continue;
    if (before[name] === value) continue;
    if (secretSourced.has(name)) {
      findings.push({ field: where(name), message: `${name} was read from a secret and is now a literal env value (${display(value, 24)})` });
    } else if (looksSecret(name)) {
      findings.push({ field: where(name), message: `${name} looks like a credential but is a literal env value (${display(value, 24)}); use \`secrets:\`` });
    }
  }
  return findings;
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
