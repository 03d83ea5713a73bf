/**
 * Compose's variable syntax, as Docker Compose reads it: `$$` is a literal `$`; `$VAR`, `${VAR}`,
 * `${VAR:-default}` / `${VAR-default}` (unset or empty / unset), `${VAR:?message}` /
 * `${VAR?message}` (required), `${VAR:+alternative}` / `${VAR+alternative}`; defaults nest.
 * And the `.env` / `env_file` format those variables come from.
 */
import { isPlainObject } from '../data.ts';
import type { DataPath } from '../load/source.ts';

export type Variables = ReadonlyMap<string, string>;

export type InterpolationProblem =
  | { kind: 'unset'; variable: string }
  | { kind: 'required'; variable: string; message: string }
  | { kind: 'syntax'; message: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Replaces the variables of one string; `problems` receives what Compose would warn about or refuse. */
export function interpolateString(text: string, variables: Variables, problems: (problem: InterpolationProblem) => void): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar < 0) return result + text.slice(index);
    result += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      result += '$';
      index = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(text, dollar + 2);
      if (end < 0) {
        problems({ kind: 'syntax', message: `"${text}" has a "\${" that is never closed` });
        return result + text.slice(dollar);
      }
      result += expand(text.slice(dollar + 2, end), variables, problems);
      index = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (name === undefined) {
        result += '$';
        index = dollar + 1;
      } else {
        result += lookup(name, variables, problems);
        index = dollar + 1 + name.length;
      }
    }
  }
  return result;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function lookup(name: string, variables: Variables, problems: (problem: InterpolationProblem) => void): string {
  const value = variables.get(name);
  if (value === undefined) {
    problems({ kind: 'unset', variable: name });
    return '';
  }
  return value;
}

function expand(body: string, variables: Variables, problems: (problem: InterpolationProblem) => void): string {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) {
    problems({ kind: 'syntax', message: `"\${${body}}" is not a variable: names are letters, digits and "_"` });
    return '';
  }
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, variables, problems);
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  if (operator === undefined) {
    problems({ kind: 'syntax', message: `"\${${body}}" is not a variable: expected ":-", "-", ":?", "?", ":+" or "+" after "${name}"` });
    return '';
  }
  const argument = () => interpolateString(rest.slice(operator.length), variables, problems);
  const value = variables.get(name);
  const present = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  switch (operator.replace(':', '')) {
    case '-':
      return present ? value! : argument();
    case '+':
      return present ? argument() : '';
    default:
      if (!present) problems({ kind: 'required', variable: name, message: argument() });
      return value ?? '';
  }
}

/**
 * Interpolates every string value (never a key) of parsed Compose data, calling `problems` with
 * the path of the value. Keys starting with `x-` are left alone, as Compose leaves extensions.
 */
export function interpolateData(data: unknown, variables: Variables, problems: (problem: InterpolationProblem, path: DataPath) => void, path: Array<string | number> = []): unknown {
  if (typeof data === 'string') return data.includes('$') ? interpolateString(data, variables, (problem) => problems(problem, path)) : data;
  if (Array.isArray(data)) return data.map((item, index) => interpolateData(item, variables, problems, [...path, index]));
  if (isPlainObject(data)) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      result[key] = key.startsWith('x-') ? value : interpolateData(value, variables, problems, [...path, key]);
    }
    return result;
  }
  return data;
}

/**
 * The `.env` format: `KEY=value` lines, optional `export `, `#` comments; single quotes are
 * literal, double quotes understand `\n`, `\t`, `\"`, `\\`; unquoted values end at ` #`.
 * Double-quoted and unquoted values may use the variables defined before them.
 */
export function parseDotenv(text: string, outer: Variables = new Map()): Array<{ key: string; value: string | undefined; line: number }> {
  const entries: Array<{ key: string; value: string | undefined; line: number }> = [];
  const known = new Map(outer);
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=\s*(.*))?$/.exec(line);
    if (!match) continue;
    const key = match[1]!;
    if (match[2] === undefined) {
      entries.push({ key, value: undefined, line: index + 1 });
      continue;
    }
    let raw = match[3]!;
    let value: string;
    if (raw.startsWith("'")) {
      const end = raw.indexOf("'", 1);
      value = end > 0 ? raw.slice(1, end) : raw.slice(1);
    } else if (raw.startsWith('"')) {
      // A double-quoted value may run over several lines.
      let body = raw.slice(1);
      while (!/(^|[^\\])"/.test(body) && index + 1 < lines.length) body += `\n${lines[++index]}`;
      const end = body.search(/(^|[^\\])"/);
      body = end >= 0 ? body.slice(0, body[end] === '"' ? end : end + 1) : body;
      value = interpolateString(body.replace(/\\([nt"\\])/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c), known, () => undefined);
    } else {
      raw = raw.replace(/\s+#.*$/, '').trim();
      value = interpolateString(raw, known, () => undefined);
    }
    known.set(key, value);
    entries.push({ key, value, line: index + 1 });
  }
  return entries;
}
