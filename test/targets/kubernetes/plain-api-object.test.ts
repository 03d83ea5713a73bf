/**
 * PlainApiObject renders plain data without cdk8s's per-value resolution: its toJson must give
 * exactly what cdk8s's ApiObject gives (same values, same key order), and hand anything that is
 * not plain data to cdk8s.
 */
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { toStableYaml, toStableYamlDocuments } from '../../../compiler/plugin-api.ts';
import { PlainApiObject, rendersPlainData, UnsanitizedJson } from '../../../targets/kubernetes/plain-api-object.ts';
import { ManifestSynthesizer, type KubeObject } from '../../../targets/kubernetes/synth.ts';
import { mulberry32, randomData } from '../../helpers/random.ts';

const WORDS = ['a', 'b', 'value', 'resolve', 'name', 'labels', 'Z', '10', 'x-y', ''];

const SHAPE = { keys: WORDS, strings: WORDS, undefinedLeaves: 0.15 };
const randomValue = (next: () => number, depth: number) => randomData(next, SHAPE, depth);

function randomObject(next: () => number, index: number): KubeObject {
  const metadata: Record<string, unknown> = { name: `object-${index}` };
  if (next() < 0.6) metadata.labels = randomValue(next, 2) ?? {};
  if (next() < 0.5) metadata.annotations = next() < 0.3 ? {} : { 'x.io/a': 'b', empty: '' };
  if (next() < 0.3) metadata.namespace = 'ns';
  if (next() < 0.3) metadata.finalizers = next() < 0.5 ? [] : ['f'];
  if (next() < 0.3) metadata.extra = randomValue(next, 1);
  const object: KubeObject = { apiVersion: next() < 0.5 ? 'v1' : 'apps/v1', kind: 'Thing', metadata: metadata as KubeObject['metadata'] };
  for (let i = Math.floor(next() * 4); i > 0; i--) object[WORDS[Math.floor(next() * WORDS.length)]! || 'spec'] = randomValue(next, 0);
  return object;
}

/** Both renderings of the same object, in a chart with the given props. */
function renderBoth(object: KubeObject, chartProps: { namespace?: string; labels?: Record<string, string> } = {}, patch?: JsonPatch) {
  const app = new App();
  const plain = new PlainApiObject(new Chart(app, 'plain', chartProps), 'o', object, rendersPlainData(app));
  const cdk8s = new ApiObject(new Chart(app, 'cdk8s', chartProps), 'o', object);
  if (patch) {
    plain.addJsonPatch(patch);
    cdk8s.addJsonPatch(patch);
  }
  return { plain: plain.toJson(), cdk8s: cdk8s.toJson() };
}

/** Equal values (holes and undefined members included) with equal key order (toStrictEqual ignores the order). */
function expectSame(actual: unknown, expected: unknown, context: string) {
  expect(actual, context).toStrictEqual(expected);
  expect(JSON.stringify(actual), context).toBe(JSON.stringify(expected));
}

describe('PlainApiObject', () => {
  it('renders 2000 random plain objects exactly as cdk8s does', () => {
    const next = mulberry32(3);
    for (let run = 0; run < 2000; run++) {
      const object = randomObject(next, run);
      const chartProps = next() < 0.3 ? { namespace: 'chart-ns', labels: { chart: 'yes' } } : {};
      const { plain, cdk8s } = renderBoth(object, chartProps);
      expectSame(plain, cdk8s, JSON.stringify(object));
    }
  });

  it('leaves values that are not plain data, and JSON patches, to cdk8s', () => {
    class Quantity {
      constructor(readonly value: string) {}
    }
    const cases: KubeObject[] = [
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'lazy' }, spec: { replicas: Lazy.any({ produce: () => 3 }) } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'token' }, spec: { size: { resolve: () => '1Gi' } } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'union' }, spec: { cpu: new Quantity('500m') } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'lazy-label', labels: { a: Lazy.any({ produce: () => 'b' }) as unknown as string } } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'proto' }, spec: JSON.parse('{"__proto__": {"b": 2}, "a": 1}') },
    ];
    for (const object of cases) {
      const { plain, cdk8s } = renderBoth(object);
      expectSame(plain, cdk8s, object.metadata.name);
    }
    expect(renderBoth(cases[0]!).plain).toMatchObject({ spec: { replicas: 3 } });
    // eslint-disable-next-line no-sparse-arrays
    const holes = renderBoth({ apiVersion: 'v1', kind: 'A', metadata: { name: 'holes' }, spec: { list: [null, , 1, [], 3], sorted: { a: [1, , 2], b: 'x' } } });
    expectSame(holes.plain, holes.cdk8s, 'holes');
    expect(1 in (holes.plain as { spec: { list: unknown[] } }).spec.list).toBe(false);
    const patched = renderBoth({ apiVersion: 'v1', kind: 'A', metadata: { name: 'p' }, spec: { a: 1 } }, {}, JsonPatch.add('/spec/b', 2));
    expectSame(patched.plain, patched.cdk8s, 'patched');
    expect(patched.plain).toMatchObject({ spec: { a: 1, b: 2 } });
  });

  it('written from its fields (no sanitized copy), gives the bytes of cdk8s\'s rendering, on 2000 random objects', () => {
    const next = mulberry32(13);
    const synthesizer = new ManifestSynthesizer();
    let deferred = 0;
    for (let run = 0; run < 2000; run++) {
      const objects = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, index) => randomObject(next, run * 10 + index));
      const app = new App();
      const chart = new Chart(app, 'cdk8s');
      const expected = toStableYamlDocuments(objects.map((object, index) => new ApiObject(chart, String(index), object).toJson()));
      expect(synthesizer.render(objects.map((object) => ({ object }))), JSON.stringify(objects)).toBe(expected);
      const json = new PlainApiObject(new Chart(app, 'plain'), 'o', objects[0]!, true, true).toJson();
      if (json instanceof UnsanitizedJson) deferred++;
    }
    // the objects with plain metadata take the new path (the others are cdk8s's, tested above)
    expect(deferred).toBeGreaterThan(1500);
  });

  it('written from its fields, hands values that are not plain data to cdk8s', () => {
    class Quantity {
      constructor(readonly value: string) {}
    }
    const listWithValue = Object.assign(['a'], { value: 'b' });
    const cases: KubeObject[] = [
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'lazy' }, spec: { replicas: Lazy.any({ produce: () => 3 }) } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'token' }, spec: { list: [{ size: { resolve: () => '1Gi' } }] } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'union' }, spec: { cpu: [new Quantity('500m')] } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'list-value' }, spec: { a: { b: listWithValue } } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'proto' }, spec: { a: JSON.parse('{"__proto__": {"b": 2}, "a": null}') } },
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'null-proto' }, spec: Object.assign(Object.create(null), { b: 1, a: null }) },
    ];
    /** The bytes, or the message of what was thrown (cdk8s refuses some of these). */
    const outcome = (render: () => string) => {
      try {
        return render();
      } catch (error) {
        return `threw: ${(error as Error).message.replace(/'(?:cdk8s|file)\/[^']*'/, 'PATH')}`;
      }
    };
    const synthesizer = new ManifestSynthesizer();
    for (const object of cases) {
      const expected = outcome(() => toStableYaml(new ApiObject(new Chart(new App(), 'cdk8s'), '0', object).toJson()));
      expect(outcome(() => synthesizer.render([{ object }])), object.metadata.name).toBe(expected);
    }
    expect(synthesizer.render([{ object: cases[0]! }])).toContain('replicas: 3');
  });

  it('writes a key named `constructor` (a label, tag or variable), which cdk8s refuses, with or without a merge patch', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { constructor: 'l' } },
      data: { constructor: 'x', list: [{ constructor: 'item', empty: null }] },
    } as KubeObject;
    expect(() => new ApiObject(new Chart(new App(), 'c'), 'o', object).toJson()).toThrow(/non-simple object/);
    const expected = 'apiVersion: v1\ndata:\n  constructor: x\n  list:\n    - constructor: item\nkind: ConfigMap\nmetadata:\n  labels:\n    constructor: l\n  name: c\n';
    const synthesizer = new ManifestSynthesizer();
    expect(synthesizer.render([{ object }])).toBe(expected);
    expect(synthesizer.render([{ object, mergePatch: { data: { added: 'z' } } }])).toBe(expected.replace('data:\n', 'data:\n  added: z\n'));
  });
});
