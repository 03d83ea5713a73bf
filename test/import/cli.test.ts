/** `infragen import compose` as users run it: what it writes, what it refuses, and its exit codes. */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../compiler/diagnostics/catalogue.ts';
import { validateSystem } from '../../compiler/pipeline.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';

const CORPUS = path.join(import.meta.dirname, 'corpus');

function project(name: string): string {
  const folder = tempFolder('infragen-import-');
  cpSync(path.join(CORPUS, name), folder, { recursive: true });
  return folder;
}

describe('infragen import compose', () => {
  it('writes system.yaml beside the Compose file, with an editor schema line that resolves, and it validates', async () => {
    const folder = project('web-db-cache');
    const { code, stderr } = await runCli(['import', 'compose', 'docker-compose.yml'], folder);
    expect(code).toBe(0);
    expect(stderr).toMatch(/wrote system\.yaml: 3 services, 1 job, 1 database, 1 cache, 2 secrets; 4 approximated, 3 dropped, 4 credentials not copied/);
    expect(stderr).toContain('warning[IMPORT_CREDENTIAL]');
    const text = readFileSync(path.join(folder, 'system.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=system.schema.json');
    expect(JSON.parse(readFileSync(path.join(folder, 'system.schema.json'), 'utf8')).properties).toHaveProperty('services');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('guest:guest');
    expect(validateSystem(path.join(folder, 'system.yaml')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('refuses to overwrite without --force and leaves the file as it was; --force replaces it', async () => {
    const folder = project('override-auto');
    writeFileSync(path.join(folder, 'system.yaml'), 'mine\n');
    const refused = await runCli(['import', 'compose', '.'], folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[IMPORT_OUTPUT_EXISTS]');
    expect(refused.stderr).toContain('nothing was written');
    expect(readFileSync(path.join(folder, 'system.yaml'), 'utf8')).toBe('mine\n');
    const forced = await runCli(['import', 'compose', '.', '--force', '--name', 'shop'], folder);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(folder, 'system.yaml'), 'utf8')).toContain('system: shop');
  });

  it('-o and -f: overrides merge in order and the output goes where asked', async () => {
    const folder = project('override-files');
    const { code } = await runCli(['import', 'compose', 'docker-compose.yml', '-f', 'docker-compose.prod.yml', '-f', 'docker-compose.tls.yml', '-o', 'infra/system.yaml', '-q'], folder);
    expect(code).toBe(0);
    const text = readFileSync(path.join(folder, 'infra', 'system.yaml'), 'utf8');
    expect(text).toContain('image: ghcr.io/acme/app:1.4.2');
    expect(text).toContain('replicas: 3');
    expect(text).toMatch(/port-443: \{port: 443, public: true\}/);
    expect(text).not.toContain('port-80:');
  });

  it.each(['bad-not-yaml', 'bad-not-compose', 'bad-unknown-key', 'bad-invalid'])('%s: exit 1, coded diagnostics, nothing written, no stack trace', async (name) => {
    const folder = project(name);
    const before = readdirSync(folder).sort();
    const { code, stderr } = await runCli(['import', 'compose', 'docker-compose.yml'], folder);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error\[[A-Z_]+\]: /m);
    expect(stderr).toMatch(/--> docker-compose\.yml:\d+:\d+/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  it('a key `__proto__` is YAML_RESERVED_KEY where it is written, not a variable dropped unsaid', async () => {
    const folder = tempFolder('infragen-import-');
    writeFileSync(path.join(folder, 'docker-compose.yml'), 'services:\n  api:\n    image: shop/api:1\n    environment: { __proto__: secret, MODE: live }\n');
    const { code, stderr } = await runCli(['import', 'compose', 'docker-compose.yml'], folder);
    expect(code).toBe(1);
    expect(stderr).toContain('error[YAML_RESERVED_KEY]');
    expect(stderr).toContain('--> docker-compose.yml:4:20');
    expect(existsSync(path.join(folder, 'system.yaml'))).toBe(false);
  });

  it('a missing file is FILE_NOT_FOUND, exit 1', async () => {
    const folder = tempFolder('infragen-import-');
    const { code, stderr } = await runCli(['import', 'compose', 'nope.yml'], folder);
    expect(code).toBe(1);
    expect(stderr).toContain('error[FILE_NOT_FOUND]');
    expect(existsSync(path.join(folder, 'system.yaml'))).toBe(false);
  });

  it('usage mistakes exit 2', async () => {
    expect((await runCli(['import', 'kubernetes', 'x.yaml'])).code).toBe(2);
    expect((await runCli(['import', 'compose', 'a.yml', 'b.yml'])).code).toBe(2);
    expect((await runCli(['import', 'compose', 'a.yml', '--region', 'mars-1'])).code).toBe(2);
    expect((await runCli(['import', 'compose', 'a.yml', '--name', 'Not A Name'])).code).toBe(2);
  });

  it('every IMPORT_ code is shown by a corpus golden or by this file', () => {
    const goldens = readdirSync(CORPUS).map((name) => readFileSync(path.join(CORPUS, name, '_expected', 'diagnostics.txt'), 'utf8')).join('\n');
    const here = readFileSync(import.meta.filename, 'utf8');
    for (const code of Object.keys(CODES).filter((code) => code.startsWith('IMPORT_'))) {
      expect(goldens.includes(`[${code}]`) || here.includes(`[${code}]`), code).toBe(true);
    }
  });
});
