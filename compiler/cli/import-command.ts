/** `infragen import compose <file> [-f override…] [-o system.yaml] [--name] [--profile] [--force]`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AWS_REGIONS, NAME_PATTERN } from '../../schema/primitives.ts';
import { formatGithub, formatJson, formatReport } from '../diagnostics/print.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { importCompose, summaryLine } from '../import/import-compose.ts';
import { HELP } from './help.ts';
import type { Io } from './main.ts';
import { parseOptions, UsageError } from './usage.ts';
import { editorSchema, writeNewFile } from './new-files.ts';

export const IMPORT_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  out: { type: 'string', short: 'o' },
  name: { type: 'string' },
  profile: { type: 'string', multiple: true },
  region: { type: 'string' },
  force: { type: 'boolean' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runImport(args: string[], io: Io): Promise<number> {
  const parsed = parseOptions(args, IMPORT_OPTIONS);
  const { values, positionals } = parsed;
  if (values.help) return io.stdout(HELP.import), 0;
  const [kind, ...files] = positionals;
  if (kind !== 'compose') throw new UsageError(kind ? `cannot import "${kind}"; infragen imports: compose` : 'usage: infragen import compose <file>');
  if (files.length > 1) throw new UsageError(`expected one Compose file (more with -f), got ${files.length}: ${files.join(' ')}`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'github') throw new UsageError(`--format must be text, json or github, not "${format}"`);

  if (values.region !== undefined && !(AWS_REGIONS as readonly string[]).includes(values.region)) throw new UsageError(`--region "${values.region}" is not an AWS region`);
  if (values.name !== undefined && !NAME_PATTERN.test(values.name)) throw new UsageError(`--name "${values.name}" is not a system name: lower-case letters, digits and "-", starting with a letter`);
  const output = values.out ? path.resolve(values.out) : undefined;
  const outputFolder = output ? path.dirname(output) : undefined;
  const schema = editorSchema(outputFolder ?? path.dirname(path.resolve(files[0] ?? '.')));
  const result = importCompose({
    composeFile: files[0] ?? '.',
    overrides: values.file ?? [],
    ...(output ? { output } : {}),
    ...(values.name ? { name: values.name } : {}),
    ...(values.region ? { region: values.region } : {}),
    profiles: values.profile ?? [],
    environment: process.env,
    schema: schema.reference,
  });
  const exists = result.text !== undefined && existsSync(result.outputPath) && !values.force;
  const diagnostics = exists ? [...result.diagnostics, catalogue.importOutputExists(path.relative(process.cwd(), result.outputPath))] : result.diagnostics;
  const fileBase = path.relative(process.cwd(), result.root).split(path.sep).join('/');
  if (format === 'json') io.stdout(formatJson(diagnostics, fileBase));
  else if (format === 'github') io.stdout(formatGithub(diagnostics, fileBase));
  else {
    const shown = values.quiet ? diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : diagnostics.filter((diagnostic) => diagnostic.severity !== 'info');
    if (shown.length) io.stderr(formatReport(shown, { sources: result.sources, color: io.color, fileBase }, diagnostics));
  }
  if (result.text === undefined || exists) {
    if (format === 'text') io.stderr('import failed; nothing was written\n');
    return 1;
  }
  writeNewFile(result.outputPath, result.text, { replace: values.force ?? false });
  schema.write?.();
  if (format === 'text' && !values.quiet) {
    io.stderr(`wrote ${path.relative(process.cwd(), result.outputPath) || result.outputPath}: ${summaryLine(result.summary!)}\n`);
    io.stderr(`next: infragen validate ${path.relative(process.cwd(), result.outputPath)} && infragen build ${path.relative(process.cwd(), result.outputPath)}\n`);
  }
  return 0;
}
