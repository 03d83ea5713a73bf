/** The committed JSON Schema is generated from zod and must never drift from it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { systemJsonSchema } from '../../schema/json-schema.ts';
import { toStableJson } from '../../compiler/serialize.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const committed = readFileSync(path.join(ROOT, 'schema', 'system.schema.json'), 'utf8');

describe('schema/system.schema.json', () => {
  it('equals what `infragen schema` prints (regenerate with `node dist/cli.mjs schema > schema/system.schema.json`)', () => {
    expect(committed).toBe(toStableJson(systemJsonSchema(), { sortKeys: false }));
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(committed));
  const examples = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'examples', entry.name, 'system.yaml')))
    .map((entry) => entry.name);

  it.each(examples)('accepts examples/%s/system.yaml', (example) => {
    const data = parse(readFileSync(path.join(ROOT, 'examples', example, 'system.yaml'), 'utf8'));
    expect(validate(data) ? [] : validate.errors).toEqual([]);
  });

  it('rejects unknown keys but accepts x-* keys, as the compiler does', () => {
    expect(validate({ infragen: 1, system: 'a', services: { api: { image: 'a:1', replica: 2 } } })).toBe(false);
    expect(validate({ infragen: 1, system: 'a', 'x-team': 'core', services: { api: { image: 'a:1', 'x-cost-center': 7 } } })).toBe(true);
  });
});
