/**
 * The JSON Schema teaches: every property has a description and a markdown description with an
 * example, every example is valid where it stands, and a strict validator compiles the schema
 * without a warning (standard keywords and formats only; `markdownDescription` is the one editor
 * annotation it carries, VS Code's).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { STANDARD_FORMATS, systemJsonSchema } from '../../schema/json-schema.ts';

type Node = Record<string, unknown>;

interface Property {
  path: string[];
  node: Node;
}

/** Every property of the schema with its path (`*` for a name, `[]` for a list item). */
function properties(): Property[] {
  const found: Property[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const object = node as Node;
    for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(object[branch])) (object[branch] as unknown[]).forEach((each) => walk(each, path));
    for (const [key, property] of Object.entries((object.properties ?? {}) as Record<string, Node>)) {
      found.push({ path: [...path, key], node: property });
      walk(property, [...path, key]);
    }
    if (object.additionalProperties && typeof object.additionalProperties === 'object') walk(object.additionalProperties, [...path, '*']);
    if (object.items) walk(object.items, [...path, '[]']);
  };
  walk(systemJsonSchema(), []);
  return found;
}

const strictAjv = (warnings: string[]) => {
  const logger = { log: (...args: unknown[]) => warnings.push(args.join(' ')), warn: (...args: unknown[]) => warnings.push(args.join(' ')), error: (...args: unknown[]) => warnings.push(args.join(' ')) };
  // code.optimize only shortens the generated code (a quarter of this file's time over ~260 compiles): what validates, and what strict mode reports, is the same.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, logger, code: { optimize: false }, formats: Object.fromEntries(STANDARD_FORMATS.map((format) => [format, true])) });
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  return ajv;
};

describe('the JSON Schema teaches', () => {
  const all = properties();

  it('describes every property, top-level keys included, with an example in its markdown description', () => {
    expect(all.length).toBeGreaterThan(500);
    const undescribed = all.filter(({ node }) => typeof node.description !== 'string' || !(node.description as string).trim()).map(({ path }) => path.join('.'));
    const withoutExample = all.filter(({ node }) => !/```yaml\n[\s\S]+\n```$/.test(String(node.markdownDescription ?? ''))).map(({ path }) => path.join('.'));
    expect(undescribed).toEqual([]);
    expect(withoutExample).toEqual([]);
    const system = systemJsonSchema().properties as Record<string, Node>;
    expect(system.services!.markdownDescription).toMatch(/^Long-running containers/);
  });

  it('shows each key in place in its example, and every example is valid for its key', () => {
    const warnings: string[] = [];
    const ajv = strictAjv(warnings);
    const invalid: string[] = [];
    // Many properties share a schema (a duration, a name): compile each distinct one once.
    const compiled = new Map<string, ValidateFunction>();
    for (const { path, node } of all) {
      const markdown = node.markdownDescription as string;
      const yaml = /```yaml\n([\s\S]*?)\n```/.exec(markdown)![1]!;
      const last = path[path.length - 1]!;
      expect(yaml.split('\n').at(-1), path.join('.')).toMatch(new RegExp(`^\\s*(- )?${last.replace(/\$/g, '\\$')}: `));
      const { description: _d, markdownDescription: _m, ...schema } = node;
      let value: unknown;
      try {
        parse(yaml); // the whole example is YAML
        value = parse(yaml.split('\n').at(-1)!.replace(/^\s*(- )?/, ''))[last];
      } catch (error) {
        invalid.push(`${path.join('.')}: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      const key = JSON.stringify(schema);
      if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
      const validate = compiled.get(key)!;
      if (!validate(value)) invalid.push(`${path.join('.')}: ${JSON.stringify(value)} ${ajv.errorsText(validate.errors)}`);
    }
    expect(invalid).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('compiles in ajv strict mode without a warning: standard keywords and formats only', () => {
    const warnings: string[] = [];
    expect(() => strictAjv(warnings).compile(systemJsonSchema())).not.toThrow();
    expect(warnings).toEqual([]);
    const formats = JSON.stringify(systemJsonSchema()).match(/"format":"[^"]+"/g) ?? [];
    for (const format of formats) expect(STANDARD_FORMATS as readonly string[]).toContain(JSON.parse(`{${format}}`).format);
  });
});
