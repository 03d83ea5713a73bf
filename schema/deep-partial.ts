import { z } from 'zod';

/**
 * The schema of an environment override: every key optional at every depth of nested objects,
 * defaults removed (an override must never reset a value the base definition set), unknown keys
 * still rejected. Unions, records and arrays are kept as they are: they replace, not merge.
 */
export function deepPartial(schema: z.ZodType): z.ZodType {
  const inner = unwrapOptional(schema);
  if (inner instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, member] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      shape[key] = deepPartial(member).optional();
    }
    return z.strictObject(shape);
  }
  return inner;
}

function unwrapOptional(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
