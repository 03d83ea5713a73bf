// The infragen VS Code extension: starts `infragen lsp --stdio` and hands it system.yaml and the
// YAML files a system may include. All the language smarts live in the server.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** The configured executable, else the workspace's own infragen, else the one on the PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('infragen').get('server.path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'infragen.cmd' : 'infragen');
    if (fs.existsSync(local)) return local;
  }
  return 'infragen';
}

async function activate(context) {
  const included = vscode.workspace.getConfiguration('infragen').get('includedFiles') ?? [];
  // TransportKind.stdio appends `--stdio`: the server runs as `infragen lsp --stdio`.
  const serverOptions = { command: serverCommand(), args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'infragen' },
      ...included.map((pattern) => ({ scheme: 'file', language: 'yaml', pattern })),
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
  };
  client = new LanguageClient('infragen', 'infragen', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
