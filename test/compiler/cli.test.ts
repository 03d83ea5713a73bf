/** The CLI contract: exit codes, output formats, the writer's guarantees and determinism. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli as run, tempFolder } from '../helpers/cli.ts';
import { readTree } from '../helpers/golden.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

const VALID = `infragen: 1
system: shop
environments:
  prod: { regions: [eu-west-1], account: "123456789012" }
queues:
  orders: { visibilityTimeout: 60s }
services:
  api:
    image: shop/api:1.2.0
    ports: { http: 8080 }
    consumes: [queue.orders]
`;
const INVALID = VALID.replace('visibilityTimeout: 60s', 'visibilityTimeout: 60 seconds').replace('ports:', 'portz:');

let dir: string;
beforeEach(() => {
  dir = tempFolder('infragen-cli-');
  writeFileSync(path.join(dir, 'system.yaml'), VALID);
});

describe('exit codes', () => {
  it('0 for a valid system, 1 for errors in the input, 2 for usage mistakes', async () => {
    expect((await run(['validate', path.join(dir, 'system.yaml')])).code).toBe(0);
    writeFileSync(path.join(dir, 'system.yaml'), INVALID);
    const invalid = await run(['validate', path.join(dir, 'system.yaml')]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('error[INVALID_FORMAT]');
    expect(invalid.stderr).toContain('error[UNKNOWN_KEY]');
    expect(invalid.stderr).toContain('2 errors, 0 warnings');
    expect((await run(['validate', '--bogus'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['validate', path.join(dir, 'missing.yaml')])).code).toBe(1);
  });

  it('prints no stack trace for usage errors', async () => {
    const result = await run(['build', '--format', 'xml', path.join(dir, 'system.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('infragen: --format must be text, json or github, not "xml"\nrun `infragen --help` for usage\n');
  });

  it('has --help for every command and --version', async () => {
    for (const command of ['build', 'validate', 'schema', 'targets']) {
      const result = await run([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`infragen ${command}`);
    }
    expect((await run(['--version'])).stdout).toMatch(/^infragen \S+\n$/);
  });
});

describe('machine formats', () => {
  beforeEach(() => writeFileSync(path.join(dir, 'system.yaml'), INVALID));

  it('--format json lists every diagnostic with code and span', async () => {
    const result = await run(['validate', '--format', 'json', path.join(dir, 'system.yaml')]);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.diagnostics.map((diagnostic: { code: string }) => diagnostic.code)).toEqual(['INVALID_FORMAT', 'UNKNOWN_KEY']);
    expect(parsed.diagnostics[0].span.start).toMatchObject({ line: 6, column: 32 });
  });

  it('--format github prints workflow annotations on the exact lines', async () => {
    const result = await run(['validate', '--format', 'github', path.join(dir, 'system.yaml')]);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=.*system\.yaml,line=6,col=32,endLine=6,endColumn=\d+,title=INVALID_FORMAT::/);
    expect(lines[1]).toContain('line=10,col=5');
  });
});

describe('build and the writer', () => {
  it('writes a manifest, then --check passes; a changed input makes --check fail', async () => {
    const out = path.join(dir, 'out');
    expect((await run(['build', path.join(dir, 'system.yaml'), '-o', out])).code).toBe(0);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
    expect((await run(['build', '--check', path.join(dir, 'system.yaml'), '-o', out])).code).toBe(0);
    writeFileSync(path.join(dir, 'system.yaml'), VALID.replace('shop/api:1.2.0', 'shop/api:1.3.0').replace('system: shop', 'system: shop2'));
    const stale = await run(['build', '--check', path.join(dir, 'system.yaml'), '-o', out]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('stale       manifest.json');
  });

  it('a failed build leaves the previous output untouched', async () => {
    const out = path.join(dir, 'out');
    await run(['build', path.join(dir, 'system.yaml'), '-o', out]);
    const before = readTree(out);
    writeFileSync(path.join(dir, 'system.yaml'), INVALID);
    const failed = await run(['build', path.join(dir, 'system.yaml'), '-o', out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('was left as it was');
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes('infragen-tmp'))).toEqual([]);
  });

  it('removes stale files it wrote and leaves unchanged ones untouched', async () => {
    const out = path.join(dir, 'out');
    await run(['build', path.join(dir, 'system.yaml'), '-o', out]);
    const unchanged = path.join(out, 'compose', 'localstack', 'init', 'ready.d', 'init-aws.sh');
    const inode = statSync(unchanged).ino;
    writeFileSync(path.join(dir, 'system.yaml'), VALID.replace('environments:\n  prod:', 'environments:\n  stage:'));
    const rebuilt = await run(['build', path.join(dir, 'system.yaml'), '-o', out]);
    expect(rebuilt.stderr).toMatch(/[1-9]\d* removed/);
    expect(existsSync(path.join(out, 'terraform', 'prod'))).toBe(false);
    expect(existsSync(path.join(out, 'terraform', 'stage', 'eu-west-1', 'main.tf.json'))).toBe(true);
    expect(statSync(unchanged).ino).toBe(inode);
  });

  it('refuses to replace a folder it did not write', async () => {
    const foreign = path.join(dir, 'precious');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const result = await run(['build', path.join(dir, 'system.yaml'), '-o', foreign]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[OUTPUT_NOT_INFRAGEN]');
    expect(readFileSync(path.join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('plugins that fail', () => {
  it('a plugin that cannot load does not silence the other targets, and nothing is written', async () => {
    writeFileSync(path.join(dir, 'system.yaml'), `${VALID}functions:\n  sync:\n    handler: dist/sync.handler\n    schedule: rate(5 minutes)\n`);
    const out = path.join(dir, 'out');
    const result = await run(['build', path.join(dir, 'system.yaml'), '-o', out, '--plugin', path.join(dir, 'missing.mjs')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[PLUGIN_NOT_FOUND]');
    expect(result.stderr).toContain('info[COMPOSE_FUNCTIONS_NOT_LOCAL]');
    expect(existsSync(out)).toBe(false);
  });

  it('`infragen targets --plugin` reports a plugin that cannot load', async () => {
    const result = await run(['targets', '--plugin', path.join(dir, 'missing.mjs')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('terraform');
    expect(result.stderr).toContain('error[PLUGIN_NOT_FOUND]');
  });
});

describe('determinism', () => {
  it('builds byte-identical output from another folder and with keys reordered', async () => {
    const example = path.join(ROOT, 'examples', 'hathor-wallet');
    const copy = path.join(dir, 'copy');
    cpSync(example, copy, { recursive: true });
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    expect((await run(['build', path.join(example, 'system.yaml'), '-o', first])).code).toBe(0);
    // Reverse the order of every top-level section: keys without meaning must not matter.
    const text = readFileSync(path.join(copy, 'system.yaml'), 'utf8');
    const sections = text.split(/\n(?=[a-z])/);
    writeFileSync(path.join(copy, 'system.yaml'), [sections[0], ...sections.slice(1).reverse()].join('\n'));
    expect((await run(['build', path.join(copy, 'system.yaml'), '-o', second])).code).toBe(0);
    const a = readTree(first);
    const b = readTree(second);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const file of Object.keys(a)) {
      if (file === 'manifest.json') continue; // the manifest records source lines, which moved
      expect(b[file], file).toBe(a[file]);
    }
  });
});

describe('the bundled CLI', () => {
  it('starts from dist/cli.mjs and honours NO_COLOR', () => {
    writeFileSync(path.join(dir, 'system.yaml'), INVALID);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.mjs'), 'validate', path.join(dir, 'system.yaml')], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('\u001b[');
    expect(result.stderr).toContain('error[UNKNOWN_KEY]');
  });

  it("reads yaml's debug switches once, not once per token (scripts/bundle.mjs)", () => {
    // A preloaded module counts the reads of `process.env.LOG_*` during a validation.
    const counter = path.join(dir, 'count-env-reads.mjs');
    writeFileSync(counter, [
      "import { writeFileSync } from 'node:fs';",
      'const reads = {};',
      "process.env = new Proxy(process.env, { get(env, key) { if (typeof key === 'string' && key.startsWith('LOG_')) reads[key] = (reads[key] ?? 0) + 1; return Reflect.get(env, key); } });",
      "process.on('exit', () => writeFileSync(process.env.COUNTS_FILE, JSON.stringify(reads)));",
    ].join('\n'));
    const counts = path.join(dir, 'counts.json');
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(counter).href, path.join(ROOT, 'dist', 'cli.mjs'), 'validate', path.join(ROOT, 'examples', 'hathor-wallet', 'system.yaml'), '-q'], {
      encoding: 'utf8',
      env: { ...process.env, COUNTS_FILE: counts },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(counts, 'utf8'))).toEqual({ LOG_TOKENS: 1, LOG_STREAM: 1 });
  });
});
