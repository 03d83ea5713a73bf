/** `deepFreeze` (compiler/targets.ts): every target reads the same model, so all of it must be read-only. */
import { describe, expect, it } from 'vitest';
import { validateSystem } from '../../compiler/pipeline.ts';
import { deepFreeze } from '../../compiler/targets.ts';
import { bundledExamples } from '../../compiler/plugin-testing.ts';

/** Every object and array reachable from `value`, with its path. */
function containers(value: unknown, at = '$', found: [string, object][] = []): [string, object][] {
  if (typeof value !== 'object' || value === null) return found;
  found.push([at, value]);
  for (const [key, member] of Object.entries(value)) containers(member, `${at}.${key}`, found);
  return found;
}

describe('deepFreeze', () => {
  it('freezes every object and array of a model, in arrays and maps alike', () => {
    const { model } = validateSystem(bundledExamples()[0]!);
    expect(model).toBeDefined();
    const all = containers(deepFreeze(model));
    expect(all.some(([, value]) => Array.isArray(value))).toBe(true);
    expect(all.filter(([, value]) => !Object.isFrozen(value)).map(([at]) => at)).toEqual([]);
  });

  it('freezes values held twice and nested arrays, and leaves primitives as they are', () => {
    const shared = { name: 'shared', tags: ['a', ['b', { deep: true }]] };
    const value = deepFreeze({ first: shared, second: shared, list: [shared, [1, { n: 2 }]], nothing: null, text: 'x' });
    expect(containers(value).filter(([, member]) => !Object.isFrozen(member)).map(([at]) => at)).toEqual([]);
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
  });
});

describe('deepFreeze, on what plugins may give it (options are anything their schema returns)', () => {
  it("freezes an array's members that are not items, as Object.values lists them", () => {
    const match = deepFreeze(/^(?<host>[^:]+):(?<port>\d+)$/.exec('db:5432')!);
    expect(Object.isFrozen(match.groups)).toBe(true);
  });

  it('leaves inherited members alone: a prototype shared by other objects is not frozen', () => {
    class Endpoint {
      declare retry: { attempts: number };
    }
    const shared = { attempts: 3 };
    (Endpoint.prototype as unknown as Record<string, unknown>).retry = shared; // enumerable, inherited
    deepFreeze(new Endpoint());
    expect(Object.isFrozen(shared)).toBe(false);
  });
});
