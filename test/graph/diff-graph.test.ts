/** `infragen diff --graph`: the Mermaid picture of changed entities in the markdown report. */
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.ts';

const CASE = path.resolve(import.meta.dirname, '../diff/deleted-database');
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
const mermaidOf = (markdown: string) => markdown.match(/```mermaid\n([\s\S]*?)```/)?.[1];

describe('infragen diff --graph', () => {
  it('--base-ref: marks the removed database (from the base system) and the changed service, with their neighbours', async () => {
    const repo = tempFolder('infragen-diff-graph-');
    cpSync(path.join(CASE, 'base', 'system.yaml'), path.join(repo, 'system.yaml'));
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    cpSync(path.join(CASE, 'head', 'system.yaml'), path.join(repo, 'system.yaml'));
    const result = await runCli(['diff', '--base-ref', 'HEAD', '--format', 'markdown', '--graph'], repo);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('#### Architecture: changed entities and their neighbours');
    const picture = mermaidOf(result.stdout)!;
    expect(picture).toMatch(/^flowchart LR\n/);
    expect(picture).toContain('n_database_orders_db[("<b>− orders-db</b><br/>database")]');
    expect(picture).toMatch(/class [a-z_,]*n_database_orders_db[a-z_,]* removed/);
    expect(picture).toContain('n_service_api --> n_database_orders_db');
    expect(picture).toMatch(/class [a-z_,]*n_service_api[a-z_,]* changed/);
  });

  it('two folders: draws --system, and a removed entity alone', async () => {
    const dir = tempFolder('infragen-diff-graph-');
    for (const side of ['base', 'head']) {
      expect((await runCli(['build', path.join(CASE, side, 'system.yaml'), '-o', path.join(dir, side), '-q'])).code).toBe(0);
    }
    const result = await runCli(['diff', path.join(dir, 'base'), path.join(dir, 'head'), '--format', 'markdown', '--graph', '--system', path.join(CASE, 'head', 'system.yaml')]);
    expect(result.code).toBe(0);
    expect(mermaidOf(result.stdout)).toContain('− orders-db');
  });

  it('is refused outside markdown, and with an invalid --system', async () => {
    expect(await runCli(['diff', CASE, CASE, '--graph'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--graph adds a Mermaid picture to the markdown report') });
    const dir = tempFolder('infragen-diff-graph-');
    writeFileSync(path.join(dir, 'system.yaml'), 'infragen: 1\nsystem: x\nservices: { api: { image: a:1, uses: [queue.nope] } }\n');
    const result = await runCli(['diff', CASE, CASE, '--format', 'markdown', '--graph', '--system', path.join(dir, 'system.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('UNKNOWN_REFERENCE');
  });
});
