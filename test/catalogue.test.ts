/**
 * The diagnostic catalogue is complete and documented: every code is shown by a golden fixture
 * (or, where a fixture cannot show it, tested here directly), and docs/diagnostics.md has a
 * section for every code with its severity and summary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, type DiagnosticCode } from '../compiler/diagnostics/catalogue.ts';
import { memoryHost } from '../compiler/load/host.ts';
import { MAX_FILE_BYTES } from '../compiler/load/load.ts';
import { validateSystem } from '../compiler/pipeline.ts';
import { COMPOSE_DIAGNOSTICS } from '../targets/compose/diagnostics.ts';
import { K8S_DIAGNOSTICS } from '../targets/kubernetes/diagnostics.ts';
import { SERVERLESS_DIAGNOSTICS } from '../targets/serverless/diagnostics.ts';
import { TERRAFORM_DIAGNOSTICS } from '../targets/terraform/diagnostics.ts';
import { tempFolder } from './helpers/cli.ts';
import { caseFolders } from './helpers/golden.ts';

const ROOT = path.join(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const ALL_CODES = Object.keys(CODES) as DiagnosticCode[];

/** Tested elsewhere: plugin and target codes under test/plugins/, output folder codes in test/compiler/writer*.test.ts, import and init codes under test/import/ and test/init/, USAGE_ERROR in test/compiler/cli.test.ts, file-level codes below. */
const NOT_IN_FIXTURES = (code: string) => /^(PLUGIN|TARGET|OUTPUT|IMPORT|INIT)_/.test(code) || code === 'FILE_NOT_FOUND' || code === 'FILE_TOO_LARGE' || code === 'USAGE_ERROR';

const goldens = caseFolders(FIXTURES, path.join('_expected', 'diagnostics.txt')).map((name) => ({
  name,
  text: readFileSync(path.join(FIXTURES, name, '_expected', 'diagnostics.txt'), 'utf8'),
}));

describe('every diagnostic code is shown by a fixture', () => {
  it.each(ALL_CODES.filter((code) => !NOT_IN_FIXTURES(code)))('%s', (code) => {
    const showing = goldens.filter((golden) => golden.text.includes(`[${code}]`)).map((golden) => golden.name);
    expect(showing, `no test/fixtures/*/_expected/diagnostics.txt contains [${code}]`).not.toEqual([]);
  });

  it('every fixture is invalid: it shows at least one error or warning', () => {
    const quiet = goldens.filter((golden) => /^0 errors, 0 warnings$/m.test(golden.text)).map((golden) => golden.name);
    expect(quiet).toEqual([]);
  });

  it('every code the compiler reports on the fixtures is in the catalogue', () => {
    const unknown = new Set<string>();
    for (const golden of goldens) {
      const { diagnostics } = validateSystem(path.join(FIXTURES, golden.name, 'system.yaml'));
      for (const diagnostic of diagnostics) if (diagnostic.source === 'infragen' && !(diagnostic.code in CODES)) unknown.add(diagnostic.code);
    }
    expect([...unknown]).toEqual([]);
  });
});

describe('file-level codes', () => {
  it('FILE_NOT_FOUND: the system file does not exist (in memory)', () => {
    const { diagnostics, loaded } = validateSystem('/project/system.yaml', { host: memoryHost({}) });
    expect(loaded).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: 'FILE_NOT_FOUND', severity: 'error', message: 'cannot read "system.yaml"' }]);
  });

  it('FILE_NOT_FOUND: the system file does not exist (on disk)', () => {
    const { diagnostics } = validateSystem(path.join(tempFolder('infragen-catalogue-'), 'missing.yaml'));
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['FILE_NOT_FOUND']);
    expect(diagnostics[0]!.hint).toBeTruthy();
  });

  it('FILE_TOO_LARGE: a system file over the limit is refused before it is parsed', () => {
    // Not valid YAML at all: if it were parsed, YAML_SYNTAX would show up too.
    const huge = `infragen: 1\nsystem: big\n${'{['.repeat(MAX_FILE_BYTES / 2)}`;
    const { diagnostics } = validateSystem('/project/system.yaml', { host: memoryHost({ '/project/system.yaml': huge }) });
    expect(diagnostics).toMatchObject([{ code: 'FILE_TOO_LARGE', severity: 'error', path: 'system.yaml' }]);
    // `{[` × 1 MiB plus two short lines: a little over 2 MiB, named in units people read.
    expect(diagnostics[0]!.message).toBe('"system.yaml" is 2.0 MiB (2097176 bytes); the limit is 2 MiB (2097152 bytes)');
  });

  it('FILE_TOO_LARGE: an included fragment over the limit points at the include pattern', () => {
    const files = {
      '/project/system.yaml': 'infragen: 1\nsystem: big\ninclude: [parts/*.yaml]\n',
      '/project/parts/huge.yaml': `queues:\n${'  # padding\n'.repeat(MAX_FILE_BYTES / 12 + 1)}`,
    };
    const { diagnostics } = validateSystem('/project/system.yaml', { host: memoryHost(files) });
    expect(diagnostics).toMatchObject([{ code: 'FILE_TOO_LARGE', span: { file: 'system.yaml', start: { line: 3, column: 11 } } }]);
    expect(diagnostics[0]!.message).toContain('parts/huge.yaml');
  });

  it('FILE_TOO_LARGE names the size and the limit in MiB', () => {
    const text = `infragen: 1\nsystem: big\n${'#'.repeat(Math.round(2.4 * 1024 * 1024))}\n`;
    const { diagnostics } = validateSystem('/project/system.yaml', { host: memoryHost({ '/project/system.yaml': text }) });
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['"system.yaml" is 2.4 MiB; the limit is 2 MiB']);
  });

  it('YAML_DUPLICATE_KEY: every repeat in every map, block or flow, each pointing at the first', () => {
    const text = 'infragen: 1\nsystem: dup\nx-a:\n  k: 1\n  j: 2\n  k: 3\n  k: 4\nx-b: { 1: a, "1": b }\nx-c:\n  k: 5\n';
    const { diagnostics } = validateSystem('/project/system.yaml', { host: memoryHost({ '/project/system.yaml': text }) });
    expect(diagnostics.map((item) => [item.code, item.message, item.span!.start.line, item.span!.start.column, item.related![0]!.span.start.line])).toEqual([
      ['YAML_DUPLICATE_KEY', 'the key "k" appears twice in this map', 6, 3, 4],
      ['YAML_DUPLICATE_KEY', 'the key "k" appears twice in this map', 7, 3, 4],
      ['YAML_DUPLICATE_KEY', 'the key "1" appears twice in this map', 8, 14, 8],
    ]);
  });

  it('a file just under the limit is read', () => {
    const text = `infragen: 1\nsystem: big\n${'#'.repeat(MAX_FILE_BYTES - 40)}\n`;
    const { diagnostics, model } = validateSystem('/project/system.yaml', { host: memoryHost({ '/project/system.yaml': text }) });
    expect(diagnostics).toEqual([]);
    expect(model).toBeDefined();
  });
});

describe('docs/diagnostics.md', () => {
  const docs = readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
  const sections = new Map(
    docs.split(/^## /m).slice(1).map((section) => [section.slice(0, section.indexOf('\n')).trim(), section] as const),
  );

  it.each(ALL_CODES)('documents %s with its severity and summary', (code) => {
    const section = sections.get(`\`${code}\``);
    expect(section, `docs/diagnostics.md has no "## \`${code}\`" section`).toBeDefined();
    expect(section).toContain(`**${CODES[code].severity}**`);
    expect(section!.replace(/\s+/g, ' ')).toContain(CODES[code].summary);
  });

  it('documents no code that does not exist', () => {
    const documented = [...sections.keys()].filter((heading) => /^`[A-Z_]+`$/.test(heading)).map((heading) => heading.slice(1, -1));
    const targetCodes = [COMPOSE_DIAGNOSTICS, K8S_DIAGNOSTICS, SERVERLESS_DIAGNOSTICS, TERRAFORM_DIAGNOSTICS].flatMap((catalogue) => Object.keys(catalogue));
    expect(documented.filter((code) => !(code in CODES) && !targetCodes.includes(code))).toEqual([]);
  });
});
