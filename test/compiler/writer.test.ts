/**
 * The output folder belongs to the user; infragen owns only the files its own last manifest
 * lists. Each case is a reproducer of a way the writer used to lose or block on a user's files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliFromSource, runCli as run, tempFolder } from '../helpers/cli.ts';
import { readTree } from '../helpers/golden.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

const SYSTEM = `infragen: 1
system: shop
environments:
  prod: { regions: [eu-west-1], account: "123456789012" }
databases:
  main: { engine: postgres, version: "15.7", class: db.t4g.micro, storage: 20Gi, dbName: shop, user: shop }
services:
  api:
    image: shop/api:1.2.0
    ports: { http: 8080 }
    uses: [database.main]
`;

let dir: string;
let system: string;
let out: string;
beforeEach(() => {
  dir = tempFolder('infragen-writer-');
  system = path.join(dir, 'system.yaml');
  out = path.join(dir, 'out');
  writeFileSync(system, SYSTEM);
});

const write = (file: string, contents: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contents);
};
const build = (...args: string[]) => run(['build', system, '-o', out, ...args]);
const manifestPaths = (folder: string): string[] => JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')).files.map((file: { path: string }) => file.path);

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('infragen build -o . in a project folder', () => {
  it('refuses a folder whose manifest.json is not infragen\'s and touches nothing', async () => {
    write(path.join(dir, 'manifest.json'), '{ "name": "my web app", "icons": [] }\n');
    write(path.join(dir, 'README.md'), '# my project\n');
    write(path.join(dir, 'src', 'index.ts'), 'export {};\n');
    const before = readTree(dir);
    const result = await run(['build', 'system.yaml', '-o', '.', '--target', 'compose'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[OUTPUT_NOT_INFRAGEN]');
    expect(result.stderr).toContain('was not written by infragen');
    expect(result.stderr).toContain('hint:');
    expect(readTree(dir)).toEqual(before);
  });

  it('refuses a project folder without any manifest', async () => {
    const result = await run(['build', 'system.yaml', '-o', '.', '--target', 'compose'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[OUTPUT_NOT_INFRAGEN]');
    expect(readdirSync(dir)).toEqual(['system.yaml']);
  });

  it('refuses a manifest of a newer format, and -o naming a file', async () => {
    write(path.join(out, 'manifest.json'), '{ "generator": "infragen", "format": 99, "system": "shop", "files": [] }\n');
    expect((await build('--target', 'compose')).stderr).toContain('error[OUTPUT_NEWER_FORMAT]');
    const file = await run(['build', system, '-o', system]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('error[OUTPUT_NOT_A_FOLDER]');
  });
});

describe('the user\'s files in out/ survive every build', () => {
  const USER_FILES = {
    'compose/secrets/main-password': 's3cret',
    'terraform/prod/eu-west-1/terraform.tfstate': '{"version":4}\n',
    'terraform/prod/eu-west-1/terraform.tfstate.backup': '{"version":4}\n',
    'terraform/prod/eu-west-1/.terraform.lock.hcl': '# lock\n',
    'terraform/prod/eu-west-1/.terraform/providers/registry/aws': 'binary',
    'NOTES.md': 'my notes\n',
  };

  it('a rebuild that changes and removes generated files keeps secrets, Terraform state and notes', async () => {
    expect((await build()).code).toBe(0);
    for (const [file, contents] of Object.entries(USER_FILES)) write(path.join(out, file), contents);
    writeFileSync(system, SYSTEM.replace('1.2.0', '1.3.0'));
    expect((await build()).code).toBe(0);
    // Only compose now: every generated Terraform file goes, the user's files in its folders stay.
    const compose = await build('--target', 'compose');
    expect(compose.code).toBe(0);
    expect(compose.stderr).toMatch(/[1-9]\d* removed/);
    expect(existsSync(path.join(out, 'terraform', 'prod', 'eu-west-1', 'main.tf.json'))).toBe(false);
    expect(existsSync(path.join(out, 'kubernetes'))).toBe(false);
    for (const [file, contents] of Object.entries(USER_FILES)) expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(contents);
    expect(readFileSync(path.join(out, 'compose', 'docker-compose.yml'), 'utf8')).toContain('shop/api:1.3.0');
  });

  it('--check ignores declared user paths, notes other files of the user, and flags unexpected generated files', async () => {
    expect((await build()).code).toBe(0);
    for (const [file, contents] of Object.entries(USER_FILES)) write(path.join(out, file), contents);
    const fresh = await build('--check');
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain('is up to date');
    expect(fresh.stderr).toContain('not infragen\'s; left alone:\n  NOTES.md\n');
    expect(fresh.stderr).not.toContain('tfstate');
    expect(fresh.stderr).not.toContain('main-password');
    const partial = await build('--check', '--target', 'compose');
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('unexpected  terraform/prod/eu-west-1/main.tf.json');
    expect(partial.stderr).not.toMatch(/unexpected .*(tfstate|NOTES|secrets\/main-password)/);
  });

  it('a plugin declares its user paths too; a malformed declaration is PLUGIN_INVALID', async () => {
    const plugin = (userPaths: string) => `export default { id: 'tool', description: 'a tool', userPaths: ${userPaths}, emit: () => [{ path: 'tool.json', contents: '{}\\n', sources: [] }] };\n`;
    write(path.join(dir, 'tool.mjs'), plugin(`['**/node_modules/**']`));
    const args = ['--target', 'tool', '--plugin', path.join(dir, 'tool.mjs')];
    expect((await build(...args)).code).toBe(0);
    write(path.join(out, 'tool', 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;\n');
    write(path.join(out, 'tool', 'scratch.txt'), 'mine\n');
    const check = await build('--check', ...args);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('left alone:\n  tool/scratch.txt\n');
    expect(check.stderr).not.toContain('left-pad');
    write(path.join(dir, 'broken-tool.mjs'), plugin('[42]')); // another file: this process caches the module above
    const invalid = await build('--target', 'tool', '--plugin', path.join(dir, 'broken-tool.mjs'));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('error[PLUGIN_INVALID]');
    expect(invalid.stderr).toContain('`userPaths`');
  });

  it('infragen diff of two output folders leaves the user\'s files out', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const head = path.join(dir, 'head');
    expect((await run(['build', system, '-o', head, '--target', 'compose'])).code).toBe(0);
    write(path.join(head, 'compose', 'secrets', 'main-password'), 'pw');
    write(path.join(head, 'NOTES.md'), 'mine\n');
    const diff = await run(['diff', out, head]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('no changes');
  });

  it('a generated path holding a different file the user made is refused; an identical one is adopted', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const first = readTree(out);
    write(path.join(out, 'kubernetes', 'prod', 'eu-west-1', 'shop', 'api.yaml'), 'mine\n');
    const refused = await build();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[OUTPUT_USER_FILE]');
    expect(readFileSync(path.join(out, 'kubernetes', 'prod', 'eu-west-1', 'shop', 'api.yaml'), 'utf8')).toBe('mine\n');
    expect(readTree(out)).toEqual({ ...first, 'kubernetes/prod/eu-west-1/shop/api.yaml': 'mine\n' });
    const elsewhere = path.join(dir, 'elsewhere');
    expect((await run(['build', system, '-o', elsewhere])).code).toBe(0);
    const generated = readFileSync(path.join(elsewhere, 'kubernetes', 'prod', 'eu-west-1', 'shop', 'api.yaml'), 'utf8');
    write(path.join(out, 'kubernetes', 'prod', 'eu-west-1', 'shop', 'api.yaml'), generated);
    expect((await build()).code).toBe(0);
    expect(manifestPaths(out)).toContain('kubernetes/prod/eu-west-1/shop/api.yaml');
  });

  it('reads a format 1 manifest of an earlier version as an earlier output', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const { generator: _generator, format: _format, ...rest } = manifest;
    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ infragen: 1, ...rest }));
    write(path.join(out, 'compose', 'secrets', 'main-password'), 'pw');
    const rebuilt = await build('--target', 'compose');
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ generator: 'infragen', format: 2 });
    expect(readFileSync(path.join(out, 'compose', 'secrets', 'main-password'), 'utf8')).toBe('pw');
  });
});

describe('the output folder on disk', () => {
  it('follows a symlinked -o to its folder and keeps the link', async () => {
    const real = path.join(dir, 'real-out');
    mkdirSync(real);
    symlinkSync(real, out);
    expect((await build('--target', 'compose')).code).toBe(0);
    writeFileSync(system, SYSTEM.replace('1.2.0', '1.3.0'));
    expect((await build('--target', 'compose')).code).toBe(0);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(real, 'compose', 'docker-compose.yml'), 'utf8')).toContain('shop/api:1.3.0');
    expect(readdirSync(dir).filter((name) => name.includes('infragen-tmp'))).toEqual([]);
  });

  it('refuses a FIFO where a generated file goes, in build and --check, without blocking', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const fifo = path.join(out, 'compose', 'docker-compose.yml');
    spawnSync('rm', [fifo]);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    writeFileSync(system, SYSTEM.replace('1.2.0', '1.3.0'));
    // In a child process with a time limit: a read of the FIFO would block this process for good.
    for (const check of [[], ['--check']]) {
      const result = spawnSync(process.execPath, [cliFromSource(), 'build', system, '-o', out, '--target', 'compose', ...check], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(result.signal, `build ${check.join(' ')} blocked on the FIFO`).toBeNull();
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('error[OUTPUT_SPECIAL_FILE]');
      expect(result.stderr).toContain('FIFO');
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a file where a generated folder goes is refused', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    write(path.join(out, 'kubernetes'), 'not a folder\n');
    const result = await build();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[OUTPUT_SPECIAL_FILE]');
    expect(readFileSync(path.join(out, 'kubernetes'), 'utf8')).toBe('not a folder\n');
  });

  it('makes a folder that does not exist, and the folders above it, whole, leaving no staging folder', async () => {
    const deep = path.join(dir, 'a', 'b', 'out');
    expect((await run(['build', system, '-o', deep, '--target', 'compose'])).code).toBe(0);
    expect(manifestPaths(deep).length).toBeGreaterThan(0);
    expect(Object.keys(readTree(deep)).sort()).toEqual([...manifestPaths(deep), 'manifest.json'].sort());
    expect(readdirSync(path.join(dir, 'a', 'b'))).toEqual(['out']);
  });

  it('removes staging folders of killed builds, and leaves those of running ones', async () => {
    const dead = `${out}.infragen-tmp-${deadPid()}`;
    write(path.join(dead, 'new', 'compose', 'docker-compose.yml'), 'half written');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const live = `${out}.infragen-tmp-${sleeper.pid}`;
      write(path.join(live, 'new', 'x'), 'in progress');
      expect((await build('--target', 'compose')).code).toBe(0);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      sleeper.kill();
    }
  });

  it('rolls back a killed build that had started to swap files, so the previous output comes back', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const previous = readTree(out);
    // What a build killed mid-swap leaves: the journal, one file moved to old/ and its new version in place.
    const staging = `${out}.infragen-tmp-${deadPid()}`;
    write(path.join(staging, 'manifest.json'), '{}');
    write(path.join(staging, 'journal.json'), JSON.stringify({ replace: [{ path: 'compose/docker-compose.yml', existed: true }, { path: 'compose/new.yml', existed: false }], remove: ['compose/docker-compose.prod.override.yml'] }));
    write(path.join(staging, 'old', 'compose', 'docker-compose.yml'), previous['compose/docker-compose.yml']!);
    write(path.join(out, 'compose', 'docker-compose.yml'), 'new version');
    write(path.join(out, 'compose', 'new.yml'), 'added');
    write(path.join(staging, 'old', 'compose', 'docker-compose.prod.override.yml'), previous['compose/docker-compose.prod.override.yml']!);
    spawnSync('rm', [path.join(out, 'compose', 'docker-compose.prod.override.yml')]);
    const check = await build('--target', 'compose', '--check');
    expect(check.code).toBe(1); // --check reads only: the half-swapped folder is out of date
    expect(existsSync(staging)).toBe(true);
    const rebuilt = await build('--target', 'compose');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toContain('0 written, 0 removed'); // rolled back to the previous output, which is the build's
    expect(readTree(out)).toEqual(previous);
    expect(existsSync(staging)).toBe(false);
  });
  it('rolls back a build killed between making the folder for a new file and moving it in, where a file of the previous output was', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const previous = readTree(out);
    // The swap moved the file docker-compose.yml to old/ and made a folder of that name for a new file in it, then died.
    const staging = `${out}.infragen-tmp-${deadPid()}`;
    const file = path.join(out, 'compose', 'docker-compose.yml');
    write(path.join(staging, 'manifest.json'), '{}');
    write(path.join(staging, 'journal.json'), JSON.stringify({ replace: [{ path: 'compose/docker-compose.yml/inside.yml', existed: false }], remove: ['compose/docker-compose.yml'] }));
    write(path.join(staging, 'old', 'compose', 'docker-compose.yml'), previous['compose/docker-compose.yml']!);
    write(path.join(staging, 'new', 'compose', 'docker-compose.yml', 'inside.yml'), 'new');
    spawnSync('rm', [file]);
    mkdirSync(file);
    expect((await build('--target', 'compose')).code).toBe(0);
    expect(readTree(out)).toEqual(previous);
    expect(existsSync(staging)).toBe(false);
  });

  it('finishes a killed build that had committed: the new output stays, the staging folder goes', async () => {
    expect((await build('--target', 'compose')).code).toBe(0);
    const current = readTree(out);
    const staging = `${out}.infragen-tmp-${deadPid()}`;
    write(path.join(staging, 'journal.json'), JSON.stringify({ replace: [{ path: 'compose/docker-compose.yml', existed: true }], remove: [] }));
    write(path.join(staging, 'old', 'compose', 'docker-compose.yml'), 'the version before');
    expect((await build('--target', 'compose')).code).toBe(0);
    expect(readTree(out)).toEqual(current);
    expect(existsSync(staging)).toBe(false);
  });

  it('an earlier version\'s retired folder is restored when out/ is gone, and otherwise kept with a note', async () => {
    const retired = `${out}.infragen-tmp-${deadPid()}-old`;
    write(path.join(retired, 'compose', 'secrets', 'main-password'), 'pw');
    write(path.join(retired, 'manifest.json'), JSON.stringify({ infragen: 1, system: 'shop', files: [] }));
    expect((await build('--target', 'compose')).code).toBe(0);
    expect(readFileSync(path.join(out, 'compose', 'secrets', 'main-password'), 'utf8')).toBe('pw');
    expect(existsSync(retired)).toBe(false);
    write(path.join(retired, 'terraform', 'prod', 'eu-west-1', 'terraform.tfstate'), '{}');
    writeFileSync(system, SYSTEM.replace('1.2.0', '1.3.0'));
    const kept = await build('--target', 'compose');
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain(`note: left ${retired} alone`);
    expect(existsSync(path.join(retired, 'terraform', 'prod', 'eu-west-1', 'terraform.tfstate'))).toBe(true);
  });
});

describe('paths a target returns that no file system takes', () => {
  it('a NUL byte, a 300-character name and a file/folder clash are TARGET_PATH, not an internal error', async () => {
    write(path.join(dir, 'bad-paths.mjs'), `export default {
  id: 'bad-paths',
  description: 'returns paths no file system takes',
  emit: () => [
    { path: 'nul\\u0000byte.txt', contents: 'x', sources: [] },
    { path: '${'n'.repeat(300)}.txt', contents: 'x', sources: [] },
    { path: 'a', contents: 'x', sources: [] },
    { path: 'a/b', contents: 'x', sources: [] },
    { path: 'fine.txt', contents: 'x', sources: [] },
  ],
};
`);
    const result = await build('--target', 'bad-paths', '--plugin', path.join(dir, 'bad-paths.mjs'));
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(1);
    const messages = result.stderr.split('\n').filter((line) => line.startsWith('error[TARGET_PATH]'));
    expect(messages).toHaveLength(3);
    const text = messages.join('\n');
    expect(text).toContain('"nul\\x00byte.txt": control characters');
    expect(text).toContain('304 bytes long; file systems allow 255');
    expect(text).toContain('"a/b": "a" is also returned as a file');
    expect(existsSync(out)).toBe(false);
  });
});
