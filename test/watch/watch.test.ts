/**
 * Watch mode, for real: the shipped CLI runs in a child process, the test edits files on disk,
 * reads what the CLI prints, and stops it with SIGINT as Ctrl-C does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

class Watcher {
  output = '';
  /** Where the output of the current round starts. */
  mark = 0;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stderr!.on('data', (chunk) => (this.output += String(chunk)));
    child.stdout!.on('data', (chunk) => (this.output += String(chunk)));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(cwd: string, args: string[]): Watcher {
    const watcher = new Watcher(spawn(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }));
    onTestFinished(() => void watcher.child.kill('SIGKILL'));
    return watcher;
  }

  /** Waits until the output since the last mark matches, and returns that part (then marks the end). */
  async next(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const part = this.output.slice(this.mark);
      if (pattern.test(part)) {
        this.mark = this.output.length;
        return part;
      }
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${pattern} in the output within ${timeoutMs} ms:\n${this.output.slice(this.mark)}\n--- all output ---\n${this.output}`);
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }
}

function project(): string {
  const dir = tempFolder('infragen-watch-');
  mkdirSync(path.join(dir, 'parts'));
  writeFileSync(path.join(dir, 'system.yaml'), 'infragen: 1\nsystem: shop\ninclude: [parts/*.yaml]\ndatabases:\n  orders-db: { engine: postgres, version: "16", class: db.t3.micro }\n');
  writeFileSync(path.join(dir, 'parts/api.yaml'), 'services:\n  api:\n    image: shop/api:1\n    uses: [database.orders-db]\n');
  return dir;
}

describe('validate --watch', () => {
  it('re-validates on changes to the system file, an included file and a new file its include matches; prints only what changed; survives errors; stops on SIGINT', async () => {
    const dir = project();
    const watcher = Watcher.start(dir, ['validate', '--watch']);
    expect(await watcher.next(/watching system\.yaml/)).toContain('0 errors, 0 warnings');

    writeFileSync(path.join(dir, 'parts/api.yaml'), 'services:\n  api:\n    image: shop/api:1\n    uses: [database.orders-dbx]\n');
    const broken = await watcher.next(/1 error/);
    expect(broken).toContain('parts/api.yaml changed');
    expect(broken).toContain('error[UNKNOWN_REFERENCE]: "database.orders-dbx" does not exist');
    expect(broken).toContain(' --> parts/api.yaml:4:12');

    // Only what changed: a change that leaves the findings as they were does not print them again.
    writeFileSync(path.join(dir, 'system.yaml'), 'infragen: 1\nsystem: shop   # the shop\ninclude: [parts/*.yaml]\ndatabases:\n  orders-db: { engine: postgres, version: "16", class: db.t3.micro }\n');
    const same = await watcher.next(/no change in the findings\n1 error, 0 warnings/);
    expect(same).not.toContain('UNKNOWN_REFERENCE');

    // A YAML syntax error does not stop the watcher either.
    writeFileSync(path.join(dir, 'system.yaml'), 'infragen: 1\nsystem: shop\ninclude: [parts/*.yaml\n');
    const syntax = await watcher.next(/error\[YAML_SYNTAX\][\s\S]*\d+ errors?, 0 warnings/);
    expect(syntax).toContain('system.yaml changed');
    writeFileSync(path.join(dir, 'system.yaml'), 'infragen: 1\nsystem: shop\ninclude: [parts/*.yaml]\ndatabases:\n  orders-db: { engine: postgres, version: "16", class: db.t3.micro }\n');
    // The syntax error hid the included file's finding; with it fixed, that finding is new again.
    const back = await watcher.next(/fixed error\[YAML_SYNTAX\][\s\S]*1 error, 0 warnings/);
    expect(back).toContain('error[UNKNOWN_REFERENCE]');

    writeFileSync(path.join(dir, 'parts/orders.yaml'), 'queues:\n  orders: { fifo: yes }\n');
    const added = await watcher.next(/parts\/orders\.yaml changed[\s\S]*2 errors/);
    expect(added).toContain('error[INVALID_TYPE]');

    writeFileSync(path.join(dir, 'parts/api.yaml'), 'services:\n  api:\n    image: shop/api:1\n    uses: [database.orders-db]\n');
    const fixed = await watcher.next(/fixed error\[UNKNOWN_REFERENCE\][^\n]*\n1 error, 0 warnings/);
    expect(fixed).toContain('fixed error[UNKNOWN_REFERENCE]: "database.orders-dbx" does not exist');

    // A file the system does not read changes nothing.
    writeFileSync(path.join(dir, 'notes.yaml'), 'not: included\n');
    writeFileSync(path.join(dir, 'parts/orders.yaml'), 'queues:\n  orders: { fifo: true }\n');
    const last = await watcher.next(/0 errors, 0 warnings/);
    expect(last).toContain('parts/orders.yaml changed');
    expect(last).not.toContain('notes.yaml');

    expect(await watcher.stop()).toBe(0);
    expect(watcher.output).toMatch(/stopped watching\n$/);
  });
});

describe('build --watch', () => {
  it('rebuilds into the output folder on every change, lists only the files written, and rebuilds when a template plugin changes', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'plugins/note'), { recursive: true });
    writeFileSync(path.join(dir, 'plugins/note/infragen-template.yaml'), 'id: note\ndescription: one note per service\nrender:\n  - template: note.txt.hbs\n    for: service\n    path: "{{environment.name}}/{{name}}.txt"\n');
    writeFileSync(path.join(dir, 'plugins/note/note.txt.hbs'), 'image {{entity.image}}\n');
    const system = readFileSync(path.join(dir, 'system.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'system.yaml'), `${system}plugins: ["template:./plugins/note"]\nenvironments:\n  dev: { regions: [us-east-1], account: "123456789012" }\n`);

    const watcher = Watcher.start(dir, ['build', '--watch', '-o', 'out', '--target', 'compose', '--target', 'note']);
    const first = await watcher.next(/watching/);
    expect(first).toContain('added    note/dev/api.txt');
    expect(readFileSync(path.join(dir, 'out/note/dev/api.txt'), 'utf8')).toBe('image shop/api:1\n');

    writeFileSync(path.join(dir, 'parts/api.yaml'), 'services:\n  api:\n    image: shop/api:2\n    uses: [database.orders-db]\n');
    const rebuilt = await watcher.next(/out: \d+ written/);
    expect(rebuilt).toContain('changed  note/dev/api.txt');
    expect(rebuilt).toContain('changed  compose/docker-compose.yml');
    expect(rebuilt).not.toContain('manifest.json\n  added');
    expect(readFileSync(path.join(dir, 'out/note/dev/api.txt'), 'utf8')).toBe('image shop/api:2\n');

    writeFileSync(path.join(dir, 'plugins/note/note.txt.hbs'), 'runs {{entity.image}}\n');
    const template = await watcher.next(/out: \d+ written/);
    expect(template).toContain('plugins/note/note.txt.hbs changed');
    expect(template).toMatch(/changed  note\/dev\/api\.txt\n(?!.*compose)/);
    expect(readFileSync(path.join(dir, 'out/note/dev/api.txt'), 'utf8')).toBe('runs shop/api:2\n');

    writeFileSync(path.join(dir, 'parts/api.yaml'), 'services:\n  api:\n    image: shop/api:3\n    replicas: lots\n');
    expect(await watcher.next(/build failed; out was left as it was/)).toContain('error[INVALID_TYPE]');
    expect(readFileSync(path.join(dir, 'out/note/dev/api.txt'), 'utf8')).toBe('runs shop/api:2\n');

    expect(await watcher.stop()).toBe(0);
  });

  it('refuses --watch with --check and with a machine format, as usage errors', async () => {
    expect(await runCli(['build', '--watch', '--check'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--watch and --check do not go together') });
    // Asked for JSON, the usage error comes as JSON.
    const json = await runCli(['validate', '--watch', '--format', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).diagnostics[0]).toMatchObject({ code: 'USAGE_ERROR', message: expect.stringContaining('--watch prints text for people') });
  });
});
