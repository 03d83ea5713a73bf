/** compiler/import/write-system.ts: the system.yaml text `infragen import compose` writes. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeSystemYaml } from '../../compiler/import/write-system.ts';

describe('writeSystemYaml', () => {
  it('escapes the characters YAML 1.1 readers take for line breaks, in keys, values and comments, and reads back the same', () => {
    const system = {
      system: 'shop',
      services: {
        api: {
          image: 'shop/api:1',
          env: { GREETING: 'hello\u2028world', NEL: 'a\u0085b', 'KEY\u2029': 'x' },
          command: ['run', 'line\u2028break'],
        },
      },
    };
    const text = writeSystemYaml(system, {
      header: ['imported\u2028from compose'],
      comments: [
        { path: ['services', 'api', 'image'], text: 'pinned\u0085tag' },
        { path: ['services', 'api', 'env'], text: 'from\u2029.env' },
      ],
    });
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(text).toContain('GREETING: "hello\\Lworld"');
    expect(text).toContain('NEL: "a\\Nb"');
    expect(text).toContain('"KEY\\P": x');
    expect(parse(text)).toEqual(system);
    expect(text).toContain('# imported\\Lfrom compose\n');
    expect(text).toContain('# pinned\\Ntag');
    expect(text).toContain('# from\\P.env\n');
  });
});
