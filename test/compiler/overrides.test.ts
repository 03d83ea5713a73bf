/** The target-neutral part of `overrides:`: splitting the hatch by address, checking a patch against a schema. */
import { describe, expect, it } from 'vitest';
import { checkMergePatch, overridePointer, targetOverrides, type PatchSchema } from '../../compiler/overrides.ts';

const definitions: Record<string, PatchSchema> = {
  port: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  container: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, ports: { type: 'array', items: { $ref: 'port' } } } },
};
const schema: PatchSchema = {
  type: 'object',
  additionalProperties: false,
  patternProperties: { '^x-': {} },
  properties: {
    replicas: { type: 'integer' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    containers: { type: 'array', items: { $ref: 'container' } },
    mode: { enum: ['fast', 'slow'] },
    limits: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: false, properties: { cpu: { type: 'string' } } }] },
  },
};

describe('checkMergePatch', () => {
  it('accepts what the schema allows, null (a deletion) anywhere, and x- keys where the schema has them', () => {
    expect(checkMergePatch({ replicas: 2, labels: { a: 'b' }, containers: [{ name: 'web', ports: [80, 'http'] }], mode: 'fast', limits: { cpu: '1' }, 'x-note': 1, labels2: null }, schema, { definitions }))
      .toEqual([{ problem: 'unknown-field', path: ['labels2'], field: 'labels2', known: ['containers', 'labels', 'limits', 'mode', 'replicas'], suggestion: 'labels' }]);
    expect(checkMergePatch({ replicas: null, limits: 'small' }, schema, { definitions })).toEqual([]);
  });

  it('finds unknown fields through references and lists, with the closest name', () => {
    expect(checkMergePatch({ containers: [{ name: 'web', prots: [] }] }, schema, { definitions })).toEqual([
      { problem: 'unknown-field', path: ['containers', 0, 'prots'], field: 'prots', known: ['name', 'ports'], suggestion: 'ports' },
    ]);
  });

  it('finds wrong types, outside enums, and inside the object branch of a union', () => {
    expect(checkMergePatch({ replicas: 'two', labels: { a: 1 }, mode: 'medium', limits: { cpus: '1' } }, schema, { definitions })).toEqual([
      { problem: 'wrong-type', path: ['replicas'], expected: 'integer', found: 'string' },
      { problem: 'wrong-type', path: ['labels', 'a'], expected: 'string', found: 'integer' },
      { problem: 'wrong-type', path: ['mode'], expected: 'one of "fast", "slow"', found: '"medium"' },
      { problem: 'unknown-field', path: ['limits', 'cpus'], field: 'cpus', known: ['cpu'], suggestion: 'cpu' },
    ]);
    expect(checkMergePatch({ limits: 5 }, schema, { definitions })).toEqual([{ problem: 'wrong-type', path: ['limits'], expected: 'string or object', found: 'integer' }]);
  });

  it('takes Terraform conversions and expressions only when asked', () => {
    const patch = { replicas: '${var.count}', labels: { a: 1 } };
    expect(checkMergePatch(patch, schema)).toHaveLength(2);
    expect(checkMergePatch(patch, schema, { expressions: true })).toHaveLength(1);
    expect(checkMergePatch({ ...patch, replicas: '3' }, schema, { expressions: true, terraformConversions: true })).toEqual([]);
  });
});

describe('targetOverrides', () => {
  const isAddress = (key: string) => key.includes('/');
  it('reads a map of addresses as named patches, a map without any as the unnamed form', () => {
    expect(targetOverrides({ overrides: { kubernetes: { 'Deployment/web': { spec: {} }, 'Ingress/web': 5 } } }, 'kubernetes', isAddress)).toEqual({
      named: [
        { address: 'Deployment/web', patch: { spec: {} }, value: { spec: {} }, path: ['kubernetes', 'Deployment/web'] },
        { address: 'Ingress/web', patch: {}, value: 5, path: ['kubernetes', 'Ingress/web'] },
      ],
    });
    expect(targetOverrides({ overrides: { kubernetes: { spec: { replicas: 2 } } } }, 'kubernetes', isAddress)).toEqual({
      named: [],
      unnamed: { patch: { spec: { replicas: 2 } }, path: ['kubernetes'] },
    });
    expect(targetOverrides({ overrides: { compose: {} } }, 'kubernetes', isAddress)).toEqual({ named: [] });
  });

  it('points at keys with JSON pointers', () => {
    expect(overridePointer(['kubernetes', 'Deployment/web', 'metadata', 'annotations', 'a~b'])).toBe('/kubernetes/Deployment~1web/metadata/annotations/a~0b');
  });
});
