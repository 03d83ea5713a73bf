/**
 * The systems the editor has open: which system file each open document belongs to (itself, or
 * the system that includes it), and the last validation of each, run over the editor's unsaved
 * text rather than the disk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from '../diagnostics/types.ts';
import { diskHost, type SourceHost } from '../load/host.ts';
import { sortDiagnostics } from '../diagnostics/order.ts';
import { hasErrors, validateSystem, type ValidateResult } from '../pipeline.ts';
import { checkWrittenOptions } from '../plugins/options.ts';
import { checkTargetsNow } from '../targets.ts';
import { BUILTIN_CHECKS } from '../builtin-checks.ts';

/**
 * The built-in targets' options and checks, as `infragen validate` runs them: the editor shows what
 * validate reports. A target whose options are wrong is not checked (build leaves it out).
 */
function withTargetChecks(result: ValidateResult): ValidateResult {
  if (!result.model || !result.loaded || hasErrors(result.diagnostics)) return result;
  const options = checkWrittenOptions(result.loaded, BUILTIN_CHECKS);
  const checks = BUILTIN_CHECKS.filter((check) => !options.invalid.has(check.id));
  return { ...result, diagnostics: sortDiagnostics([...result.diagnostics, ...options.diagnostics, ...checkTargetsNow(result.model, checks, options.optionsOf)]) };
}
import { buildEntityIndex, type EntityIndex } from './entity-index.ts';

export const uriToPath = (uri: string) => path.resolve(fileURLToPath(uri));
export const pathToUri = (file: string) => pathToFileURL(file).href;

export interface SystemState {
  /** Absolute path of the system file. */
  entry: string;
  /** Folder spans are relative to. */
  root: string;
  result: ValidateResult;
  /** From the last run that loaded: navigation keeps working while the text does not parse. */
  index?: EntityIndex;
  /** Absolute paths of the files of the system (entry and includes) at the last load. */
  files: Set<string>;
}

/** Marks a root system file: its `infragen:` version key at the top level. */
const IS_SYSTEM_FILE = /^infragen\s*:/m;

/** How many folders up a fragment looks for the system that includes it. */
const MAX_PARENT_FOLDERS = 5;

export class Workspace {
  private readonly open = new Map<string, string>();
  private readonly systems = new Map<string, SystemState>();

  /** Open documents first, then the disk: validation sees what the user sees. */
  readonly host: SourceHost = {
    readFile: (file) => this.open.get(file) ?? diskHost.readFile(file),
    fileSize: (file) => {
      const text = this.open.get(file);
      return text !== undefined ? Buffer.byteLength(text) : diskHost.fileSize(file);
    },
    glob: (pattern, cwd) => diskHost.glob(pattern, cwd),
    realPath: (file) => diskHost.realPath(file),
  };

  setText(file: string, text: string): void {
    this.open.set(file, text);
  }

  close(file: string): void {
    this.open.delete(file);
  }

  text(file: string): string | undefined {
    return this.host.readFile(file);
  }

  /** The system files `file` belongs to: itself when it is one, else known or nearby systems that include it. */
  entriesFor(file: string): string[] {
    const text = this.text(file) ?? '';
    if (IS_SYSTEM_FILE.test(text)) return [file];
    const known = [...this.systems.values()].filter((system) => system.files.has(file)).map((system) => system.entry);
    if (known.length) return known;
    const found: string[] = [];
    let folder = path.dirname(file);
    for (let depth = 0; depth < MAX_PARENT_FOLDERS; depth++) {
      const candidate = path.join(folder, 'system.yaml');
      // A system validated before is not validated again for a file it does not include: its own changes keep it current.
      if (candidate !== file && existsSync(candidate) && (this.systems.get(candidate) ?? this.validate(candidate)).files.has(file)) found.push(candidate);
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    return found;
  }

  validate(entry: string): SystemState {
    // Plugins are not loaded here: a cloud a plugin contributes is left to `infragen validate`.
    const result = withTargetChecks(validateSystem(entry, { host: this.host, deferPluginClouds: true }));
    const previous = this.systems.get(entry);
    const root = path.dirname(entry);
    const loaded = result.loaded;
    const state: SystemState = {
      entry,
      root,
      result,
      index: loaded ? buildEntityIndex(loaded) : previous?.index,
      files: loaded ? new Set(loaded.documents.map((document) => path.resolve(root, document.file))) : previous?.files ?? new Set([entry, ...[...result.sources.keys()].map((file) => path.resolve(root, file))]),
    };
    this.systems.set(entry, state);
    return state;
  }

  /** Every system validated so far. */
  entries(): string[] {
    return [...this.systems.keys()];
  }

  /** The last validated system that holds `file`, validating the file's system when none has yet. */
  systemOf(file: string): SystemState | undefined {
    const entry = this.entriesFor(file)[0];
    if (!entry) return undefined;
    return this.systems.get(entry) ?? this.validate(entry);
  }
}

/** Diagnostics grouped by the absolute path of their file (those without a span go to the entry). */
export function diagnosticsByFile(state: SystemState): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const file of state.files) byFile.set(file, []);
  for (const file of state.result.sources.keys()) byFile.set(path.resolve(state.root, file), byFile.get(path.resolve(state.root, file)) ?? []);
  for (const diagnostic of state.result.diagnostics) {
    const file = diagnostic.span ? path.resolve(state.root, diagnostic.span.file) : state.entry;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(diagnostic);
  }
  return byFile;
}
