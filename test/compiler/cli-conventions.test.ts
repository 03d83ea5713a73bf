/** Command-line conventions: suggestions for typos, usage errors in the format asked, -o, completion scripts. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summary } from '../../compiler/diagnostics/print.ts';
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';

const VALID = 'infragen: 1\nsystem: shop\nservices:\n  api: { image: shop/api:1, ports: { http: 8080 } }\n';

describe('usage errors', () => {
  it('suggest the command meant for a typo', async () => {
    const result = await runCli(['biuld']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('infragen: unknown command "biuld"\nhint: did you mean `infragen build`?\nrun `infragen --help` for usage\n');
    expect((await runCli(['frobnicate'])).stderr).toContain('hint: commands: init, import, build, validate, diff, graph, model, schema, targets, lsp, completion, help');
  });

  it('suggest the option meant for a typo, in every command', async () => {
    expect((await runCli(['validate', '--fromat', 'json'])).stderr).toContain("infragen: Unknown option '--fromat'\nhint: did you mean --format?");
    expect((await runCli(['build', '--wacth'])).stderr).toContain('hint: did you mean --watch?');
    expect((await runCli(['diff', '--exit-cod'])).stderr).toContain('hint: did you mean --exit-code?');
  });

  it('come as JSON on stdout with --format json, and as an annotation with --format github', async () => {
    const json = await runCli(['validate', '--bogus', '--format', 'json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({
      diagnostics: [{ code: 'USAGE_ERROR', severity: 'error', message: "Unknown option '--bogus'", source: 'infragen' }],
      summary: '1 error, 0 warnings',
    });
    const typo = JSON.parse((await runCli(['biuld', '--format=json'])).stdout);
    expect(typo.diagnostics[0]).toMatchObject({ code: 'USAGE_ERROR', message: 'unknown command "biuld"', hint: 'did you mean `infragen build`?' });
    expect((await runCli(['validate', 'a.yaml', 'b.yaml', '--format', 'github'])).stdout).toMatch(/^::error title=USAGE_ERROR::expected one system file/);
  });
});

describe('-o is where a command writes what it makes', () => {
  it('build: -o, --output and --out name the output folder; two different ones are a usage error', async () => {
    const dir = tempFolder('infragen-cli-o-');
    writeFileSync(path.join(dir, 'system.yaml'), VALID);
    for (const [flag, folder] of [['-o', 'a'], ['--output', 'b'], ['--out', 'c']] as const) {
      expect((await runCli(['build', 'system.yaml', flag, folder, '--target', 'compose'], dir)).code).toBe(0);
      expect(existsSync(path.join(dir, folder, 'manifest.json'))).toBe(true);
    }
    expect(await runCli(['build', '--out', 'a', '--output', 'b'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--output and --out name the same folder') });
  });

  it('schema: -o writes the file the command would print', async () => {
    const dir = tempFolder('infragen-cli-schema-');
    const printed = await runCli(['schema']);
    expect(await runCli(['schema', '-o', path.join(dir, 'system.schema.json')])).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(path.join(dir, 'system.schema.json'), 'utf8')).toBe(printed.stdout);
    expect((await runCli(['schema', 'extra'])).stderr).toContain('hint: write it to a file with `infragen schema -o system.schema.json`');
  });

  it('a refused output folder says what to do', async () => {
    const dir = tempFolder('infragen-cli-refused-');
    writeFileSync(path.join(dir, 'system.yaml'), VALID);
    mkdirSync(path.join(dir, 'mine'));
    writeFileSync(path.join(dir, 'mine', 'notes.txt'), 'keep');
    const result = await runCli(['build', '-o', 'mine'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[OUTPUT_NOT_INFRAGEN]");
    expect(result.stderr).toContain("hint: infragen only writes into a folder it owns; build into an empty or new folder (e.g. `-o out`)");
  });
});

describe('the summary line', () => {
  const of = (severity: Diagnostic['severity']): Diagnostic => ({ code: 'X', severity, message: '', source: 'infragen' });
  it('counts infos when there are any', () => {
    expect(summary([of('error'), of('info'), of('info')])).toBe('1 error, 0 warnings, 2 infos');
    expect(summary([of('warning'), of('info')])).toBe('0 errors, 1 warning, 1 info');
    expect(summary([])).toBe('0 errors, 0 warnings');
  });
});

describe('infragen completion', () => {
  /** What bash offers for the words typed so far (the last one being completed). */
  async function bashComplete(...words: string[]): Promise<string[]> {
    const script = (await runCli(['completion', 'bash'])).stdout;
    const dir = tempFolder('infragen-completion-');
    writeFileSync(path.join(dir, 'system.yaml'), VALID);
    writeFileSync(path.join(dir, 'notes.txt'), '');
    const quoted = ['infragen', ...words].map((word) => `'${word}'`).join(' ');
    const program = `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length}; _infragen; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = spawnSync('bash', ['-c', program], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter(Boolean).sort();
  }

  it('bash completes commands, options, option values and system files', async () => {
    expect(await bashComplete('bu')).toEqual(['build']);
    expect(await bashComplete('build', '--fo')).toEqual(['--format']);
    expect(await bashComplete('build', '--format', '')).toEqual(['github', 'json', 'text']);
    expect(await bashComplete('diff', '--format', 'm')).toEqual(['markdown']);
    expect(await bashComplete('build', '--target', 'k')).toEqual(['kubernetes']);
    expect(await bashComplete('validate', '')).toEqual(['system.yaml']);
    expect(await bashComplete('completion', '')).toEqual(['bash', 'fish', 'zsh']);
  });

  it('zsh and fish scripts cover the same commands and options', async () => {
    const zsh = (await runCli(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef infragen\n/);
    expect(zsh).toContain("'(-o --output)'{-o,--output}'[output]:output:_files'");
    expect(zsh).toContain("'--fail-on[fail-on]:fail-on:(risk data-loss replacement security change)'");
    const fish = (await runCli(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c infragen -n '__fish_seen_subcommand_from build' -l watch -s w\n");
    expect(fish).toContain("complete -c infragen -n '__fish_seen_subcommand_from diff' -l format -x -a 'text markdown json github'");
    expect(await runCli(['completion', 'powershell'])).toMatchObject({ code: 2, stderr: expect.stringContaining('"completion" takes one shell: bash, zsh, fish') });
  });
});
