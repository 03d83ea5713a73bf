/** What the bin reads from the command line before the CLI loads (compiler/cli/early-args.ts). */
import { describe, expect, it } from 'vitest';
import { asksToWatch, runsLong } from '../../compiler/cli/early-args.ts';

describe('the command line as the bin reads it', () => {
  it('finds watch mode alone, long and grouped, but not as the value of -o', () => {
    expect(asksToWatch(['build', 'system.yaml', '-w'])).toBe(true);
    expect(asksToWatch(['build', '--watch'])).toBe(true);
    expect(asksToWatch(['build', '-qw'])).toBe(true);
    expect(asksToWatch(['build', '-wq', '-o', 'out'])).toBe(true);
    expect(asksToWatch(['build', '-ow'])).toBe(false);
    expect(asksToWatch(['build', '-q', '-o', 'w'])).toBe(false);
    expect(asksToWatch(['build', '--target', 'web'])).toBe(false);
  });

  it('counts the language server and watch mode as long-running, a build or a validate as one run', () => {
    expect(runsLong(['lsp', '--stdio'])).toBe(true);
    expect(runsLong(['build', '-qw'])).toBe(true);
    expect(runsLong(['build', 'system.yaml'])).toBe(false);
    expect(runsLong(['validate'])).toBe(false);
  });
});
