/**
 * Deterministic serializers for emitted files: the same value always gives the same bytes
 * (LF line endings, a trailing newline, no timestamps). Built-in targets and plugins use these.
 */
import { stringify, visit, type Document, type ToStringOptions } from 'yaml';
import { isPlainObject } from './data.ts';

/** Returns a deep copy of `value` with every object's keys sorted; `undefined` members dropped. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = sortKeysDeep(member);
    }
    return sorted as T;
  }
  return value;
}

export interface SerializeOptions {
  /** Sort object keys (default true). Pass false when the value was built in a meaningful order. */
  sortKeys?: boolean;
}

/** JSON with two-space indentation and a trailing newline. */
export function toStableJson(value: unknown, options: SerializeOptions = {}): string {
  const ordered = options.sortKeys === false ? value : sortKeysDeep(value);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const YAML_OPTIONS = {
  lineWidth: 0,
  aliasDuplicateObjects: false,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  version: '1.1',
} as const;

/**
 * Strings that are plain YAML under both 1.1 and 1.2 resolution: they start with a letter or `_`,
 * hold only characters that are never indicators, and are not words YAML 1.1 reads as booleans
 * or null. Everything else is quoted by the yaml library itself, so both paths agree byte for byte.
 */
const SIMPLE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@+=-]*(?: [A-Za-z0-9_./@+=()-]+)*$/;
/** One word with colons inside but not at its end (`arn:aws:…`, `https://host:8080/x`): plain too. */
const PLAIN_WITH_COLONS = /^[A-Za-z_/][A-Za-z0-9_./@+=:-]*[A-Za-z0-9_./@+=-]$/;
/**
 * A Go template's reference to one value, `{{ .name }}` (the Kubernetes target's ExternalSecret
 * templates: 1,410 of the 1,517 strings a 1,000-service build sent to the library): it starts with a
 * flow indicator, so the library double-quotes it, and it holds nothing to escape.
 */
const TEMPLATE_REFERENCE = /^\{\{ \.[A-Za-z0-9_]+ \}\}$/;
const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/**
 * Characters YAML 1.1 readers take for line breaks (go-yaml in kubectl and docker compose, PyYAML)
 * and YAML 1.2 and the yaml library do not: written raw, even between quotes, such a reader folds
 * them into a space or fails. A string holding one is double-quoted with them escaped.
 */
const YAML11_BREAKS = /[\u0085\u2028\u2029]/;
const YAML11_BREAKS_ALL = /[\u0085\u2028\u2029]/g;
const YAML11_BREAK_ESCAPES: Readonly<Record<string, string>> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };
/** `yaml` text with each such character escaped: valid where every one sits in a double-quoted scalar or a comment. */
export const escapeYaml11Breaks = (yaml: string) => yaml.replace(YAML11_BREAKS_ALL, (character) => YAML11_BREAK_ESCAPES[character]!);

/**
 * The text of a document of the yaml library, which writes these characters raw: each scalar
 * holding one is made double-quoted, and then each is escaped. (A comment is written as it is
 * set, and the library starts a new comment line at such a character: escape its text first.)
 */
export function yaml11SafeText(document: Document, options?: ToStringOptions): string {
  let breaks = false;
  visit(document, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && YAML11_BREAKS.test(scalar.value)) {
        scalar.type = 'QUOTE_DOUBLE';
        breaks = true;
      }
    },
  });
  const text = document.toString(options);
  return breaks ? escapeYaml11Breaks(text) : text;
}

/**
 * `parts.join(separator)`, by concatenation. In Node 20's V8, `Array#join` returns a two-byte
 * string when a part is an internalized string used as a property key (as entity names are),
 * though all of it is ASCII; every string made from it is two-byte too, and one such string in a
 * file makes `JSON.stringify` or the YAML writer write it whole two-byte: twice its size in memory
 * (on both threads, for a target in a worker). Concatenation keeps ASCII one-byte.
 */
export function joined(parts: readonly string[], separator: string): string {
  let text = '';
  for (let index = 0; index < parts.length; index++) text = index === 0 ? parts[0]! : text + separator + parts[index]!;
  return text;
}

const scalarCache = new Map<string, string>();

/** Whether a string is written as it is: plain under YAML 1.1 and 1.2 (see SIMPLE_PLAIN), one line. */
// every YAML 1.1 word is at most 5 characters long
const writtenAsIs = (text: string) => (SIMPLE_PLAIN.test(text) || PLAIN_WITH_COLONS.test(text)) && (text.length > 5 || !YAML11_WORDS.test(text));

/** One string as a YAML scalar on a single line (multi-line strings are handled by the caller). */
function yamlString(text: string): string {
  return writtenAsIs(text) ? text : quotedLine(text);
}

/** A one-line string that is not written as it is. */
function quotedLine(text: string): string {
  if (TEMPLATE_REFERENCE.test(text)) return `"${text}"`;
  let cached = scalarCache.get(text);
  if (cached === undefined) {
    cached = YAML11_BREAKS.test(text) ? doubleQuoted(text) : stringify(text, YAML_OPTIONS).replace(/\n$/, '');
    // Alone as a document, text that starts with a marker (`---`, `...`) comes back as a block
    // scalar; after `key: ` at any depth that is wrong YAML. One line stays one line.
    if (cached.includes('\n')) cached = doubleQuoted(text);
    // large enough for the distinct quoted strings of a 1,000-service build (≈ 10,000)
    if (scalarCache.size > 50_000) scalarCache.clear();
    scalarCache.set(text, cached);
  }
  return cached;
}

/**
 * A string as a YAML scalar; a multi-line one as a block literal whose lines are at `indent`.
 * Most strings are written as they are, which is tested first (a multi-line string never is).
 */
function stringScalar(text: string, indent: string): string {
  if (writtenAsIs(text)) return text;
  if (text.includes('\n')) return blockLiteral(text, indent) ?? doubleQuoted(text);
  return quotedLine(text);
}

/** A map key as written before a value on its line (`key: `) and before a block below it (`key:` and a line break). */
interface WrittenKey {
  inline: string;
  block: string;
}

const keyCache = new Map<string, WrittenKey>();

/** A map key: as a string scalar, but a multi-line key is double-quoted (no block literal). Keys repeat: cached. */
function yamlKey(key: string): WrittenKey {
  let written = keyCache.get(key);
  if (written === undefined) {
    const text = key.includes('\n') ? doubleQuoted(key) : yamlString(key);
    written = { inline: `${text}: `, block: `${text}:\n` };
    if (keyCache.size > 50_000) keyCache.clear();
    keyCache.set(key, written);
  }
  return written;
}

/** Indentation one level (two spaces) deeper than `indent`, made once per depth rather than per map. */
const indents = [''];
function deeper(indent: string): string {
  const depth = indent.length / 2 + 1;
  while (indents.length <= depth) indents.push(`${indents[indents.length - 1]}  `);
  return indents[depth]!;
}

/**
 * A block literal (`|` or `|-`) for regular multi-line text, else undefined. Text with leading
 * whitespace, several trailing newlines, trailing spaces or control characters is double-quoted
 * instead: always valid, where a literal would need indicators.
 */
function blockLiteral(text: string, indent: string): string | undefined {
  if (/^\s/.test(text) || /\n\n$/.test(text) || /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]|[ \t]\n|[ \t]$/.test(text)) return undefined;
  const clip = text.endsWith('\n');
  const lines = (clip ? text.slice(0, -1) : text).split('\n').map((line) => (line ? `${indent}${line}` : ''));
  return `|${clip ? '' : '-'}\n${lines.join('\n')}`;
}

const doubleQuoted = (text: string) => escapeYaml11Breaks(stringify(text, { ...YAML_OPTIONS, defaultStringType: 'QUOTE_DOUBLE' }).replace(/\n$/, ''));

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : yamlString(String(value));
  return stringScalar(String(value), indent);
}

/**
 * Distinct keys sorted in code unit order, as `Array#sort` without a comparator sorts them. A
 * short list (most maps) by insertion in place: `Array#sort` allocates work arrays for every call.
 */
function sortedKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index]!;
    let at = index - 1;
    for (; at >= 0 && keys[at]! > key; at--) keys[at + 1] = keys[at]!;
    keys[at + 1] = key;
  }
  return keys;
}

/** What the writer throws, in plain-data mode, on a value that is not plain data. */
const NOT_PLAIN_DATA = Symbol('not plain data');

/**
 * Writes block YAML into one string. A line starts with `lead`: the indentation, or for the
 * first line of a list item the same width ending in `- ` (the item's first member or inner
 * item shares the dash's line). With `sorted`, every map's keys are taken in sorted order and
 * its undefined members skipped, which is what writing `sortKeysDeep(value)` gives, without
 * the copy.
 */
class BlockWriter {
  text = '';

  /**
   * `plainData` (sorted mode only): null map members are left out like undefined ones, and a
   * value that is not plain data throws NOT_PLAIN_DATA (see toStableYamlOfPlainData).
   */
  constructor(
    private readonly sorted: boolean,
    private readonly plainData = false,
  ) {}

  /** Whether a map member is left out: undefined, or null in plain-data mode. */
  omitted(member: unknown): boolean {
    return member === undefined || (member === null && this.plainData);
  }

  /**
   * In plain-data mode, throws unless `map` is a plain map: Object's prototype, no own `__proto__`
   * (an own `constructor` is a key like any other). This and checkList are the maps and lists
   * targets/kubernetes/plain-api-object.ts renders without cdk8s; its tests compare both paths
   * with cdk8s's ApiObject.
   */
  checkMap(map: Record<string, unknown>): void {
    if (this.plainData && (Object.getPrototypeOf(map) !== Object.prototype || Object.hasOwn(map, '__proto__'))) throw NOT_PLAIN_DATA;
  }

  /** In plain-data mode, throws unless `list` is a plain list: Array's prototype, no `resolve` or `value` member. */
  checkList(list: readonly unknown[] & { resolve?: unknown; value?: unknown }): void {
    if (this.plainData && (Object.getPrototypeOf(list) !== Array.prototype || list.resolve !== undefined || list.value !== undefined)) throw NOT_PLAIN_DATA;
  }

  /** A scalar; in plain-data mode only a string, number, boolean, null or undefined. */
  scalar(value: unknown, indent: string): string {
    if (this.plainData && value !== null && value !== undefined) {
      const type = typeof value;
      if (type !== 'string' && type !== 'number' && type !== 'boolean') throw NOT_PLAIN_DATA;
    }
    return scalar(value, indent);
  }

  /** The keys to write: all own keys in insertion order, or the defined ones sorted. */
  keysOf(map: Record<string, unknown>): string[] {
    const keys = Object.keys(map);
    if (!this.sorted) return keys;
    // most maps arrive sorted already (cdk8s sorts its output): checking is cheaper than copying
    let omitted = false;
    let inOrder = true;
    for (let index = 0; index < keys.length; index++) {
      if (this.omitted(map[keys[index]!])) omitted = true;
      else if (index > 0 && keys[index - 1]! > keys[index]!) inOrder = false;
    }
    if (omitted) return sortedKeys(keys.filter((key) => !this.omitted(map[key])));
    // Object.keys gave a new list: sorted in place
    return inOrder ? keys : sortedKeys(keys);
  }

  /**
   * Sorted mode, for a map with no inherited keys: how many defined members it has when they come
   * in order (as cdk8s and sortKeysDeep give them), so that `map` writes them in one pass; -1 when
   * they do not. Checked before anything is written: a map found out of order after writing its
   * members would be written twice, and each level below it again (exponential in the depth).
   */
  definedInOrder(map: Record<string, unknown>): number {
    if (!this.sorted) return -1;
    this.checkMap(map);
    const prototype = Object.getPrototypeOf(map);
    if (prototype !== Object.prototype && prototype !== null) return -1;
    let previous: string | undefined;
    let count = 0;
    for (const key in map) {
      if (this.omitted(map[key])) continue;
      if (previous !== undefined && previous > key) return -1;
      previous = key;
      count++;
    }
    return count;
  }

  /**
   * A map, the member `key` of a map or (without a key) an item of a list, on a line starting
   * with `lead`: `{}` when it has no member to write, else its members at `indent`, the first
   * one's line starting with `first`. A map in order is written with a for-in loop, which reads
   * each member through the map's key cache (a list of keys costs a generic lookup per key, twice).
   */
  map(value: Record<string, unknown>, lead: string, key: WrittenKey | undefined, indent: string, first: string): void {
    const inOrder = this.definedInOrder(value);
    if (inOrder === 0) this.emptyMap(lead, key);
    else if (inOrder > 0) {
      if (key) this.text += `${lead}${key.block}`;
      let memberLead = first;
      for (const name in value) {
        const member = value[name];
        if (this.omitted(member)) continue;
        this.member(yamlKey(name), member, memberLead, indent);
        memberLead = indent;
      }
    } else {
      const keys = this.keysOf(value);
      if (keys.length === 0) this.emptyMap(lead, key);
      else {
        if (key) this.text += `${lead}${key.block}`;
        this.members(value, keys, indent, first);
      }
    }
  }

  emptyMap(lead: string, key: WrittenKey | undefined): void {
    this.text += key ? `${lead}${key.inline}{}\n` : `${lead}- {}\n`;
  }

  document(value: unknown): void {
    if (Array.isArray(value)) {
      this.checkList(value);
      if (value.length === 0) this.text += '[]\n';
      else this.items(value, '', '');
    } else if (isPlainObject(value)) {
      this.checkMap(value);
      // not `map`: a manifest's top level comes with apiVersion, kind and metadata first
      // sorted mode: keysOf left out the omitted members already
      const keys = this.sorted ? this.keysOf(value) : this.keysOf(value).filter((key) => !this.omitted(value[key]));
      if (keys.length === 0) this.text += '{}\n';
      else this.members(value, keys, '', '');
    } else {
      this.text += `${this.scalar(value, '')}\n`;
    }
  }

  members(map: Record<string, unknown>, keys: readonly string[], indent: string, first: string): void {
    let lead = first;
    for (const key of keys) {
      const member = map[key];
      if (this.omitted(member)) continue;
      this.member(yamlKey(key), member, lead, indent);
      lead = indent;
    }
  }

  member(key: WrittenKey, value: unknown, lead: string, indent: string): void {
    const inner = deeper(indent);
    // strings first, the most common members (always plain data)
    if (typeof value === 'string') this.text += `${lead}${key.inline}${stringScalar(value, inner)}\n`;
    else if (Array.isArray(value)) {
      this.checkList(value);
      if (value.length === 0) this.text += `${lead}${key.inline}[]\n`;
      else {
        this.text += `${lead}${key.block}`;
        this.items(value, inner, inner);
      }
    } else if (isPlainObject(value)) {
      this.map(value, lead, key, inner, inner);
    } else {
      this.text += `${lead}${key.inline}${this.scalar(value, inner)}\n`;
    }
  }

  /** List items at `indent`, the first one's line starting with `first`. */
  items(list: readonly unknown[], indent: string, first: string): void {
    let lead = first;
    for (const item of list) {
      this.item(item, lead, indent);
      lead = indent;
    }
  }

  /** `- scalar`, or a map or list whose first line shares the dash. */
  item(value: unknown, lead: string, indent: string): void {
    const inner = deeper(indent);
    if (typeof value === 'string') this.text += `${lead}- ${stringScalar(value, inner)}\n`;
    else if (Array.isArray(value)) {
      this.checkList(value);
      if (value.length === 0) this.text += `${lead}- []\n`;
      else this.items(value, inner, `${lead}- `);
    } else if (isPlainObject(value)) {
      this.map(value, lead, undefined, inner, `${lead}- `);
    } else {
      this.text += `${lead}- ${this.scalar(value, inner)}\n`;
    }
  }
}

/**
 * YAML in block style with no line folding and no aliases, for JSON-like data. Strings that
 * YAML 1.1 readers (kubectl, PyYAML) would take for booleans — `yes`, `no`, `on`, `off`, `y`, `n`
 * — are quoted, and those holding a character they take for a line break (U+0085, U+2028, U+2029)
 * are double-quoted with it escaped. Written directly rather than through a YAML document tree: this runs for every
 * emitted file and is several times faster, with the same bytes.
 */
export function toStableYaml(value: unknown, options: SerializeOptions = {}): string {
  const writer = new BlockWriter(options.sortKeys !== false);
  writer.document(value);
  return writer.text;
}

/**
 * What toStableYaml writes for a copy of `value` with every null map member left out, when
 * `value` is plain data; undefined when it is not. Plain data: strings, numbers, booleans, null
 * and undefined, lists with Array's prototype and no `resolve` or `value` member, maps with
 * Object's prototype and no own `__proto__` key (what cdk8s renders as a copy of itself, and maps
 * with a key named `constructor`, which cdk8s refuses: the Kubernetes target writes its objects
 * with this, without making the copy).
 */
export function toStableYamlOfPlainData(value: unknown): string | undefined {
  const writer = new BlockWriter(true, true);
  try {
    writer.document(value);
  } catch (error) {
    if (error === NOT_PLAIN_DATA) return undefined;
    throw error;
  }
  return writer.text;
}

/** Several YAML documents in one file, separated by `---`. */
export function toStableYamlDocuments(values: unknown[], options: SerializeOptions = {}): string {
  return values.map((value) => toStableYaml(value, options)).join('---\n');
}
