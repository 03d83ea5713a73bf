/** The Compose value formats the import reads: variables, .env files, durations, sizes, commands, images. */
import { describe, expect, it } from 'vitest';
import { recogniseDatastore } from '../../compiler/import/datastores.ts';
import { interpolateString, parseDotenv, type InterpolationProblem } from '../../compiler/import/interpolation.ts';
import { cpuOf, durationSecondsOf, durationText, shellWords, sizeOf } from '../../compiler/import/units.ts';

const variables = new Map([['SET', 'value'], ['EMPTY', '']]);
function interpolate(text: string) {
  const problems: InterpolationProblem[] = [];
  return { value: interpolateString(text, variables, (problem) => problems.push(problem)), problems };
}

describe('interpolation, as Docker Compose reads it', () => {
  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+alternative}', 'alternative'],
    ['${EMPTY:+alternative}', ''],
    ['${EMPTY+alternative}', 'alternative'],
    ['${UNSET:-${SET}}', 'value'],
    ['$$SET and $${SET}', '$SET and ${SET}'],
    ['cost: 5$', 'cost: 5$'],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text)).toEqual({ value: expected, problems: [] });
  });

  it('reports unset and required variables, and malformed ones', () => {
    expect(interpolate('${UNSET}').problems).toEqual([{ kind: 'unset', variable: 'UNSET' }]);
    expect(interpolate('${EMPTY:?say so}').problems).toEqual([{ kind: 'required', variable: 'EMPTY', message: 'say so' }]);
    expect(interpolate('${EMPTY?say so}').problems).toEqual([]);
    expect(interpolate('${SET').problems[0]!.kind).toBe('syntax');
    expect(interpolate('${1BAD}').problems[0]!.kind).toBe('syntax');
    expect(interpolate('${SET%x}').problems[0]!.kind).toBe('syntax');
  });
});

describe('.env files', () => {
  it('reads quotes, export, comments, multi-line values and earlier variables', () => {
    const entries = parseDotenv([
      '# comment',
      'export A=1',
      "B='literal $A'",
      'C="line\\nbreak ${A}"',
      'D=plain # trailing comment',
      'E="two',
      'lines"',
      'BARE',
      'F=',
    ].join('\n'));
    expect(Object.fromEntries(entries.map((entry) => [entry.key, entry.value]))).toEqual({
      A: '1', B: 'literal $A', C: 'line\nbreak 1', D: 'plain', E: 'two\nlines', BARE: undefined, F: '',
    });
  });
});

describe('units', () => {
  it('durations', () => {
    expect(durationSecondsOf('1m30s')).toBe(90);
    expect(durationSecondsOf('500ms')).toBe(0.5);
    expect(durationSecondsOf('2h')).toBe(7200);
    expect(durationSecondsOf('soon')).toBeUndefined();
    expect(durationText(90)).toBe('90s');
    expect(durationText(120)).toBe('2m');
    expect(durationText(0.5)).toBe('1s');
  });
  it('sizes and CPUs', () => {
    expect(sizeOf('512M')).toBe('512Mi');
    expect(sizeOf('1g')).toBe('1Gi');
    expect(sizeOf('1.5GB')).toBe('1536Mi');
    expect(sizeOf(1048576)).toBe('1Mi');
    expect(sizeOf('lots')).toBeUndefined();
    expect(cpuOf('0.5')).toBe('500m');
    expect(cpuOf(2)).toBe('2');
    expect(cpuOf('-1')).toBeUndefined();
  });
  it('shell-form commands', () => {
    expect(shellWords(`sh -c "echo 'hi there'" it\\'s`)).toEqual(['sh', '-c', "echo 'hi there'", "it's"]);
    expect(shellWords('  a   b  ')).toEqual(['a', 'b']);
    expect(shellWords('""')).toEqual(['']);
  });
});

describe('data stores by image', () => {
  it.each([
    ['postgres:16.3', { kind: 'database', engine: 'postgres', version: '16.3', versionFrom: 'exact' }],
    ['docker.io/library/postgres:15-alpine', { engine: 'postgres', version: '15', versionFrom: 'variant' }],
    ['bitnami/postgresql:16', { engine: 'postgres', version: '16' }],
    ['mysql:8.0.36', { engine: 'mysql', version: '8.0', versionFrom: 'variant' }],
    ['mariadb:11', { engine: 'mysql', imageEngine: 'mariadb', version: '8.0', versionFrom: 'default' }],
    ['redis', { kind: 'cache', engine: 'redis', version: '7.1', versionFrom: 'default' }],
    ['valkey/valkey:8.0', { kind: 'cache', engine: 'valkey', version: '8.0' }],
    ['postgres@sha256:abc', { engine: 'postgres', versionFrom: 'default' }],
  ])('%s', (image, expected) => {
    expect(recogniseDatastore(image)).toMatchObject(expected);
  });
  it.each(['ghcr.io/acme/postgres-exporter:1', 'acme/redis:7', 'redis-commander:latest', 'nginx:1.27'])('%s is an application image', (image) => {
    expect(recogniseDatastore(image)).toBeUndefined();
  });
});
