/**
 * RegionStack.synthesize skips cdktf's invokeAspects because no aspect is ever added to these
 * stacks: if cdktf, the provider classes or this target started adding one, this fails.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Aspects } from 'cdktf';
import { compileWithTarget } from '../../helpers/compile.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('terraform stacks and cdktf aspects', () => {
  afterEach(() => vi.restoreAllMocks());

  it('adds no aspect while the hathor-wallet example is built', async () => {
    const added = vi.spyOn(Aspects.prototype, 'add');
    const { files } = await compileWithTarget('terraform', path.join(ROOT, 'examples', 'hathor-wallet', 'system.yaml'));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(added).not.toHaveBeenCalled();
  });

  it('would see an aspect added through cdktf', () => {
    const added = vi.spyOn(Aspects.prototype, 'add');
    Aspects.of(new (class {})() as never).add({ visit: () => undefined });
    expect(added).toHaveBeenCalledTimes(1);
  });
});
