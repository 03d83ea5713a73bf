/**
 * Secrets in the diff, for every format alike: a literal value in an environment variable with a
 * credential-like name (or one that used to come from a secret) is a security risk, and no value
 * that looks like a secret is ever repeated in the report (so never in a PR comment).
 */
import { isPlainObject } from '../data.ts';
import type { DiffFormat, DiffObject, EnvironmentBlock, RiskRule, RuleFinding } from './format.ts';
import type { FieldChange } from './types.ts';

/** Environment variable names that hold credentials. `*_FILE`, `*_ARN`, `*_NAME`, … only point at one. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_KEY|AUTH_KEY)(_|$)/i;
const POINTER_SUFFIX = /_(FILE|ARN|NAME|PATH|URL|URI|ID|REF|KEY_ID|SECRET_NAME)$/i;
const looksSecretName = (name: string) => SECRET_NAME.test(name) && !POINTER_SUFFIX.test(name);

/** Values that are credentials whatever they are called: cloud keys, tokens, private keys, passwords in URLs. */
const SECRET_VALUE = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/,
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/,
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@$]+@/i,
];
export const looksSecretValue = (value: string) => SECRET_VALUE.some((pattern) => pattern.test(value));

/** What the report shows instead of a secret-looking value. */
export const MASK = '"••••••" (masked)';

/** A value resolved at deploy or run time, not a literal. */
const isReference = (value: unknown) =>
  typeof value === 'string' && (/\$\{|\$\(|\{\{resolve:/.test(value) || value.startsWith('/run/secrets/') || value.startsWith('arn:'));
const isLiteral = (value: unknown) => (typeof value === 'string' && value !== '' && !isReference(value)) || typeof value === 'number' || typeof value === 'boolean';

/** The name a field path ends in: `environment.DB_PASSWORD`, `env[name=TOKEN].value`, `vars["API-KEY"]`. */
function leafName(path: string): string {
  const named = /\[name=([^\]]+)\]\.value$/.exec(path) ?? /\[name=([^\]]+)\]$/.exec(path);
  if (named) return named[1]!;
  const quoted = /\["((?:[^"\\]|\\.)*)"\]$/.exec(path);
  if (quoted) return quoted[1]!;
  return path.split(/[.[\]]/).filter(Boolean).pop() ?? path;
}

/** The changed fields with every secret-looking value masked: by the field's name or by the value itself. */
export function maskFields(fields: FieldChange[]): FieldChange[] {
  return fields.map((field) => {
    const byName = looksSecretName(leafName(field.path));
    const hide = (text: string | undefined) => (text !== undefined && (byName ? !/^"(\$\{|\/run\/secrets\/|arn:)/.test(text) : looksSecretValue(text)) ? MASK : text);
    const old = hide(field.old);
    const now = hide(field.new);
    return { path: field.path, ...(old !== undefined ? { old } : {}), ...(now !== undefined ? { new: now } : {}) };
  });
}

const ENV_KEYS = new Set(['environment', 'env', 'variables', 'Variables', 'Environment']);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const join = (parent: string, key: string) => (IDENT.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`);

/** `environment` as a map, from a map, a list of `{ name, value }` or a list of `NAME=value`; undefined when it is none of them. */
function variablesOf(value: unknown): { variables: Record<string, unknown>; named: boolean } | undefined {
  if (isPlainObject(value)) {
    return Object.values(value).every((item) => item === null || typeof item !== 'object') ? { variables: value, named: false } : undefined;
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const variables: Record<string, unknown> = {};
  if (value.every((item) => isPlainObject(item) && typeof item.name === 'string')) {
    for (const item of value as Array<Record<string, unknown>>) variables[item.name as string] = 'value' in item ? item.value : item;
    return { variables, named: true };
  }
  if (value.every((item) => typeof item === 'string' && item.includes('='))) {
    for (const item of value as string[]) variables[item.slice(0, item.indexOf('='))] = item.slice(item.indexOf('=') + 1);
    return { variables, named: false };
  }
  return undefined;
}

/** Every environment block in an object, found by its key (`environment`, `env`, `variables`) at any depth. */
function findEnvironment(value: unknown): EnvironmentBlock[] {
  const blocks: EnvironmentBlock[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      const named = node.every((item) => isPlainObject(item) && typeof item.name === 'string');
      node.forEach((item, index) => walk(item, named ? `${at}[name=${String((item as Record<string, unknown>).name)}]` : `${at}[${index}]`));
      return;
    }
    if (!isPlainObject(node)) return;
    for (const key of Object.keys(node).sort()) {
      const path = join(at, key);
      const found = ENV_KEYS.has(key) ? variablesOf(node[key]) : undefined;
      if (found) blocks.push({ path, variables: found.variables, ...(found.named ? { fieldOf: (name: string) => `${path}[name=${name}].value` } : {}) });
      else walk(node[key], path);
    }
  };
  walk(value, '');
  return blocks;
}

const environmentOf = (format: DiffFormat, object: DiffObject | undefined) => (object ? (format.environment ?? ((o: DiffObject) => findEnvironment(o.value)))(object) : []);

/**
 * The generic rule: a literal value, new on the head side, in a variable whose name looks like a
 * credential, or that the base side read from a secret or a reference. The message never holds the value.
 */
export function plainSecretRule(format: DiffFormat): RiskRule {
  return {
    id: 'plain-secret',
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    check: ({ before, after, baseScope, headScope }) => {
      const oldBlocks = new Map(environmentOf(format, before).map((block) => [block.path, block.variables]));
      const sourced = new Set(before && format.secretNames ? format.secretNames(before, baseScope) : []);
      const stillSourced = new Set(after && format.secretNames ? format.secretNames(after, headScope) : []);
      const findings: RuleFinding[] = [];
      for (const block of environmentOf(format, after)) {
        const old = oldBlocks.get(block.path) ?? {};
        for (const name of Object.keys(block.variables).sort()) {
          const value = block.variables[name];
          if (!isLiteral(value) || old[name] === value) continue;
          const field = block.fieldOf ? block.fieldOf(name) : join(block.path, name);
          const wasSecret = (name in old && !isLiteral(old[name])) || (sourced.has(name) && !stillSourced.has(name));
          if (wasSecret) findings.push({ field, message: `${name} was read from a secret or reference and is now a literal value in the environment` });
          else if (looksSecretName(name)) findings.push({ field, message: `${name} looks like a credential but is a literal value in the environment; use \`secrets:\`` });
          else if (typeof value === 'string' && looksSecretValue(value)) findings.push({ field, message: `${name} holds a value that looks like a credential` });
        }
      }
      return findings;
    },
  };
}
