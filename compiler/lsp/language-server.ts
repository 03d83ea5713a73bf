/**
 * `infragen lsp --stdio`: the language server. Every change re-runs the same `validateSystem` the
 * CLI runs, over the editor's unsaved text, so the editor shows exactly the CLI's diagnostics.
 * Loaded only by the `lsp` command: other commands never pay for it.
 */
import {
  createConnection,
  DiagnosticSeverity,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate } from '../load/load.ts';
import { COMPLETION_TRIGGERS, complete } from './completion.ts';
import { definition, hover, prepareRename, references, rename, RenameError, spanToLocation, spanToRange } from './navigation.ts';
import { diagnosticsByFile, pathToUri, uriToPath, Workspace, type SystemState } from './workspace.ts';


const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** The CLI's message, with its hint on a second line (LSP has no field for hints). */
function toLspDiagnostic(state: SystemState, diagnostic: Diagnostic): LspDiagnostic {
  const span = diagnostic.span ?? (diagnostic.path && state.result.loaded ? locate(state.result.loaded, diagnostic.path.split('.')) : undefined);
  return {
    range: span ? spanToRange(span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: diagnostic.source,
    message: diagnostic.hint ? `${diagnostic.message}\nhint: ${diagnostic.hint}` : diagnostic.message,
    ...(diagnostic.related?.length ? { relatedInformation: diagnostic.related.map((related) => ({ location: spanToLocation(state, related.span), message: related.message })) } : {}),
  };
}

class LanguageServer {
  private readonly workspace = new Workspace();
  private readonly documents = new TextDocuments(TextDocument);
  /** Files with a validation queued: one per file, run after the messages already received (so a burst of keystrokes validates once). */
  private readonly pending = new Map<string, NodeJS.Immediate>();
  /** Per system file, the files it last published diagnostics for: cleared when they leave the system. */
  private readonly published = new Map<string, Set<string>>();

  constructor(private readonly connection: Connection) {}

  start(): void {
    const { connection, documents } = this;
    connection.onInitialize((): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'infragen' },
    }));
    documents.onDidChangeContent(({ document }) => {
      this.workspace.setText(uriToPath(document.uri), document.getText());
      this.schedule(uriToPath(document.uri));
    });
    documents.onDidClose(({ document }) => {
      this.workspace.close(uriToPath(document.uri));
      this.schedule(uriToPath(document.uri));
    });
    // Files changed on disk (an include saved by another tool): re-validate the systems that hold
    // them. A file created or deleted may match or leave an `include:` pattern: re-validate them all.
    connection.onDidChangeWatchedFiles(({ changes }) => {
      const everything = changes.some((change) => change.type !== FileChangeType.Changed);
      for (const file of everything ? this.workspace.entries() : changes.map((change) => uriToPath(change.uri))) this.schedule(file);
    });
    connection.onCompletion(({ textDocument, position }) => {
      const found = this.at(textDocument.uri);
      if (!found) return [];
      const { document, state } = found;
      return complete({ document, offset: document.offsetAt(position), ...(state?.index ? { index: state.index } : {}), ...(state?.result.loaded ? { data: state.result.loaded.data } : {}) });
    });
    connection.onHover(({ textDocument, position }) => {
      const found = this.at(textDocument.uri);
      return found?.state ? hover(found.state, found.file, found.document.getText(), found.document.offsetAt(position)) ?? null : null;
    });
    connection.onDefinition(({ textDocument, position }) => {
      const found = this.at(textDocument.uri);
      return found?.state ? definition(found.state, found.file, found.document.offsetAt(position)) ?? null : null;
    });
    connection.onReferences(({ textDocument, position, context }) => {
      const found = this.at(textDocument.uri);
      return found?.state ? references(found.state, found.file, found.document.offsetAt(position), context.includeDeclaration) : [];
    });
    connection.onPrepareRename(({ textDocument, position }) => {
      const found = this.at(textDocument.uri);
      return found?.state ? prepareRename(found.state, found.file, found.document.offsetAt(position)) ?? null : null;
    });
    connection.onRenameRequest(({ textDocument, position, newName }) => {
      const found = this.at(textDocument.uri);
      if (!found?.state) return null;
      try {
        return rename(found.state, found.file, found.document.offsetAt(position), newName);
      } catch (error) {
        if (error instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
        throw error;
      }
    });
    documents.listen(connection);
    connection.listen();
  }

  /** The open document and, once validated and current, the system it belongs to. */
  private at(uri: string): { document: TextDocument; file: string; state?: SystemState } | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const file = uriToPath(uri);
    this.flush(file);
    const state = this.workspace.systemOf(file);
    return { document, file, ...(state ? { state } : {}) };
  }

  /** Requests need the latest text validated: run a pending validation now instead of waiting. */
  private flush(file: string): void {
    const queued = this.pending.get(file);
    if (!queued) return;
    clearImmediate(queued);
    this.pending.delete(file);
    this.validate(file);
  }

  /** No fixed delay: changes that arrive while a validation runs are read before the next one starts. */
  private schedule(file: string): void {
    if (this.pending.has(file)) return;
    this.pending.set(file, setImmediate(() => {
      this.pending.delete(file);
      this.validate(file);
    }));
  }

  private validate(file: string): void {
    for (const entry of this.workspace.entriesFor(file)) this.publish(this.workspace.validate(entry));
  }

  private publish(state: SystemState): void {
    const byFile = diagnosticsByFile(state);
    const previous = this.published.get(state.entry) ?? new Set();
    for (const file of previous) if (!byFile.has(file)) void this.connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
    for (const [file, diagnostics] of byFile) {
      void this.connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: diagnostics.map((diagnostic) => toLspDiagnostic(state, diagnostic)) });
    }
    this.published.set(state.entry, new Set(byFile.keys()));
  }
}

/**
 * Runs the server on stdin/stdout. The client's `exit` ends the process (0 after `shutdown`, 1
 * before); when the client goes away without it, stdin ends and so does the server, with 1.
 */
export function runLanguageServer(): Promise<never> {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  new LanguageServer(connection).start();
  // Like the library's own `exit` handler: the parent-process watchdog would keep the loop alive otherwise.
  return new Promise(() => process.stdin.once('end', () => process.exit(1)));
}
