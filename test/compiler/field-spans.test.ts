/**
 * `fieldSpans` in the model (compiler/normalize/normalize.ts): each environment points a field at
 * its own override when it has one, at the base definition otherwise. The spans of an entity no
 * environment overrides are looked up once and shared, so these pin down when that may happen.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../compiler/load/host.ts';
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

describe("fieldSpans of a testnet's service", () => {
  const file = path.join(import.meta.dirname, '..', '..', 'examples', 'coda-testnet', 'system.yaml');
  const example = readFileSync(file, 'utf8');
  // a top-level service with the same name as the testnet's `echo`, and `echo` overridden in `public`
  const text = example
    .replace('\ntestnets:\n', '\nservices:\n  echo:\n    image: example/echo:1\n    replicas: 1\n\ntestnets:\n')
    .replace(
      '        keys: { secretPrefix: coda-keys/public/coda-qa }\n',
      '        keys: { secretPrefix: coda-keys/public/coda-qa }\n        services:\n          echo: { command: [node, dist/echo-public.js] }\n          public-only: { image: example/public-only:1, resources: { cpu: 100m, memory: 64Mi } }\n',
    );
  const lines = text.split('\n');
  const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
  const { model, diagnostics } = validateSystem(file, { host: memoryHost({ [file]: text }) });
  const echo = (environment?: string) => {
    const resolved = environment === undefined ? model!.base : model!.environments.find((found) => found.environment?.name === environment)!;
    return resolved.testnets['coda-qa']!.services.echo!;
  };

  it('points at the fields the testnet writes, not at a top-level service of the same name', () => {
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const spans = echo().fieldSpans;
    expect(Object.keys(spans)).toEqual(['command', 'env', 'image', 'resources', 'secrets']);
    expect(spans.image!.start.line).toBe(lineOf('image: codaprotocol/coda-bots:0.0.16-beta'));
    expect(spans.env!.start.line).toBe(lineOf('env: { CODA_GRAPHQL_URL'));
    expect(model!.base.services.echo!.fieldSpans.image!.start.line).toBe(lineOf('image: example/echo:1'));
  });

  it("points a field the environment overrides at the environment's override", () => {
    expect(echo('public').fieldSpans.command!.start.line).toBe(lineOf('echo: { command: [node, dist/echo-public.js]'));
    expect(echo('qa').fieldSpans.command!.start.line).toBe(lineOf('command: [node, dist/echo.js]'));
  });

  it('points the fields of a service only the override adds at the override', () => {
    const added = model!.environments.find((found) => found.environment?.name === 'public')!.testnets['coda-qa']!.services['public-only']!;
    expect(Object.keys(added.fieldSpans)).toEqual(['image', 'resources']);
    expect(added.fieldSpans.image!.start.line).toBe(lineOf('public-only: { image'));
  });
});
