/**
 * Printing diagnostics, separate from the data: rustc-style text with a code frame for people,
 * JSON for tools, workflow commands for GitHub Actions annotations.
 */
import type { SourceSpan } from '../model/span.ts';
import type { Diagnostic } from './types.ts';

export type OutputFormat = 'text' | 'json' | 'github';

export interface PrintOptions {
  /** File (relative, as in spans) → its text, for code frames. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  /** Prefix for file names in `-->` lines (the path of the project folder as the user typed it). */
  fileBase?: string;
}

const STYLES = { red: 31, yellow: 33, blue: 34, cyan: 36, bold: 1 } as const;

function paint(enabled: boolean, style: keyof typeof STYLES, text: string): string {
  return enabled ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
}

export const joinFile = (base: string | undefined, file: string) => (base && base !== '.' ? `${base.replace(/\/+$/, '')}/${file}` : file);

function codeFrame(span: SourceSpan, text: string, color: boolean, gutter: number, label?: string): string[] {
  const lines = text.split(/\r?\n/);
  const line = lines[span.start.line - 1];
  if (line === undefined) return [];
  const pad = ' '.repeat(gutter);
  const sameLine = span.end.line === span.start.line;
  const width = sameLine ? Math.max(1, span.end.column - span.start.column) : Math.max(1, line.length - span.start.column + 1);
  const caret = ' '.repeat(Math.max(0, span.start.column - 1)) + '^'.repeat(width);
  return [
    `${pad} ${paint(color, 'blue', '|')}`,
    `${paint(color, 'blue', String(span.start.line).padStart(gutter))} ${paint(color, 'blue', '|')} ${line}`,
    `${pad} ${paint(color, 'blue', '|')} ${paint(color, 'red', caret)}${label ? ` ${label}` : ''}`,
  ];
}

export function formatLocation(span: SourceSpan, fileBase?: string): string {
  return `${joinFile(fileBase, span.file)}:${span.start.line}:${span.start.column}`;
}

/** One diagnostic in the rustc style. */
export function formatDiagnostic(diagnostic: Diagnostic, options: PrintOptions): string {
  const { color } = options;
  const severityColor = diagnostic.severity === 'error' ? 'red' : diagnostic.severity === 'warning' ? 'yellow' : 'cyan';
  const source = diagnostic.source === 'infragen' ? '' : ` (${diagnostic.source})`;
  const out = [`${paint(color, severityColor, `${diagnostic.severity}[${diagnostic.code}]`)}${paint(color, 'bold', `: ${diagnostic.message}`)}${source}`];
  // One gutter width for the main frame and the related ones, so that their bars line up.
  const spans = [...(diagnostic.span ? [diagnostic.span] : []), ...(diagnostic.related ?? []).map((related) => related.span)];
  const width = Math.max(0, ...spans.map((span) => String(span.start.line).length));
  const gutter = diagnostic.span ? ' '.repeat(width) : '';
  if (diagnostic.span) {
    out.push(`${gutter}${paint(color, 'blue', '-->')} ${formatLocation(diagnostic.span, options.fileBase)}`);
    const text = options.sources.get(diagnostic.span.file);
    if (text !== undefined) out.push(...codeFrame(diagnostic.span, text, color, width));
  } else if (diagnostic.path) {
    out.push(` ${paint(color, 'blue', '-->')} ${diagnostic.path}`);
  }
  for (const related of diagnostic.related ?? []) {
    out.push(`${gutter}${paint(color, 'blue', '-->')} ${formatLocation(related.span, options.fileBase)}: ${related.message}`);
    const text = options.sources.get(related.span.file);
    if (text !== undefined) out.push(...codeFrame(related.span, text, color, width));
  }
  if (diagnostic.hint) out.push(`${gutter} ${paint(color, 'blue', '=')} hint: ${diagnostic.hint}`);
  return out.join('\n');
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
  const infos = diagnostics.filter((diagnostic) => diagnostic.severity === 'info').length;
  const part = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  // Infos are counted when there are any: "0 infos" on every clean run would be noise.
  return `${part(errors, 'error')}, ${part(warnings, 'warning')}${infos ? `, ${part(infos, 'info')}` : ''}`;
}

export function formatText(diagnostics: readonly Diagnostic[], options: PrintOptions): string {
  return diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, options)).join('\n\n');
}

/** What a terminal shows: the diagnostics, then the summary line counting `counted` (default: the same ones). */
export function formatReport(shown: readonly Diagnostic[], options: PrintOptions, counted: readonly Diagnostic[] = shown): string {
  const body = formatText(shown, options);
  return `${body}${body ? '\n\n' : ''}${summary(counted)}\n`;
}

export function formatJson(diagnostics: readonly Diagnostic[], fileBase?: string): string {
  const withFiles = diagnostics.map((diagnostic) =>
    diagnostic.span && fileBase ? { ...diagnostic, span: { ...diagnostic.span, file: joinFile(fileBase, diagnostic.span.file) } } : diagnostic,
  );
  return `${JSON.stringify({ diagnostics: withFiles, summary: summary(diagnostics) }, null, 2)}\n`;
}

/** Escaping for the message of a GitHub Actions workflow command. */
export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escaping for a property (`file=…,title=…`) of a workflow command. */
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`. */
export function formatGithub(diagnostics: readonly Diagnostic[], fileBase?: string): string {
  return diagnostics
    .map((diagnostic) => {
      const command = diagnostic.severity === 'error' ? 'error' : diagnostic.severity === 'warning' ? 'warning' : 'notice';
      const properties = [`title=${escapeProperty(diagnostic.code)}`];
      if (diagnostic.span) {
        properties.unshift(
          `file=${escapeProperty(joinFile(fileBase, diagnostic.span.file))}`,
          `line=${diagnostic.span.start.line}`,
          `col=${diagnostic.span.start.column}`,
          `endLine=${diagnostic.span.end.line}`,
          `endColumn=${diagnostic.span.end.column}`,
        );
      }
      const message = diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message;
      return `::${command} ${properties.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}
