/** `infragen diff` on the command line: folders, `--base-ref` on a real git repository, exit codes. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.ts';

const CASES = import.meta.dirname;
let dir: string;
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

// One folder for the whole file (the builds are shared by its tests), so not `tempFolder`.
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'infragen-diff-'));
  for (const side of ['base', 'head']) {
    expect((await run(['build', path.join(CASES, 'public-port', side, 'system.yaml'), '-o', path.join(dir, `out-${side}`), '-q'])).code).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('infragen diff <base> [<head>]', () => {
  it('identical folders: "no changes", exit 0 with --exit-code', async () => {
    const result = await run(['diff', path.join(dir, 'out-base'), path.join(dir, 'out-base'), '--exit-code', '--fail-on', 'risk']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('no changes');
  });

  it('changes exit 0 by default, 1 with --exit-code or --fail-on risk/security, 0 with --fail-on data-loss', async () => {
    const args = ['diff', path.join(dir, 'out-base'), path.join(dir, 'out-head')];
    expect((await run(args)).code).toBe(0);
    expect((await run([...args, '--exit-code'])).code).toBe(1);
    expect((await run([...args, '--fail-on', 'risk'])).code).toBe(1);
    expect((await run([...args, '--fail-on', 'security'])).code).toBe(1);
    expect((await run([...args, '--fail-on', 'data-loss'])).code).toBe(0);
  });

  it('prints markdown, json and github annotations, and writes --output', async () => {
    const args = ['diff', path.join(dir, 'out-base'), path.join(dir, 'out-head')];
    expect((await run([...args, '--format', 'markdown'])).stdout).toMatch(/^<!-- infragen-diff -->\n### infragen diff: /);
    expect(JSON.parse((await run([...args, '--format', 'json'])).stdout)).toMatchObject({ infragen: 1, totals: { risky: 2 } });
    expect((await run([...args, '--format', 'github', '--system', 'deploy/system.yaml'])).stdout).toMatch(/^::warning file=deploy\/system\.yaml,line=13,/m);
    const file = path.join(dir, 'comment.md');
    expect(await run([...args, '--format', 'markdown', '-o', file])).toMatchObject({ code: 0, stdout: '' });
  });

  it('usage errors exit 2', async () => {
    expect((await run(['diff'])).code).toBe(2);
    expect((await run(['diff', 'a', 'b', 'c'])).code).toBe(2);
    expect((await run(['diff', path.join(dir, 'out-base'), '--format', 'html'])).code).toBe(2);
    expect((await run(['diff', path.join(dir, 'out-base'), '--fail-on', 'everything'])).code).toBe(2);
    expect((await run(['diff', path.join(dir, 'nope'), path.join(dir, 'out-base')])).stderr).toMatch(/is not a folder/);
  });
});

describe('infragen diff --base-ref', () => {
  let repo: string;
  beforeAll(() => {
    repo = path.join(dir, 'repo');
    mkdirSync(path.join(repo, 'deploy'), { recursive: true });
    cpSync(path.join(CASES, 'included-file', 'base'), path.join(repo, 'deploy'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    // The working tree: the included queue file changes (uncommitted).
    cpSync(path.join(CASES, 'included-file', 'head', 'queues', 'orders.yaml'), path.join(repo, 'deploy', 'queues', 'orders.yaml'));
  });

  it('builds the base revision in memory and attributes the change to the included file', async () => {
    const result = await run(['diff', '--base-ref', 'HEAD', '--system', 'deploy/system.yaml', '--format', 'github'], repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^::notice file=deploy\/queues\/orders\.yaml,line=3,title=infragen diff%3A queue\.orders changes the output::/m);
    const text = await run(['diff', '--base-ref', 'HEAD', '--system', 'deploy/system.yaml', '--exit-code'], repo);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('visibility_timeout_seconds: 60 → 120');
  });

  it('an unchanged working tree diffs to no changes; a bad ref or a base without the system file are handled', async () => {
    const queues = path.join(repo, 'deploy', 'queues', 'orders.yaml');
    cpSync(path.join(CASES, 'included-file', 'base', 'queues', 'orders.yaml'), queues);
    try {
      expect(await run(['diff', '--base-ref', 'HEAD', '--system', 'deploy/system.yaml', '--exit-code'], repo)).toMatchObject({ code: 0 });
    } finally {
      cpSync(path.join(CASES, 'included-file', 'head', 'queues', 'orders.yaml'), queues);
    }
    const bad = await run(['diff', '--base-ref', 'no-such-ref', '--system', 'deploy/system.yaml'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/git rev-parse/);
    mkdirSync(path.join(repo, 'new'), { recursive: true });
    writeFileSync(path.join(repo, 'new', 'system.yaml'), 'infragen: 1\nsystem: fresh\nenvironments: { prod: { regions: [eu-west-1] } }\nqueues: { jobs: {} }\n');
    const fresh = await run(['diff', '--base-ref', 'HEAD', '--system', 'new/system.yaml'], repo);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('does not exist at HEAD: every file is new');
  });
});
