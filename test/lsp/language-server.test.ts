/**
 * The language server, driven over stdio by an LSP client the way an editor drives it, on the
 * examples and on a system split over included files. Each test starts its own server, so the
 * default run keeps the start-up and one diagnostics round trip; the rest is the slow tier
 * (test/helpers/tiers.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Location,
  type MarkupContent,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../compiler/load/host.ts';
import { checkWithTargets, validateSystem } from '../../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import { tempFolder } from '../helpers/cli.ts';
import { SLOW_TESTS, SLOW_TIER } from '../helpers/tiers.ts';
import { LspClient, ROOT, uriOf } from './client.ts';

const HATHOR = path.join(ROOT, 'examples/hathor-wallet/system.yaml');
const hathorText = readFileSync(HATHOR, 'utf8');

/** The position of the `occurrence`-th (0-based) `needle` in `text`, plus `delta` characters. */
function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" #${occurrence} not in the text`);
  }
  offset += delta;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

/** What `infragen validate` reports for `text` as the entry file (the built-in targets' checks included), in the LSP's shape. */
async function cliDiagnostics(entry: string, files: Record<string, string>) {
  const result = await checkWithTargets(validateSystem(entry, { host: memoryHost(files) }), BUILTIN_TARGETS);
  return result.diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    message: diagnostic.hint ? `${diagnostic.message}\nhint: ${diagnostic.hint}` : diagnostic.message,
    file: diagnostic.span?.file,
    range: diagnostic.span && {
      start: { line: diagnostic.span.start.line - 1, character: diagnostic.span.start.column - 1 },
      end: { line: diagnostic.span.end.line - 1, character: diagnostic.span.end.column - 1 },
    },
  }));
}

const shape = (diagnostics: Diagnostic[]) => diagnostics.map(({ code, message, range }) => ({ code, message, range }));

async function completion(client: LspClient, file: string, position: Position): Promise<CompletionItem[]> {
  const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(file) }, position })) as CompletionItem[] | CompletionList | null;
  return Array.isArray(result) ? result : result?.items ?? [];
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label).sort();

/** Applies an LSP rename's edits to one file's text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (position: Position) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

/** Every module `file` imports statically (not through `import()`), transitively, added to `seen`. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^;'"]*?["'](\.[^"']+)["']/gm)) {
    staticImports(path.resolve(path.dirname(file), match[1]!), seen);
  }
  return seen;
}

describe('infragen lsp: start-up', () => {
  it('is loaded only by the lsp command (and the watcher only by --watch): other commands import neither', () => {
    // The bin starts the target threads, then imports the CLI itself lazily (compiler/cli/bin.ts).
    const bin = path.join(ROOT, 'dist/cli.mjs');
    const cliChunk = readFileSync(bin, 'utf8').match(/import\("\.\/(chunks\/main-[A-Z0-9]+\.mjs)"\)/)?.[1];
    expect(cliChunk).toBeDefined();
    const loaded = [...staticImports(path.join(ROOT, 'dist', cliChunk!), staticImports(bin))];
    expect(loaded.length).toBeGreaterThan(1);
    for (const file of loaded) expect(readFileSync(file, 'utf8'), file).not.toMatch(/vscode-languageserver|FSWatcher/);
    expect(loaded.some((file) => /import\("\.\/(chunks\/)?language-server-[A-Z0-9]+\.mjs"\)/.test(readFileSync(file, 'utf8')))).toBe(true);
  });

  it('ends when the client goes away without `exit` (stdin closes): exit code 1, no orphan', async () => {
    const client = await LspClient.start();
    const exited = new Promise<number | null>((resolve) => client.child.once('exit', (code) => resolve(code)));
    client.child.stdin!.end();
    expect(await exited).toBe(1);
  });

  it('refuses transports other than stdio with a usage error', async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const result = await runCli(['lsp', '--node-ipc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"lsp" talks over stdio only; unknown argument --node-ipc');
  });
});

describe('infragen lsp: diagnostics', () => {
  it('publishes nothing wrong for a valid example, then the CLI\'s own diagnostic as the user types a wrong reference, then clears it', async () => {
    const client = await LspClient.start();
    await client.open(HATHOR);
    // Only the compose target's note that functions do not run locally, as `infragen validate` prints it.
    const notes = await client.diagnostics(HATHOR);
    expect(notes.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['COMPOSE_FUNCTIONS_NOT_LOCAL', 3]]);

    const broken = hathorText.replace('uses: [database.wallet-db, cache.wallet-cache]', 'uses: [database.wallet-dbb, cache.wallet-cache]');
    await client.change(HATHOR, broken);
    const diagnostics = await client.diagnostics(HATHOR, (list) => list.some((diagnostic) => diagnostic.code === 'UNKNOWN_REFERENCE'));
    expect(diagnostics[0]).toMatchObject({ code: 'UNKNOWN_REFERENCE', source: 'infragen', severity: 1 });
    expect(diagnostics[0]!.message).toBe('"database.wallet-dbb" does not exist\nhint: did you mean "database.wallet-db"?');
    expect(shape(diagnostics)).toEqual((await cliDiagnostics(HATHOR, { [HATHOR]: broken })).map(({ code, message, range }) => ({ code, message, range })));
    expect(diagnostics[0]!.range.start).toEqual(positionOf(broken, 'database.wallet-dbb'));

    await client.change(HATHOR, hathorText);
    expect(await client.diagnostics(HATHOR, (list) => list.every((diagnostic) => diagnostic.severity === 3))).toEqual(notes);
    expect(await client.stop()).toBe(0);
  });
});

describe.skipIf(!SLOW_TESTS)(`infragen lsp: diagnostics, the rest ${SLOW_TIER}`, () => {
  it('agrees with `infragen validate` on every example', async () => {
    const client = await LspClient.start();
    for (const example of ['atala-credentials', 'coda-testnet', 'guardian-partner', 'hathor-wallet', 'hitsave']) {
      const file = path.join(ROOT, 'examples', example, 'system.yaml');
      await client.open(file);
      expect(shape(await client.diagnostics(file)), example).toEqual((await cliDiagnostics(file, { [file]: readFileSync(file, 'utf8') })).map(({ code, message, range }) => ({ code, message, range })));
    }
  });

  it('reports schema, semantic and interpolation findings with the ranges the CLI prints', async () => {
    const client = await LspClient.start();
    const broken = hathorText
      .replace('visibilityTimeout: 60s', 'visibilityTimeout: 60 seconds')
      .replace('dependsOn: [fullnode]', 'dependsOn: [fullnode]\n    replica: 2')
      .replace('FULLNODE_URL: "${service.fullnode.url}"', 'FULLNODE_URL: "${service.fullnode.uri}"');
    await client.open(HATHOR, broken);
    const diagnostics = await client.diagnostics(HATHOR, (list) => list.length > 0);
    expect(shape(diagnostics)).toEqual((await cliDiagnostics(HATHOR, { [HATHOR]: broken })).map(({ code, message, range }) => ({ code, message, range })));
    expect(diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['INVALID_FORMAT', 'UNKNOWN_ATTRIBUTE', 'UNKNOWN_KEY']);
  });

  it('reports the targets\' checks as validate does: a CloudWatch period at its line', async () => {
    const client = await LspClient.start();
    const file = path.join(ROOT, 'test/fixtures/target-terraform-checks/system.yaml');
    await client.open(file);
    const diagnostics = await client.diagnostics(file, (list) => list.length > 0);
    expect(shape(diagnostics)).toEqual((await cliDiagnostics(file, { [file]: readFileSync(file, 'utf8') })).map(({ code, message, range }) => ({ code, message, range })));
    expect(diagnostics.find((diagnostic) => diagnostic.code === 'TERRAFORM_ALARM_PERIOD')?.range.start.line).toBe(22);
  });

  it('reports wrong target options where an environment writes them, and the checks that read them, as validate does', async () => {
    const client = await LspClient.start();
    for (const fixture of ['target-options', 'target-kubernetes-checks']) {
      const file = path.join(ROOT, 'test/fixtures', fixture, 'system.yaml');
      await client.open(file);
      const diagnostics = await client.diagnostics(file, (list) => list.length > 0);
      expect(shape(diagnostics), fixture).toEqual((await cliDiagnostics(file, { [file]: readFileSync(file, 'utf8') })).map(({ code, message, range }) => ({ code, message, range })));
    }
    const options = await client.diagnostics(path.join(ROOT, 'test/fixtures/target-options/system.yaml'));
    expect(options.filter((diagnostic) => diagnostic.code === 'PLUGIN_OPTIONS').map((diagnostic) => diagnostic.range.start.line)).toEqual([5, 10, 10]);
    // the namespace comes from environments.<env>.targets.kubernetes
    const checks = await client.diagnostics(path.join(ROOT, 'test/fixtures/target-kubernetes-checks/system.yaml'));
    expect(checks.some((diagnostic) => diagnostic.code === 'K8S_SHARED_NAMESPACE')).toBe(true);
    expect(await client.stop()).toBe(0);
  });

  it('keeps answering while the text does not parse, and ignores YAML files no system includes', async () => {
    const dir = tempFolder('infragen-lsp-broken-');
    const root = path.join(dir, 'system.yaml');
    const stray = path.join(dir, 'other', 'values.yaml');
    mkdirSync(path.dirname(stray));
    writeFileSync(stray, 'replicaCount: 2\n');
    const valid = 'infragen: 1\nsystem: shop\nqueues:\n  jobs: {}\nservices:\n  api:\n    image: shop/api:1\n    uses: [queue.jobs]\n';
    writeFileSync(root, valid);
    const client = await LspClient.start();
    await client.open(root);
    expect(await client.diagnostics(root)).toEqual([]);
    const broken = valid.replace('uses: [queue.jobs]', 'uses: [queue.jobs\n    replicas: 2');
    await client.change(root, broken);
    const syntax = await client.diagnostics(root, (list) => list.length > 0);
    expect(syntax).toMatchObject([{ code: 'YAML_SYNTAX', message: expect.stringMatching(/^this "\[" is never closed/), range: { start: { line: 7, character: 10 } } }]);
    // Completion and definition still work from the last text that parsed.
    expect(labels(await completion(client, root, { line: 7, character: 11 }))).toEqual(['queue.jobs', 'service.api']);
    await client.open(stray);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(stray) }, position: { line: 0, character: 2 } });
    expect(hover).toBeNull();
    expect(client.child.exitCode).toBeNull();
  });

  it('validates the files a system includes, and re-validates the system when an included file changes', async () => {
    const dir = tempFolder('infragen-lsp-');
    mkdirSync(path.join(dir, 'services'));
    const root = path.join(dir, 'system.yaml');
    const fragment = path.join(dir, 'services/api.yaml');
    writeFileSync(root, 'infragen: 1\nsystem: shop\ninclude: [services/*.yaml]\ndatabases:\n  orders-db: { engine: postgres, version: "16", class: db.t3.micro }\n');
    writeFileSync(fragment, 'services:\n  api:\n    image: shop/api:1\n    uses: [database.orders-dbx]\n');
    const client = await LspClient.start();
    await client.open(root);
    const inFragment = await client.diagnostics(fragment, (list) => list.length > 0);
    expect(inFragment).toMatchObject([{ code: 'UNKNOWN_REFERENCE', range: { start: { line: 3, character: 11 } } }]);
    expect(await client.diagnostics(root)).toEqual([]);

    // Saved on disk by another tool: the client reports the file event and the system is checked again.
    writeFileSync(fragment, 'services:\n  api:\n    image: shop/api:1\n    uses: [database.order-db]\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(fragment), type: FileChangeType.Changed }] });
    const afterSave = await client.diagnostics(fragment, (list) => String(list[0]?.message ?? '').startsWith('"database.order-db"'));
    expect(afterSave).toHaveLength(1);

    // Fixing the fragment in the editor (unsaved) clears it; the system is found from the fragment.
    await client.open(fragment, 'services:\n  api:\n    image: shop/api:1\n    uses: [database.orders-db]\n');
    expect(await client.diagnostics(fragment, (list) => list.length === 0)).toEqual([]);
    const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(fragment) }, position: { line: 3, character: 22 } })) as Location;
    expect(definition).toEqual({ uri: uriOf(root), range: { start: { line: 4, character: 2 }, end: { line: 4, character: 11 } } });
    const found = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(root) }, position: { line: 4, character: 4 }, context: { includeDeclaration: false } })) as Location[];
    expect(found).toEqual([{ uri: uriOf(fragment), range: { start: { line: 3, character: 20 }, end: { line: 3, character: 29 } } }]);
    // A new file the include pattern matches, created on disk: the client reports it and it is checked.
    const created = path.join(dir, 'services/worker.yaml');
    writeFileSync(created, 'services:\n  worker:\n    image: shop/worker:1\n    uses: [database.nope]\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(created), type: FileChangeType.Created }] });
    expect(await client.diagnostics(created, (list) => list.length > 0)).toMatchObject([{ code: 'UNKNOWN_REFERENCE' }]);

    const renamed = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(fragment) }, position: { line: 3, character: 22 }, newName: 'sales-db' })) as WorkspaceEdit;
    expect(Object.keys(renamed.changes!).sort()).toEqual([uriOf(root), uriOf(fragment)].sort());
  });
});

describe.skipIf(!SLOW_TESTS)(`infragen lsp: completion ${SLOW_TIER}`, () => {
  it('offers the declared entities a reference field takes', async () => {
    const client = await LspClient.start();
    await client.open(HATHOR);
    const uses = await completion(client, HATHOR, positionOf(hathorText, 'uses: [database.wallet-db, cache', 'uses: ['.length));
    expect(labels(uses)).toEqual(expect.arrayContaining(['database.wallet-db', 'cache.wallet-cache', 'queue.new-tx', 'secret.auth-jwt-secret', 'service.daemon', 'function.api']));
    const dependsOn = await completion(client, HATHOR, positionOf(hathorText, 'dependsOn: [fullnode]', 'dependsOn: ['.length));
    expect(labels(dependsOn)).toEqual(['service.daemon', 'service.fullnode']);
    const notify = await completion(client, HATHOR, positionOf(hathorText, 'notify: [ops, wallet-team]', 'notify: ['.length));
    expect(labels(notify)).toEqual(['notification.ops', 'notification.wallet-team']);
    const secrets = await completion(client, HATHOR, positionOf(hathorText, 'JWT_SECRET: auth-jwt-secret', 'JWT_SECRET: '.length));
    expect(labels(secrets)).toEqual(['secret.auth-jwt-secret']);
    const consumes = await completion(client, HATHOR, positionOf(hathorText, 'consumes: [{ queue: queue.new-tx', 'consumes: [{ queue: '.length));
    expect(labels(consumes)).toEqual(['queue.new-tx']);
    const on = await completion(client, HATHOR, positionOf(hathorText, 'on: database.wallet-db', 'on: '.length));
    expect(labels(on)).toEqual(expect.arrayContaining(['database.wallet-db', 'function.api', 'queue.new-tx', 'service.daemon']));
    expect(labels(on)).not.toContain('notification.ops');
  });

  it('offers queues for a topic subscriber, and finds the bare names written there', async () => {
    const file = path.join(ROOT, 'examples/guardian-partner/system.yaml');
    const text = readFileSync(file, 'utf8');
    const client = await LspClient.start();
    await client.open(file);
    const subscriber = await completion(client, file, positionOf(text, '{ queue: payments-in', '{ queue: '.length));
    expect(labels(subscriber)).toEqual(expect.arrayContaining(['queue.payments-in', 'queue.orders-in']));
    expect(labels(subscriber).every((label) => label.startsWith('queue.'))).toBe(true);
    const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(file) }, position: positionOf(text, '{ queue: payments-in', '{ queue: '.length + 2) })) as Location;
    expect(text.split('\n')[definition.range.start.line]).toMatch(/^ {2}payments-in:/);
  });

  it('completes ${…} one segment at a time: kinds, then names, then the attributes of that kind', async () => {
    // As typed in an editor that closes brackets and quotes: `"${database.|}"`.
    const client = await LspClient.start();
    await client.open(HATHOR);
    const typed = (expression: string) => hathorText.replace('FULLNODE_URL: "${service.fullnode.url}"', `FULLNODE_URL: "\${${expression}}"`);
    const at = async (expression: string) => {
      const text = typed(expression);
      await client.change(HATHOR, text);
      return labels(await completion(client, HATHOR, positionOf(text, `\${${expression}`, expression.length + 2)));
    };
    expect(await at('')).toEqual(expect.arrayContaining(['cache', 'database', 'env', 'queue', 'service', 'system']));
    expect(await at('database.')).toEqual(['wallet-db']);
    expect(await at('database.wallet-db.')).toEqual(['host', 'name', 'password', 'port', 'readerHost', 'url', 'urlWithPassword', 'user']);
    expect(await at('queue.new-tx.')).toEqual(['arn', 'name', 'url']);
    expect(await at('env.')).toEqual(['account', 'domain', 'name', 'region']);
  });

  it('completes keys from the schema with their descriptions, and enum values', async () => {
    const client = await LspClient.start();
    const text = hathorText.replace('    dependsOn: [fullnode]\n', '    dependsOn: [fullnode]\n    auto\n').replace('engine: mysql', 'engine: ');
    await client.open(HATHOR, text);
    const keys = await completion(client, HATHOR, positionOf(text, '    auto\n', 8));
    expect(labels(keys)).toEqual(expect.arrayContaining(['autoscale', 'replicas', 'ports', 'uses', 'health']));
    expect(labels(keys)).not.toContain('handler');
    expect(keys.find((item) => item.label === 'replicas')!.textEdit).toMatchObject({ newText: 'replicas: ' });
    expect((keys.find((item) => item.label === 'runAsRoot')!.documentation as MarkupContent | undefined)?.value).toBeTruthy();
    const engines = await completion(client, HATHOR, positionOf(text, 'engine: \n', 'engine: '.length));
    expect(labels(engines)).toEqual(['mysql', 'postgres']);
    const topLevel = await completion(client, HATHOR, { line: text.split('\n').length - 1, character: 0 });
    expect(labels(topLevel)).toEqual(expect.arrayContaining(['services', 'databases', 'environments', 'include']));
  });
});

describe.skipIf(!SLOW_TESTS)(`infragen lsp: navigation ${SLOW_TIER}`, () => {
  it('goes to the definition of a reference, also from an interpolation and a bare name', async () => {
    const client = await LspClient.start();
    await client.open(HATHOR);
    const declared = { start: positionOf(hathorText, '  wallet-db:', 2), end: positionOf(hathorText, '  wallet-db:', 11) };
    for (const position of [
      positionOf(hathorText, 'uses: [database.wallet-db', 'uses: [database.'.length + 2),
      positionOf(hathorText, '${database.wallet-db.host}', 14),
    ]) {
      const location = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position });
      expect(location).toEqual({ uri: uriOf(HATHOR), range: declared });
    }
    const bare = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position: positionOf(hathorText, 'dependsOn: [fullnode]', 'dependsOn: ['.length + 1) });
    expect(bare).toMatchObject({ range: { start: positionOf(hathorText, '  fullnode:\n', 2) } });
  });

  it('finds every reference to an entity', async () => {
    const client = await LspClient.start();
    await client.open(HATHOR);
    const found = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uriOf(HATHOR) },
      position: positionOf(hathorText, '  new-tx:', 3),
      context: { includeDeclaration: true },
    })) as Location[];
    // the key, `${queue.new-tx.url}`, `publishes`, `consumes` and the alarm's `on`
    expect(found).toHaveLength(5);
    expect(found.map((location) => hathorText.split('\n')[location.range.start.line]!.slice(location.range.start.character, location.range.end.character))).toEqual(Array(5).fill('new-tx'));
  });

  it('hovers a key with the schema\'s description, and a reference with its kind and settings', async () => {
    const client = await LspClient.start();
    await client.open(HATHOR);
    const key = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position: positionOf(hathorText, 'deadLetter:', 2) });
    expect((key?.contents as MarkupContent).value).toContain('Creates `<name>-dlq` and a redrive policy.');
    const reference = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position: positionOf(hathorText, 'uses: [database.wallet-db', 'uses: [database.'.length + 1) });
    const value = (reference?.contents as MarkupContent).value;
    expect(value).toContain('**database** `wallet-db`');
    expect(value).toContain('engine: "mysql"');
    expect(value).toContain('declared in `system.yaml:39`');
  });

  it('renames an entity and every reference to it, and the result is still valid', async () => {
    const client = await LspClient.start();
    await client.open(HATHOR);
    const position = positionOf(hathorText, '${database.wallet-db.port}', 12);
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position });
    expect(prepared).toMatchObject({ placeholder: 'wallet-db' });
    const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position, newName: 'wallet-database' })) as WorkspaceEdit;
    const edits = edit.changes![uriOf(HATHOR)]!;
    const expected = hathorText.split('wallet-db').length - 1;
    expect(edits).toHaveLength(expected);
    const renamed = applyEdits(hathorText, edits);
    expect(renamed).not.toContain('wallet-db');
    expect(validateSystem(HATHOR, { host: memoryHost({ [HATHOR]: renamed }) }).diagnostics).toEqual([]);

    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(HATHOR) }, position, newName: 'Wallet DB' })).rejects.toThrow(/not a valid name/);
  });
});
