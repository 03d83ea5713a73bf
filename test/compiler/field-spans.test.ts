/**
 * `fieldSpans` in the model (compiler/normalize/normalize.ts): each environment points a field at
 * its own override when it has one, at the base definition otherwise. The spans of an entity no
 * environment overrides are looked up once and shared, so these pin down when that may happen.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSystem } from '../../compiler/pipeline.ts';

const SYSTEM = path.join(import.meta.dirname, '..', '..', 'examples', 'atala-credentials', 'system.yaml');

describe('fieldSpans of an entity overridden in one environment only', () => {
  const { model } = validateSystem(SYSTEM);
  const environment = (name: string) => model!.environments.find((resolved) => resolved.environment?.name === name)!;
  // `connector` sets `replicas: 1` on line 62 and `environments: { staging: { replicas: 2 } }` on line 76
  const base = model!.base.services.connector!.fieldSpans;
  const develop = environment('develop').services.connector!.fieldSpans;
  const staging = environment('staging').services.connector!.fieldSpans;

  it("points the overriding environment's field at its override, the others at the base definition", () => {
    expect(base.replicas!.start.line).toBe(62);
    expect(develop.replicas!.start.line).toBe(62);
    expect(staging.replicas!.start.line).toBe(76);
    expect(staging.image ?? staging.build).toEqual(base.image ?? base.build);
    expect(develop).toEqual(base);
  });

  it('gives every part of the model its own record, so changing one changes no other', () => {
    expect(develop).not.toBe(base);
    delete (develop as Record<string, unknown>).replicas;
    expect(base.replicas).toBeDefined();
  });
});
