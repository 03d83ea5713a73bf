/** The VS Code extension is a manifest and a few lines of glue: check they agree with each other and with the CLI. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './client.ts';

const EXTENSION = path.join(ROOT, 'editors/vscode');
const manifest = JSON.parse(readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
const source = readFileSync(path.join(EXTENSION, 'extension.js'), 'utf8');

describe('editors/vscode', () => {
  it('declares the language, its grammar and the schema, and every file it names exists', () => {
    const language = manifest.contributes.languages[0];
    expect(language).toMatchObject({ id: 'infragen', filenames: ['system.yaml'] });
    expect(manifest.contributes.grammars[0].language).toBe(language.id);
    for (const file of [manifest.main, language.configuration, manifest.contributes.grammars[0].path]) expect(existsSync(path.join(EXTENSION, file)), file).toBe(true);
    expect(manifest.contributes.yamlValidation[0].url).toBe('./system.schema.json');
    expect(manifest.scripts['vscode:prepublish']).toContain('../../schema/system.schema.json');
    expect(existsSync(path.join(ROOT, 'schema/system.schema.json'))).toBe(true);
  });

  it('starts `infragen lsp` over stdio for the language it declares, with the client it depends on', () => {
    expect(manifest.dependencies).toHaveProperty('vscode-languageclient');
    expect(source).toContain("require('vscode-languageclient/node')");
    expect(source).toContain("args: ['lsp'], transport: TransportKind.stdio");
    expect(source).toContain(`language: '${manifest.contributes.languages[0].id}'`);
    expect(spawnSync(process.execPath, ['--check', path.join(EXTENSION, 'extension.js')]).status).toBe(0);
  });
});
