/** The committed JSON Schema is generated from zod and must never drift from it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bundledExamples } from '../../compiler/plugin-testing.ts';
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

  it.each(bundledExamples().map((system) => path.relative(ROOT, system)))('accepts %s', (system) => {
    const data = parse(readFileSync(path.join(ROOT, system), 'utf8'));
    expect(validate(data) ? [] : validate.errors).toEqual([]);
  });

  it('rejects unknown keys but accepts x-* keys, as the compiler does', () => {
    expect(validate({ infragen: 1, system: 'a', services: { api: { image: 'a:1', replica: 2 } } })).toBe(false);
    expect(validate({ infragen: 1, system: 'a', 'x-team': 'core', services: { api: { image: 'a:1', 'x-cost-center': 7 } } })).toBe(true);
  });
});
