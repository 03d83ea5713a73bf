/** The in-memory host matches include globs the way fast-glob does on disk. */
import { describe, expect, it } from 'vitest';
import { globToRegExp, memoryHost } from '../../compiler/load/host.ts';

describe('globToRegExp', () => {
  it.each([
    ['parts/*.yaml', 'parts/a.yaml', true],
    ['parts/*.yaml', 'parts/x/a.yaml', false],
    ['**/*.yaml', 'a.yaml', true],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['queues/{a,b}.yml', 'queues/b.yml', true],
    ['queues/{a,b}.yml', 'queues/c.yml', false],
    ['f?.yaml', 'f1.yaml', true],
    ['a.yaml', 'aXyaml', false],
    ['[ab].yaml', 'b.yaml', true],
    ['[!ab].yaml', 'b.yaml', false],
  ])('%s matches %s: %s', (pattern, file, expected) => {
    expect(globToRegExp(pattern).test(file)).toBe(expected);
  });

  it('memoryHost.glob returns sorted absolute paths under the folder only', () => {
    const host = memoryHost({ '/p/b.yaml': '', '/p/a.yaml': '', '/p/sub/c.yaml': '', '/q/d.yaml': '' });
    expect(host.glob('*.yaml', '/p')).toEqual(['/p/a.yaml', '/p/b.yaml']);
    expect(host.glob('./**/*.yaml', '/p')).toEqual(['/p/a.yaml', '/p/b.yaml', '/p/sub/c.yaml']);
  });
});
