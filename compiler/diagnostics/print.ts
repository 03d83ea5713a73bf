/**
 * Printing diagnostics, separate from the data: rustc-style text with a code frame for people,
 * JSON for tools, workflow commands for GitHub Actions annotations.
 */
import type { SourceSpan } from '../model/span.ts';
import { SourceLines } from './source-lines.ts';
import type { Diagnostic } from './types.ts';

export type OutputFormat = 'text' | 'json' | 'github';

export interface PrintOptions {
  /** File (relative, as in spans) → its text, for code frames. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  /** Prefix for file names in `-->` lines (the path of the project folder as the user typed it). */
  fileBase?: string;
  /** The line index of `sources`; one is made per call when not given (pass one to share it). */
  lines?: SourceLines;
}

export interface ReportOptions extends PrintOptions {
  /** Print at most this many diagnostics, then say how many more there are (all when absent or 0). */
  limit?: number;
}

const STYLES = { red: 31, yellow: 33, blue: 34, cyan: 36, bold: 1 } as const;

function paint(enabled: boolean, style: keyof typeof STYLES, text: string): string {
  return enabled ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
}

export const joinFile = (base: string | undefined, file: string) => (base && base !== '.' ? `${base.replace(/\/+$/, '')}/${file}` : file);

function codeFrame(span: SourceSpan, lines: SourceLines, color: boolean, gutter: number, label?: string): string[] {
  const line = lines.line(span.file, span.start.line);
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
  const lines = options.lines ?? new SourceLines(options.sources);
  const severityColor = diagnostic.severity === 'error' ? 'red' : diagnostic.severity === 'warning' ? 'yellow' : 'cyan';
  const source = diagnostic.source === 'infragen' ? '' : ` (${diagnostic.source})`;
  const out = [`${paint(color, severityColor, `${diagnostic.severity}[${diagnostic.code}]`)}${paint(color, 'bold', `: ${diagnostic.message}`)}${source}`];
  // One gutter width for the main frame and the related ones, so that their bars line up.
  const spans = [...(diagnostic.span ? [diagnostic.span] : []), ...(diagnostic.related ?? []).map((related) => related.span)];
  const width = Math.max(0, ...spans.map((span) => String(span.start.line).length));
  const gutter = diagnostic.span ? ' '.repeat(width) : '';
  if (diagnostic.span) {
    out.push(`${gutter}${paint(color, 'blue', '-->')} ${formatLocation(diagnostic.span, options.fileBase)}`);
    out.push(...codeFrame(diagnostic.span, lines, color, width));
  } else if (diagnostic.path) {
    out.push(` ${paint(color, 'blue', '-->')} ${diagnostic.path}`);
  }
  for (const related of diagnostic.related ?? []) {
    out.push(`${gutter}${paint(color, 'blue', '-->')} ${formatLocation(related.span, options.fileBase)}: ${related.message}`);
    out.push(...codeFrame(related.span, lines, color, width));
  }
  if (diagnostic.hint) out.push(`${gutter} ${paint(color, 'blue', '=')} hint: ${diagnostic.hint}`);
  return out.join('\n');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const count = (diagnostics: readonly Diagnostic[], severity: Diagnostic['severity']) => diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;

export function summary(diagnostics: readonly Diagnostic[]): string {
  const infos = count(diagnostics, 'info');
  // Infos are counted when there are any: "0 infos" on every clean run would be noise.
  return `${plural(count(diagnostics, 'error'), 'error')}, ${plural(count(diagnostics, 'warning'), 'warning')}${infos ? `, ${plural(infos, 'info')}` : ''}`;
}

export function formatText(diagnostics: readonly Diagnostic[], options: PrintOptions): string {
  const shared = { ...options, lines: options.lines ?? new SourceLines(options.sources) };
  return diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, shared)).join('\n\n');
}

/** The line after a cut-off report: how many were left out, errors and warnings counted. */
function omittedLine(omitted: readonly Diagnostic[]): string {
  const parts = [plural(count(omitted, 'error'), 'error'), plural(count(omitted, 'warning'), 'warning')];
  const notes = count(omitted, 'info');
  if (notes) parts.push(plural(notes, 'note'));
  return `… and ${omitted.length} more (${parts.join(', ')}) not shown; \`--max-diagnostics 0\` prints them all, \`--format json\` lists them for tools`;
}

/**
 * What a terminal shows: the first `limit` diagnostics of `shown`, a line saying how many more
 * there are, then the summary line counting `counted` (default: the same ones).
 */
export function formatReport(shown: readonly Diagnostic[], options: ReportOptions, counted: readonly Diagnostic[] = shown): string {
  const limit = options.limit || shown.length;
  const body = formatText(shown.slice(0, limit), options);
  const omitted = shown.length > limit ? `${omittedLine(shown.slice(limit))}\n\n` : '';
  return `${body}${body ? '\n\n' : ''}${omitted}${summary(counted)}\n`;
}

/** The JSON form: every diagnostic (file names joined to `fileBase`) and the summary line. */
export function jsonReport(diagnostics: readonly Diagnostic[], fileBase?: string): { diagnostics: Diagnostic[]; summary: string } {
  const withFiles = diagnostics.map((diagnostic) =>
    diagnostic.span && fileBase ? { ...diagnostic, span: { ...diagnostic.span, file: joinFile(fileBase, diagnostic.span.file) } } : diagnostic,
  );
  return { diagnostics: withFiles, summary: summary(diagnostics) };
}

export function formatJson(diagnostics: readonly Diagnostic[], fileBase?: string): string {
  return `${JSON.stringify(jsonReport(diagnostics, fileBase), null, 2)}\n`;
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
