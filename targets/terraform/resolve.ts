/**
 * Token resolution for synthesis, with a fast path for the plain values that make up nearly all
 * of a stack. cdktf's `resolve()` builds a context (two closures, a copied key path) for every
 * string, number, key and member it visits, and tests every string against its token patterns;
 * at 1,000 services that was half of the Terraform stage. Here plain strings, booleans, arrays
 * and objects are copied directly, and anything that may hold a token — a string or key with a
 * token marker or what cdktf reads as an encoded number, a number, an object that is not a plain
 * one — is handed to cdktf's own `resolve()` unchanged, so the result is the same value cdktf
 * computes (undefined members dropped, fresh objects and arrays), minus cdktf's `//` metadata,
 * which the output strips anyway.
 */
import type { Construct } from 'constructs';
import { ref, resolveTokens, TokenMap } from './cdktf.ts';

/** What every string, list and map token marker has in common (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). */
const TOKEN_MARKER = 'TfToken[';
/** cdktf's pattern for numbers encoded in a string (NUMBER_TOKEN_REGEX in tokens/private/encoding.js). */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

/** cdktf's metadata member (construct paths, stack traces): not part of the output. */
const METADATA = '//';

const mayHoldToken = (text: string) => text.includes(TOKEN_MARKER) || NUMBER_IN_STRING.test(text);

/** A string that is one string token and nothing else (cdktf's STRING_TOKEN_REGEX, anchored). */
const WHOLE_STRING_TOKEN = /^\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}$/;
/** cdktf's list-token marker: a list holding one is a list token, which cdktf resolves as a whole. */
const LIST_TOKEN_MARKER = '#{TfToken[';

/** cdktf's class for a reference to another element's attribute (`aws_x.y.arn`), which every `.arn`/`.id` read creates. */
const REFERENCE_PROTOTYPE = Object.getPrototypeOf(ref('', undefined)) as object;
type Reference = { identifier: string; crossStackIdentifier: Record<string, string> };

/**
 * The resolved form of a string that is exactly one reference token: `${<identifier>}`, what
 * cdktf's resolver returns for it outside a Terraform expression (a reference only differs
 * across stacks, which these stacks never are). Undefined for any other token, and for a result
 * cdktf would look at again (one that looks like an encoded number), which cdktf then resolves.
 */
function resolveWholeReference(text: string): string | undefined {
  const key = WHOLE_STRING_TOKEN.exec(text)?.[1];
  if (key === undefined) return undefined;
  const token = TokenMap.instance().lookupToken(key) as unknown as Reference;
  if (Object.getPrototypeOf(token) !== REFERENCE_PROTOTYPE) return undefined;
  if (Object.keys(token.crossStackIdentifier).length > 0) return undefined;
  const resolved = `\${${token.identifier}}`;
  return mayHoldToken(resolved) ? undefined : resolved;
}

/** The resolved value of `value`, as cdktf's `resolve(scope, value)` returns it. */
export function resolveElement(scope: Construct, value: unknown): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return mayHoldToken(value) ? (resolveWholeReference(value) ?? resolveTokens(scope, value)) : value;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return resolveList(scope, value);
      if (isPlainMap(value)) return resolveMap(scope, value);
      return resolveTokens(scope, value);
    default:
      // numbers (one may encode a token), functions and the rest: cdktf decides
      return resolveTokens(scope, value);
  }
}

/** An object literal that is no token: a map cdktf would resolve member by member. */
const isPlainMap = (value: object): value is Record<string, unknown> =>
  Object.getPrototypeOf(value) === Object.prototype && typeof (value as { resolve?: unknown }).resolve !== 'function';

function resolveList(scope: Construct, list: unknown[]): unknown {
  // A list or number-list token among the items changes how cdktf treats the whole list;
  // otherwise cdktf resolves the items one by one, as here.
  if (list.some((item) => typeof item === 'number' || (typeof item === 'string' && item.includes(LIST_TOKEN_MARKER)))) return resolveTokens(scope, list);
  const resolved: unknown[] = [];
  for (const item of list) {
    const value = resolveElement(scope, item);
    if (value !== undefined) resolved.push(value);
  }
  return resolved;
}

function resolveMap(scope: Construct, map: Record<string, unknown>): unknown {
  const keys = Object.keys(map);
  if (keys.some(mayHoldToken)) return resolveTokens(scope, map);
  const resolved: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === METADATA) continue;
    const value = resolveElement(scope, map[key]);
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

/**
 * Merges a resolved element into the stack's JSON as cdktf's `deepMerge` does (objects merged
 * member by member, lists concatenated, undefined deletes), except that an object the target
 * does not have yet is linked instead of copied: `resolveElement` returns fresh objects that
 * nothing else holds, so the copy would be the same value made twice.
 */
export function mergeResolved(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const existing = target[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (existing !== null && typeof existing === 'object') mergeResolved(existing as Record<string, unknown>, value as Record<string, unknown>);
      else target[key] = value;
    } else if (Array.isArray(value)) {
      target[key] = Array.isArray(existing) ? [...existing, ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}
