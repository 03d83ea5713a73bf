/** The registry and the targets share one manifest each: ids, descriptions, codes and user paths cannot drift. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_TARGETS } from '../../targets/index.ts';

describe('the built-in registry', () => {
  it.each(BUILTIN_TARGETS.map((entry) => [entry.id, entry] as const))('%s: the entry says what the loaded target says', async (_id, entry) => {
    const target = await entry.load();
    const checks = await entry.loadCheck!();
    expect({ id: entry.id, description: entry.description, userPaths: entry.userPaths }).toEqual({ id: target.id, description: target.description, userPaths: target.userPaths });
    expect(checks.diagnostics).toBe(target.diagnostics);
    expect(checks.check).toBe(target.check);
  });
});
