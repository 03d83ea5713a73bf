/**
 * The JSON Schema of system.yaml, generated from the zod schema (never written by hand). It is
 * committed as `schema/system.schema.json` for editors; a test keeps the two equal.
 */
import { z } from 'zod';
import { EXAMPLE_NAMES, KEY_DOCS } from './descriptions.ts';
import { BUILTIN_TARGETS } from '../compiler/builtin-targets.ts';
import type { TargetEntry } from '../compiler/targets.ts';
import { system } from './system.ts';

export const SCHEMA_ID = 'https://infragen.dev/schema/system.schema.json';

let cached: Record<string, unknown> | undefined;

/** The formats JSON Schema 2020-12 defines; zod also writes its own (`starts_with`), which validators do not know. */
export const STANDARD_FORMATS = [
  'date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6', 'uri',
  'uri-reference', 'iri', 'iri-reference', 'uuid', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex',
] as const;

/**
 * Every closed object also accepts `x-*` keys, which the compiler keeps for plugins; a format
 * outside the standard is dropped (zod writes the same rule as a `pattern` beside it).
 */
function finish(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(finish);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  if (object.type === 'object' && object.additionalProperties === false && object.properties) {
    object.patternProperties = { '^x-': {} };
  }
  if (typeof object.format === 'string' && !(STANDARD_FORMATS as readonly string[]).includes(object.format)) {
    if (typeof object.pattern !== 'string') throw new Error(`format "${object.format}" has no pattern to stand for it`);
    delete object.format;
  }
  Object.values(object).forEach(finish);
}

/**
 * The built-in targets' options schemas under `targets.<id>` and `environments.<env>.targets.<id>`,
 * so editors complete and check them; other ids (plugins) stay open maps. Added after `finish`:
 * the compiler checks options against the schema as the target wrote it, without `x-*` keys.
 */
function addTargetOptions(generated: Record<string, unknown>): void {
  const root = generated.properties as Record<string, Record<string, unknown>>;
  const environment = (root.environments!.additionalProperties as Record<string, unknown>).properties as Record<string, Record<string, unknown>>;
  const options = Object.fromEntries(BUILTIN_TARGETS.flatMap((entry) => (entry.optionsSchema ? [[entry.id, optionsJsonSchema(entry.optionsSchema)]] : [])));
  for (const sections of [root.targets!, environment.targets!]) sections.properties = JSON.parse(JSON.stringify(options));
}

/** A target's options schema as JSON Schema: zod's converted (without its own `$schema`), JSON Schema as written. */
function optionsJsonSchema(schema: NonNullable<TargetEntry['optionsSchema']>): Record<string, unknown> {
  if (!(schema instanceof z.ZodType)) return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  const { $schema: _schema, ...converted } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(converted)) as Record<string, unknown>;
}

/**
 * A key's path as KEY_DOCS names it: a per-environment override (`…environments.<env>.x`) is
 * documented as `x` itself, an environment's target options (`environments.<env>.targets.<id>.x`)
 * as the system-wide `targets.<id>.x`.
 */
function docPath(path: readonly string[]): string[] {
  if (path.length > 3 && path[0] === 'environments' && path[2] === 'targets') return docPath(path.slice(2));
  const result: string[] = [];
  for (let index = 0; index < path.length; index++) {
    if (index > 0 && path[index] === 'environments' && path[index + 1] === '*' && index + 2 < path.length) {
      index++;
      continue;
    }
    result.push(path[index]!);
  }
  return result;
}

/** The example as it sits in system.yaml: the key nested under its parents, `*` as an example name, `[]` as a list item. */
export function exampleYaml(path: readonly string[], value: string): string {
  const lines: string[] = [];
  let indent = 0;
  let item = false;
  path.forEach((segment, index) => {
    if (segment === '[]') {
      item = true;
      return;
    }
    const key = segment === '*' ? EXAMPLE_NAMES[path[index - 1]!] ?? 'example' : segment;
    const prefix = `${' '.repeat(indent)}${item ? '- ' : ''}`;
    indent += item ? 4 : 2;
    item = false;
    lines.push(index === path.length - 1 ? `${prefix}${key}: ${value}` : `${prefix}${key}:`);
  });
  return lines.join('\n');
}

/** Sets `description` and `markdownDescription` (with the example) on every property found in KEY_DOCS. */
function describe(node: unknown, path: string[], texts = new Map<string, string>()): void {
  if (Array.isArray(node)) return node.forEach((each) => describe(each, path, texts));
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(object[branch])) describe(object[branch], path, texts);
  if (object.properties && typeof object.properties === 'object') {
    for (const [key, property] of Object.entries(object.properties as Record<string, Record<string, unknown>>)) {
      const keyPath = docPath([...path, key]);
      const doc = KEY_DOCS[keyPath.join('.')];
      // An override's copy of a key may lack zod's description: it takes the one the key itself got.
      const text = doc?.[0] ?? (property.description as string | undefined) ?? texts.get(keyPath.join('.'));
      if (doc && text) {
        texts.set(keyPath.join('.'), text);
        property.description = text;
        property.markdownDescription = `${text}\n\n\`\`\`yaml\n${exampleYaml(keyPath, doc[1])}\n\`\`\``;
      }
      describe(property, [...path, key], texts);
    }
  }
  if (object.additionalProperties && typeof object.additionalProperties === 'object') describe(object.additionalProperties, [...path, '*'], texts);
  if (object.items) describe(object.items, [...path, '[]'], texts);
}

export function systemJsonSchema(): Record<string, unknown> {
  if (!cached) {
    // A copy: zod may hand out one object for a schema used in several places, and each place gets its own example.
    const generated = JSON.parse(JSON.stringify(z.toJSONSchema(system, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }))) as Record<string, unknown>;
    finish(generated);
    addTargetOptions(generated);
    describe(generated, []);
    cached = {
      $schema: generated.$schema,
      $id: SCHEMA_ID,
      title: 'infragen system.yaml',
      description: 'One declarative file that describes a whole system; see docs/language.md.',
      ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
    };
  }
  return cached;
}
