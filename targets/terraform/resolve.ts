/**
 * Token resolution for synthesis, with a fast path for the plain values that make up nearly all
 * of a stack. cdktf's `resolve()` builds a context (two closures, a copied key path) for every
 * string, number, key and member it visits, and tests every string against its token patterns;
 * at 1,000 services that was half of the Terraform stage. Here plain strings, numbers, booleans,
 * arrays and objects are copied directly, and anything that may hold a token — a string or key
 * with a token marker or what cdktf reads as an encoded number, a number in the range cdktf
 * encodes tokens in, an object that is not a plain one — is handed to cdktf's own `resolve()`
 * unchanged (unless its tokens are all references, which `resolveReferences` writes as cdktf
 * does), so the result is the same value cdktf computes (undefined members dropped, fresh
 * objects and arrays), minus cdktf's `//` metadata, which the output strips anyway. The maps it
 * copies get their keys in sorted order, the order the output is written in (see stable-json.ts).
 */
import type { Construct } from 'constructs';
import { isPlainObject } from '../../compiler/plugin-api.ts';
import { ref, resolveTokens, TokenMap } from './cdktf.ts';
import { sortedKeys } from './stable-json.ts';

/** What every string, list and map token marker has in common (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). */
const TOKEN_MARKER = 'TfToken[';
/** cdktf's metadata member (construct paths, stack traces): not part of the output. */
const METADATA = '//';

/**
 * Whether cdktf's pattern for numbers encoded in a string, `[-|\d|.+]+(e[-|\d|.|e|E|+]+)`
 * (NUMBER_TOKEN_REGEX in tokens/private/encoding.js), matches somewhere in `text`. It does exactly
 * where an `e` has one of the first class before it and one of the second after it, which this
 * pattern finds without the quantifiers that make the regex engine backtrack at every position:
 * every string and key of a stack is tested (≈ 250,000 in a large stack: 16–45 → 10–12 ms).
 */
const ENCODED_NUMBER_CORE = /[-|\d.+]e[-|\d.eE+]/;
export const looksLikeEncodedNumber = (text: string) => ENCODED_NUMBER_CORE.test(text);

const mayHoldToken = (text: string) => text.includes(TOKEN_MARKER) || looksLikeEncodedNumber(text);

/**
 * cdktf encodes a number token as a double whose top 16 bits are 0xfdff (0xfbff for a number-list
 * token), below -10^289; -123456789 is its map-token value, which it refuses in a number's place.
 * Any other finite number of smaller magnitude is plain: cdktf's resolver returns it unchanged.
 */
const NUMBER_MAP_TOKEN_VALUE = -123456789;
const isPlainNumber = (value: number) => Math.abs(value) < 2 ** 900 && value !== NUMBER_MAP_TOKEN_VALUE;

/** A string token anywhere in a string (cdktf's STRING_TOKEN_REGEX). */
const STRING_TOKEN = /\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}/g;
/** What cdktf's tokenizer reads in literal text as more than text: an escape (`${` that is no token, `}`), another marker's `{`. */
const ESCAPE_CHARACTER = /[${}]/;
/** cdktf's list-token marker: a list holding one is a list token, which cdktf resolves as a whole. */
const LIST_TOKEN_MARKER = '#{TfToken[';

/** cdktf's class for a reference to another element's attribute (`aws_x.y.arn`), which every `.arn`/`.id` read creates. */
const REFERENCE_PROTOTYPE = Object.getPrototypeOf(ref('', undefined)) as object;
type Reference = { identifier: string; crossStackIdentifier: Record<string, string> };

/**
 * The resolved form of a string whose tokens are all references (`${TfToken[…]}` alone, or in
 * text such as `${TfToken[…]}/*`): each becomes `${<identifier>}` and the text around them stays,
 * what cdktf's resolver returns outside a Terraform expression (a reference only differs across
 * stacks, which these stacks never are). Undefined for any other token, for text holding `$`, `{`
 * or `}`, and for a result cdktf would look at again (one that looks like an encoded number):
 * cdktf then resolves the string itself.
 */
function resolveReferences(text: string): string | undefined {
  let resolved = '';
  let end = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let match = STRING_TOKEN.exec(text); match; match = STRING_TOKEN.exec(text)) {
    const literal = text.slice(end, match.index);
    if (ESCAPE_CHARACTER.test(literal)) return undefined;
    const token = TokenMap.instance().lookupToken(match[1]!) as unknown as Reference;
    if (Object.getPrototypeOf(token) !== REFERENCE_PROTOTYPE || Object.keys(token.crossStackIdentifier).length > 0) return undefined;
    resolved += `${literal}\${${token.identifier}}`;
    end = STRING_TOKEN.lastIndex;
  }
  const rest = text.slice(end);
  if (end === 0 || ESCAPE_CHARACTER.test(rest)) return undefined;
  resolved += rest;
  return mayHoldToken(resolved) ? undefined : resolved;
}

/**
 * cdktf's own resolution of `value`, its maps given sorted keys: everything `resolveElement` returns
 * is then in the order the output is written in (see stackJson).
 */
const byCdktf = (scope: Construct, value: unknown): unknown => sortedKeys(resolveTokens(scope, value));

/**
 * The resolved value of `value`, as cdktf's `resolve(scope, value)` returns it, with every map's
 * keys in sorted order and no undefined member.
 */
export function resolveElement(scope: Construct, value: unknown): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return mayHoldToken(value) ? (resolveReferences(value) ?? byCdktf(scope, value)) : value;
    case 'number':
      return isPlainNumber(value) ? value : byCdktf(scope, value);
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return resolveList(scope, value);
      if (isPlainMap(value)) return resolveMap(scope, value);
      return byCdktf(scope, value);
    default:
      // functions and the rest: cdktf decides
      return byCdktf(scope, value);
  }
}

/** An object literal that is no token: a map cdktf would resolve member by member. */
const isPlainMap = (value: object): value is Record<string, unknown> =>
  Object.getPrototypeOf(value) === Object.prototype && typeof (value as { resolve?: unknown }).resolve !== 'function';

function resolveList(scope: Construct, list: unknown[]): unknown {
  // A list or number-list token among the items changes how cdktf treats the whole list;
  // otherwise cdktf resolves the items one by one, as here.
  if (list.some((item) => (typeof item === 'number' && !isPlainNumber(item)) || (typeof item === 'string' && item.includes(LIST_TOKEN_MARKER)))) return byCdktf(scope, list);
  const resolved: unknown[] = [];
  for (const item of list) {
    const value = resolveElement(scope, item);
    if (value !== undefined) resolved.push(value);
  }
  return resolved;
}

/**
 * Keys known to hold no token: the same few hundred attribute and tag names make up nearly all of
 * a stack's ≈ 500,000 keys. Bounded, for a long watch or language-server session.
 */
const plainKeys = new Set<string>();
const PLAIN_KEYS_KEPT = 10_000;

/** Whether cdktf would resolve `key` as more than text. `__proto__` too: assigning it sets the prototype, which cdktf's resolver then does itself. */
function isTokenKey(key: string): boolean {
  if (plainKeys.has(key)) return false;
  if (mayHoldToken(key) || key === '__proto__') return true;
  if (plainKeys.size >= PLAIN_KEYS_KEPT) plainKeys.clear();
  plainKeys.add(key);
  return false;
}

function resolveMap(scope: Construct, map: Record<string, unknown>): unknown {
  const keys = Object.keys(map);
  for (const key of keys) if (isTokenKey(key)) return byCdktf(scope, map);
  const resolved: Record<string, unknown> = {};
  // The output is written with sorted keys (stackJson copies a map only when they are not), and
  // the provider classes build their attributes in sorted order: only the rest is sorted here.
  let inOrder = true;
  let previous = '';
  for (const key of keys) {
    if (key === METADATA) continue;
    const value = resolveElement(scope, map[key]);
    if (value === undefined) continue;
    if (key < previous) inOrder = false;
    previous = key;
    resolved[key] = value;
  }
  return inOrder ? resolved : withSortedKeys(resolved);
}

function withSortedKeys(map: Record<string, unknown>): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(map).sort()) sorted[key] = map[key];
  return sorted;
}

/**
 * Merges a resolved element into the stack's JSON as cdktf's `deepMerge` does (objects merged
 * member by member, lists concatenated, undefined deletes), except that an object the target
 * does not have yet is linked instead of copied: `resolveElement` returns fresh objects that
 * nothing else holds, so the copy would be the same value made twice. Every object written into
 * is added to `merged`: its keys may no longer be in sorted order.
 */
export function mergeResolved(target: Record<string, unknown>, source: Record<string, unknown>, merged: Set<object>): void {
  merged.add(target);
  for (const key of Object.keys(source)) {
    const value = source[key];
    const existing = target[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (existing !== null && typeof existing === 'object') mergeResolved(existing as Record<string, unknown>, value as Record<string, unknown>, merged);
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

/**
 * `mergeResolved(target, { [block]: { [type]: { [id]: attributes } } }, merged)` without building
 * that wrapper and walking down it: once the type's map exists, the element's attributes are
 * linked into it (or merged into what is there).
 */
export function placeResolved(target: Record<string, unknown>, block: string, type: string, id: string, attributes: Record<string, unknown>, merged: Set<object>): void {
  const ofBlock = target[block];
  const ofType = isPlainObject(ofBlock) ? ofBlock[type] : undefined;
  if (!isPlainObject(ofBlock) || !isPlainObject(ofType)) {
    mergeResolved(target, { [block]: { [type]: { [id]: attributes } } }, merged);
    return;
  }
  merged.add(target);
  merged.add(ofBlock);
  merged.add(ofType);
  const existing = ofType[id];
  if (existing !== null && typeof existing === 'object') mergeResolved(existing as Record<string, unknown>, attributes, merged);
  else ofType[id] = attributes;
}
