/**
 * An LSP client for the tests: starts `node dist/cli.mjs lsp --stdio` as an editor would and
 * talks JSON-RPC to it over stdin/stdout (vscode-languageserver-protocol, the client side of the
 * same library VS Code's client uses).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { onTestFinished } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const uriOf = (file: string) => pathToFileURL(file).href;

export class LspClient {
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly waiters: Array<{ uri: string; accept: (diagnostics: Diagnostic[]) => boolean; resolve: (diagnostics: Diagnostic[]) => void }> = [];
  private readonly versions = new Map<string, number>();
  stderr = '';

  private constructor(readonly connection: ProtocolConnection, readonly child: ChildProcess) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params.diagnostics);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
  }

  /** Starts the server and initializes it; shut down and killed when the test finishes. */
  static async start(): Promise<LspClient> {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(connection, child);
    child.stderr!.on('data', (chunk) => (client.stderr += String(chunk)));
    connection.listen();
    onTestFinished(async () => void (await client.stop()));
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(file: string, text = readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(uriOf(file), 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(file), languageId: 'yaml', version: 1, text } });
  }

  /** Replaces the whole text, as a client without incremental sync does. */
  async change(file: string, text: string): Promise<void> {
    const version = (this.versions.get(uriOf(file)) ?? 1) + 1;
    this.versions.set(uriOf(file), version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
  }

  /** The next diagnostics published for `file` that `accept` takes (the latest ones when they already do). */
  diagnostics(file: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const latest = this.latest.get(uri);
    if (latest && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${file} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest.get(uri))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, accept, resolve: (diagnostics) => (clearTimeout(timer), resolve(diagnostics)) });
    });
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
