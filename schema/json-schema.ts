/**
 * The JSON Schema of system.yaml, generated from the zod schema (never written by hand). It is
 * committed as `schema/system.schema.json` for editors; a test keeps the two equal.
 */
import { z } from 'zod';
import { system } from './system.ts';

export const SCHEMA_ID = 'https://infragen.dev/schema/system.schema.json';

let cached: Record<string, unknown> | undefined;

/** Every closed object also accepts `x-*` keys, which the compiler keeps for plugins. */
function allowExtensionKeys(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(allowExtensionKeys);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  if (object.type === 'object' && object.additionalProperties === false && object.properties) {
    object.patternProperties = { '^x-': {} };
  }
  Object.values(object).forEach(allowExtensionKeys);
}

export function systemJsonSchema(): Record<string, unknown> {
  if (!cached) {
    const generated = z.toJSONSchema(system, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
    allowExtensionKeys(generated);
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
