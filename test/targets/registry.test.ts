/** The registry and the targets share one manifest each: ids, descriptions, codes and user paths cannot drift. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';

describe('the built-in registry', () => {
  it.each(BUILTIN_TARGETS.map((entry) => [entry.id, entry] as const))('%s: the entry says what the loaded target says', async (_id, entry) => {
    const target = await entry.load();
    const checks = await entry.loadCheck!();
    expect({ id: entry.id, description: entry.description, userPaths: entry.userPaths }).toEqual({ id: target.id, description: target.description, userPaths: target.userPaths });
    expect(checks.diagnostics).toBe(target.diagnostics);
    expect(checks.check).toBe(target.check);
  });
});

describe('the preloaded checks (language server)', () => {
  it('are the registry\'s checks, in its order, with its catalogues', async () => {
    const { BUILTIN_CHECKS } = await import('../../compiler/builtin-checks.ts');
    const registry = await Promise.all(BUILTIN_TARGETS.map(async (entry) => ({ id: entry.id, ...(await entry.loadCheck!()) })));
    expect(BUILTIN_CHECKS.map(({ id, check, diagnostics }) => ({ id, check, diagnostics }))).toEqual(registry.map(({ id, check, diagnostics }) => ({ id, check, diagnostics })));
  });
});
