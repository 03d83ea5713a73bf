/**
 * Printing diagnostics stays linear in file size plus number of diagnostics (each file's lines are
 * indexed once), and text output stops after a limit while JSON and GitHub carry every finding.
 * Speed itself is measured by `npm run bench`; here the work is counted.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, formatText } from '../../compiler/diagnostics/print.ts';
import { SourceLines } from '../../compiler/diagnostics/source-lines.ts';
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';

/** A ~1.9 MB system file with one bad `replicas:` per service, and its diagnostics as validate reports them. */
function bigFileWithErrors(services: number): { text: string; diagnostics: Diagnostic[] } {
  const lines = ['infragen: 1', 'system: big', 'services:'];
  const diagnostics: Diagnostic[] = [];
  let offset = lines.join('\n').length + 1;
  for (let index = 0; index < services; index++) {
    const entity = [`  svc-${index}:`, '    image: ghcr.io/acme/app:1', '    replicas: many', `    # ${'padding '.repeat(20)}`];
    const line = lines.length + 3;
    const start = offset + entity[0]!.length + 1 + entity[1]!.length + 1 + 14;
    diagnostics.push({
      code: 'INVALID_TYPE',
      severity: index % 10 === 9 ? 'warning' : 'error',
      message: `expected a number, found the string "many" (${index})`,
      span: { file: 'system.yaml', start: { line, column: 15, offset: start }, end: { line, column: 19, offset: start + 4 } },
      source: 'infragen',
    });
    lines.push(...entity);
    offset += entity.join('\n').length + 1;
  }
  return { text: `${lines.join('\n')}\n`, diagnostics };
}

/** A map of sources that counts how often a file's text is taken from it. */
function countingSources(files: Record<string, string>): { sources: ReadonlyMap<string, string>; reads: () => number } {
  const sources = new Map(Object.entries(files));
  let reads = 0;
  const get = sources.get.bind(sources);
  sources.get = (file: string) => {
    reads++;
    return get(file);
  };
  return { sources, reads: () => reads };
}

describe('printing is linear in file size plus number of diagnostics', () => {
  const { text, diagnostics } = bigFileWithErrors(8000);

  it('indexes the lines of a 1.9 MB file once for 8,000 code frames', () => {
    expect(text.length).toBeGreaterThan(1_800_000);
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    const { sources, reads } = countingSources({ 'system.yaml': text });
    const lines = new SourceLines(sources);
    const printed = formatText(diagnostics, { sources, color: false, lines });
    // The file's text is read, and its lines indexed, once: not once per diagnostic.
    expect(reads()).toBe(1);
    expect(lines.charactersIndexed).toBe(text.length);
    // And every frame still shows its own line with the caret under the value.
    expect(printed.match(/^\s*\d+ \| {5}replicas: many$/gm)).toHaveLength(8000);
    const lastLine = diagnostics.at(-1)!.span!.start.line;
    expect(printed).toContain(`${lastLine} |     replicas: many\n${' '.repeat(String(lastLine).length)} |               ^^^^`);
  });

  it('formatReport without an index of its own reads each file once too', () => {
    const { sources, reads } = countingSources({ 'system.yaml': text, 'other.yaml': 'a: 1\nb: 2\n' });
    const other: Diagnostic = { ...diagnostics[0]!, span: { file: 'other.yaml', start: { line: 2, column: 1, offset: 5 }, end: { line: 2, column: 2, offset: 6 } } };
    formatReport([...diagnostics, other], { sources, color: false });
    expect(reads()).toBe(2);
  });

  it('reads lines with CRLF endings without the carriage return', () => {
    const lines = new SourceLines(new Map([['a.yaml', 'one: 1\r\ntwo: 2\r\nthree: 3']]));
    expect([1, 2, 3, 4].map((line) => lines.line('a.yaml', line))).toEqual(['one: 1', 'two: 2', 'three: 3', undefined]);
    expect(lines.line('missing.yaml', 1)).toBeUndefined();
  });
});

describe('formatReport limit', () => {
  const { diagnostics } = bigFileWithErrors(250);
  const sources = new Map<string, string>([['system.yaml', bigFileWithErrors(250).text]]);
  const headers = (text: string) => text.match(/^(error|warning)\[/gm)?.length ?? 0;

  it('prints the first N, then how many more there are, errors and warnings counted', () => {
    const printed = formatReport(diagnostics, { sources, color: false, limit: 100 });
    expect(headers(printed)).toBe(100);
    // 250 findings, every tenth a warning: 150 left out, 135 errors and 15 warnings.
    expect(printed).toContain('\n\n… and 150 more (135 errors, 15 warnings) not shown; `--max-diagnostics 0` prints them all, `--format json` lists them for tools\n\n225 errors, 25 warnings\n');
    expect(printed).toContain('(99)');
    expect(printed).not.toContain('(100)');
  });

  it('prints all without a limit, with 0, or when there are no more than the limit', () => {
    for (const limit of [undefined, 0, 250, 1000]) {
      const printed = formatReport(diagnostics, { sources, color: false, ...(limit !== undefined ? { limit } : {}) });
      expect(headers(printed)).toBe(250);
      expect(printed).not.toContain('more (');
    }
  });
});

describe('--max-diagnostics', () => {
  /** 130 services with a bad `replicas:` (errors) and 20 functions with a plain password (warnings). */
  function systemWithFindings(): string {
    const dir = tempFolder('infragen-print-');
    const services = Array.from({ length: 130 }, (_, index) => `  svc-${index}:\n    image: acme/app:1\n    replicas: many\n`).join('');
    const functions = Array.from({ length: 20 }, (_, index) => `  fn-${index}:\n    handler: dist/fn.handler\n    env: { DB_PASSWORD: hunter2 }\n`).join('');
    const file = path.join(dir, 'system.yaml');
    writeFileSync(file, `infragen: 1\nsystem: shop\nservices:\n${services}functions:\n${functions}`);
    return file;
  }
  const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

  it('text output stops at 100 by default and says how many more there are', async () => {
    const { code, stderr } = await runCli(['validate', systemWithFindings()]);
    expect(code).toBe(1);
    expect(count(stderr, /^(error|warning)\[/gm)).toBe(100);
    // Sorted by position: the 100 shown are services; the rest, 30 errors and the 20 warnings, are counted.
    expect(stderr).toContain('\n\n… and 50 more (30 errors, 20 warnings) not shown; `--max-diagnostics 0` prints them all, `--format json` lists them for tools\n\n130 errors, 20 warnings\n');
  });

  it('prints N with --max-diagnostics N and all with 0', async () => {
    const file = systemWithFindings();
    const five = await runCli(['validate', file, '--max-diagnostics', '5']);
    expect(count(five.stderr, /^(error|warning)\[/gm)).toBe(5);
    expect(five.stderr).toMatch(/… and \d+ more \(\d+ errors, \d+ warnings\) not shown/);
    const all = await runCli(['validate', file, '--max-diagnostics', '0']);
    expect(all.stderr).not.toContain('more (');
    expect(count(all.stderr, /^(error|warning)\[/gm)).toBe(150);
    // -q shows errors only, and counts only the errors it leaves out.
    const quiet = await runCli(['validate', file, '-q', '--max-diagnostics', '30']);
    expect(count(quiet.stderr, /^error\[/gm)).toBe(30);
    expect(quiet.stderr).toContain('… and 100 more (100 errors, 0 warnings) not shown');
  });

  it('json and github carry every diagnostic, whatever the limit', async () => {
    const file = systemWithFindings();
    const total = 150;
    const json = await runCli(['validate', file, '--format', 'json', '--max-diagnostics', '3']);
    expect(JSON.parse(json.stdout).diagnostics).toHaveLength(total);
    const github = await runCli(['validate', file, '--format', 'github']);
    expect(count(github.stdout, /^::(error|warning) /gm)).toBe(total);
  });

  it('is taken by build and targets too, and must be a whole number', async () => {
    const file = systemWithFindings();
    const build = await runCli(['build', file, '-o', path.join(path.dirname(file), 'out'), '--max-diagnostics', '7']);
    expect(build.code).toBe(1);
    expect(count(build.stderr, /^(error|warning)\[/gm)).toBe(7);
    const targets = await runCli(['targets', file, '--max-diagnostics', '2']);
    expect(count(targets.stderr, /^(error|warning)\[/gm)).toBe(2);
    for (const bad of ['-1', 'ten', '2.5']) {
      const result = await runCli(['validate', file, `--max-diagnostics=${bad}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--max-diagnostics takes a whole number (0 for all), not "${bad}"`);
    }
  });
});
