/**
 * A target's folder is its whole world: it talks to the core only through the public plugin API
 * (`compiler/plugin-api.ts`, published as `infragen/plugin`), never to another target, and only the
 * Terraform target may load cdktf. These tests read every import of every file under targets/.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PUBLIC_API = join(ROOT, 'compiler/plugin-api.ts');
const TARGET_FILES = fg.sync('targets/**/*.ts', { cwd: ROOT }).sort();

/**
 * Every module specifier a file names: static imports and re-exports, dynamic `import()`, and
 * `require` calls through a function made by `createRequire` (whatever it is called).
 */
function importedSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)) found.push(match[1]!);
  for (const match of source.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(match[1]!);
  for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(match[1]!);
  const requires = [...source.matchAll(/\b(?:const|let|var)\s+(\w+)\s*=\s*\w*[rR]equire\(/g)].map((match) => match[1]!);
  for (const name of ['require', ...requires]) {
    for (const match of source.matchAll(new RegExp(`\\b${name}\\(\\s*'([^']+)'\\s*\\)`, 'g'))) found.push(match[1]!);
  }
  return found;
}

/** The target folder a path under targets/ belongs to (`targets/kubernetes/pods.ts` → `kubernetes`). */
const targetOf = (path: string): string => relative(join(ROOT, 'targets'), path).split('/')[0]!;

interface Violation { file: string; specifier: string; why: string }

/** What is wrong with the imports of `source`, read as the file `file` (relative to the repository). */
function violationsIn(file: string, source: string): Violation[] {
  const absolute = join(ROOT, file);
  const own = targetOf(absolute);
  const violations: Violation[] = [];
  for (const specifier of importedSpecifiers(source)) {
    if (!specifier.startsWith('.')) {
      if ((specifier === 'cdktf' || specifier.startsWith('@cdktf/')) && own !== 'terraform') violations.push({ file, specifier, why: 'cdktf stays behind targets/terraform/' });
      continue;
    }
    const resolved = resolve(dirname(absolute), specifier);
    if (resolved === PUBLIC_API) continue;
    if (!resolved.startsWith(join(ROOT, 'targets') + '/')) violations.push({ file, specifier, why: 'reaches into the compiler: use compiler/plugin-api.ts' });
    else if (targetOf(resolved) !== own) violations.push({ file, specifier, why: `reaches into the ${targetOf(resolved)} target` });
  }
  return violations;
}

const violationsOf = (file: string): Violation[] => violationsIn(file, readFileSync(join(ROOT, file), 'utf8'));

describe('target boundaries', () => {
  it('finds the files and their imports (the scan itself works)', () => {
    expect(TARGET_FILES.length).toBeGreaterThan(40);
    expect(importedSpecifiers("import type { A } from '../../compiler/model/types.ts';\nimport {\n  b,\n} from './b.ts';\nconst c = await import('cdktf');"))
      .toEqual(['../../compiler/model/types.ts', './b.ts', 'cdktf']);
    expect(violationsOf('targets/kubernetes/pods.ts')).toEqual([]);
  });

  it('flags an import of compiler internals, of another target, and of cdktf outside terraform', () => {
    expect(violationsIn('targets/compose/x.ts', "import { a } from '../../compiler/model/wiring.ts';")).toHaveLength(1);
    expect(violationsIn('targets/compose/x.ts', "import { a } from '../kubernetes/names.ts';")).toHaveLength(1);
    expect(violationsIn('targets/compose/x.ts', "import { App } from 'cdktf';")).toHaveLength(1);
    expect(violationsIn('targets/compose/x.ts', "const load = createCommonJsRequire(import.meta.url);\nconst { App } = load('cdktf');")).toHaveLength(1);
    expect(violationsIn('targets/compose/x.ts', "const { App } = require('@cdktf/provider-aws/lib/vpc');")).toHaveLength(1);
    expect(violationsIn('targets/compose/x.ts', "import { a } from '../../compiler/plugin-api.ts';\nimport { b } from './b.ts';")).toEqual([]);
  });

  it.each(TARGET_FILES)('%s imports only the public API, its own folder and packages', (file) => {
    expect(violationsOf(file)).toEqual([]);
  });
});
