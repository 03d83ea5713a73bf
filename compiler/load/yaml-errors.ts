/**
 * YAML parser errors as diagnostics that point at the real mistake. The parser notices a bad
 * indent or an unclosed bracket where it gives up, often a line later and at column 1; these rules
 * read the text around that place and name the line (or bracket) the user has to fix. Errors that
 * only follow from a mistake already reported are dropped.
 */
import type { YAMLError } from 'yaml';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { spanOfRange, type SourceDocument } from './source.ts';

/** Hints for the parser errors no rule below rewrites. */
const YAML_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation: a line below is indented deeper than the keys of its map, or a value with ": " in it needs quotes',
  MULTILINE_IMPLICIT_KEY: 'check the indentation: a line below is indented deeper than the keys of its map, or a value with ": " in it needs quotes',
  BAD_INDENT: 'check the indentation, and that every "{" and "[" is closed',
  MISSING_CHAR: 'a "{", "[" or quote is not closed',
  UNEXPECTED_TOKEN: 'check the indentation, and quote values that contain ": ", " #", or start with "{", "[", "*", "&", "!", "|", ">", "%" or "@"',
};

export const firstLine = (message: string) => message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');

interface Line {
  start: number;
  text: string;
  indent: number;
}

function linesOf(text: string): Line[] {
  let start = 0;
  return text.split('\n').map((raw) => {
    const line = { start, text: raw.replace(/\r$/, ''), indent: /^ */.exec(raw)![0].length };
    start += raw.length + 1;
    return line;
  });
}

const isContent = (line: Line) => line.text.trim() !== '' && !line.text.trim().startsWith('#');

/** The line holding `offset`, and the lines with content before it (nearest first) and after it. */
function around(text: string, offset: number): { line: Line; before: Line[]; after: Line[] } {
  const lines = linesOf(text);
  let index = lines.findIndex((_line, at) => at === lines.length - 1 || lines[at + 1]!.start > offset);
  if (index < 0) index = lines.length - 1;
  return { line: lines[index]!, before: lines.slice(0, index).reverse().filter(isContent), after: lines.slice(index + 1).filter(isContent) };
}

/** The span of a line's content, from its first character to its last (comments excluded). */
function contentSpan(source: SourceDocument, line: Line) {
  const content = line.text.replace(/\s+#.*$/, '').trimEnd();
  return spanOfRange(source, line.start + line.indent, line.start + Math.max(line.indent + 1, content.length));
}

const keyOf = (line: Line) => /^\s*(?:-\s+)?([^:#]+?):(\s|$)/.exec(line.text)?.[1];
const spaces = (count: number) => `${count} space${count === 1 ? '' : 's'}`;

/** "All mapping items must start at the same column": the parser names the line after; name the dedented line itself. */
function dedented(source: SourceDocument, error: YAMLError): Diagnostic | undefined {
  if (!/must start at the same column/.test(error.message)) return undefined;
  const { line, before } = around(source.text, error.pos[0]);
  if (!isContent(line)) return undefined;
  const sibling = before.find((previous) => previous.indent > line.indent);
  if (!sibling) return undefined;
  const parent = before.find((previous) => previous.indent < line.indent);
  const parentKey = parent && keyOf(parent);
  const belongs = parentKey ? `, or with "${parentKey}:" (${spaces(parent!.indent)}) if it belongs there` : '';
  return catalogue.yamlSyntax(
    `this line is indented less than its siblings (${spaces(line.indent)}; the keys above it have ${spaces(sibling.indent)})`,
    { span: contentSpan(source, line) },
    `line it up with the keys above it (${spaces(sibling.indent)})${belongs}`,
  );
}

/** "Nested mappings are not allowed in compact mappings": a line below a `key: value` line indented deeper than that key. */
function overIndented(source: SourceDocument, error: YAMLError): Diagnostic | undefined {
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY' && error.code !== 'MULTILINE_IMPLICIT_KEY') return undefined;
  const { line, after } = around(source.text, error.pos[0]);
  const key = keyOf(line);
  const value = key ? line.text.slice(line.text.indexOf(`${key}:`) + key.length + 1).replace(/\s+#.*$/, '').trim() : '';
  if (!key || !value) return undefined;
  const next = after[0];
  if (!next || next.indent <= line.indent) return undefined;
  return catalogue.yamlSyntax(
    `this line is indented more than its siblings (${spaces(next.indent)}; "${key}:" above it has ${spaces(line.indent)})`,
    { span: contentSpan(source, next) },
    `line it up with "${key}:" (${spaces(line.indent)}); a line indented deeper belongs to "${key}", which already has the value ${JSON.stringify(value)}`,
  );
}

/** The innermost `open` bracket before `offset` that is never closed, outside quotes and comments. */
function unclosedBracket(text: string, offset: number, open: '{' | '['): number | undefined {
  const close = open === '{' ? '}' : ']';
  const openers: number[] = [];
  let quote: string | undefined;
  for (let index = 0; index < offset; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote && text[index - 1] !== '\\') quote = undefined;
      else if (char === '\n' && quote === "'") quote = undefined;
      continue;
    }
    if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
      const end = text.indexOf('\n', index);
      index = end < 0 ? offset : end;
      continue;
    }
    if ((char === '"' || char === "'") && (index === 0 || /[\s,[{:]/.test(text[index - 1]!))) quote = char;
    else if (char === open) openers.push(index);
    else if (char === close) openers.pop();
  }
  return openers.pop();
}

/** "Flow map … must … end with a }": point at the `{` (or `[`) that was never closed. */
function unclosedFlow(source: SourceDocument, error: YAMLError): Diagnostic | undefined {
  const bracket = /end with an? ([}\]])/.exec(error.message)?.[1];
  if (!bracket) return undefined;
  const open = bracket === '}' ? '{' : '[';
  const at = unclosedBracket(source.text, error.pos[0], open);
  if (at === undefined) return undefined;
  const what = open === '{' ? 'map' : 'list';
  return catalogue.yamlSyntax(
    `this "${open}" is never closed`,
    { span: spanOfRange(source, at, at + 1) },
    `close the ${what} with "${bracket}" (a flow ${what} may span lines, but they must be indented deeper than its key), or write it as indented lines`,
    [{ message: 'the parser gave up here', span: spanOfRange(source, error.pos[0], error.pos[1]) }],
  );
}

/** The rewriting rules, tried in order on each error. */
const RULES: Array<(source: SourceDocument, error: YAMLError) => Diagnostic | undefined> = [unclosedFlow, dedented, overIndented];

/** Diagnostics for a file's parser errors (duplicate keys are reported by the loader itself). */
export function yamlErrorDiagnostics(source: SourceDocument, errors: readonly YAMLError[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reportedAt = new Set<number>();
  for (const error of errors) {
    // The parser often adds a second, vaguer error for the same mistake at the same place.
    if (reportedAt.has(error.pos[0])) continue;
    reportedAt.add(error.pos[0]);
    const rewritten = RULES.map((rule) => rule(source, error)).find((diagnostic) => diagnostic !== undefined);
    if (rewritten) {
      // What the parser says after a bad indent or an open bracket only follows from it.
      diagnostics.push(rewritten);
      return diagnostics;
    }
    diagnostics.push(catalogue.yamlSyntax(firstLine(error.message), { span: spanOfRange(source, error.pos[0], error.pos[1]) }, YAML_HINTS[error.code]));
  }
  return diagnostics;
}
