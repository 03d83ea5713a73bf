/**
 * `infragen model`: the normalized model every target receives (the plugin contract), as stable
 * JSON: sorted keys, no absolute paths. Each example commits it (examples/<name>/model.json), so a
 * change to the model shows in review like a change to the output. Source spans are left out
 * unless `--spans` asks for them: they move with every edit above an entity and would bury the
 * changes that matter.
 */
import { writeFileSync } from 'node:fs';
import type { SystemModel } from '../model/types.ts';
import { hasErrors } from '../pipeline.ts';
import { toStableJson } from '../serialize.ts';
import { projectFolder, validateBuild } from './build-system.ts';
import { HELP } from './help.ts';
import { imageTagOption, maxDiagnostics, report, reportTimings, type Io } from './main.ts';
import { parseOptions, UsageError } from './usage.ts';

export const MODEL_OPTIONS = {
  env: { type: 'string', multiple: true },
  'image-tag': { type: 'string' },
  plugin: { type: 'string', multiple: true },
  spans: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  timings: { type: 'boolean' },
  'timings-json': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SPAN_KEYS = new Set(['span', 'fieldSpans', 'overrideSpans']);

/** A copy of `value` without the keys that hold source spans. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SPAN_KEYS.has(key)).map(([key, member]) => [key, withoutSpans(member)]));
}

/** The model as `infragen model` prints it. */
export function modelJson(model: SystemModel, options: { spans?: boolean } = {}): string {
  return toStableJson(options.spans ? model : withoutSpans(model));
}

export async function runModel(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, MODEL_OPTIONS);
  if (values.help) return io.stdout(HELP.model), 0;
  if (positionals.length > 1) throw new UsageError(`expected one system file, got ${positionals.length}: ${positionals.join(' ')}`);
  const file = positionals[0] ?? 'system.yaml';
  // The model of a system `validate` passes, plugins' clouds included.
  const { validated, diagnostics } = await validateBuild({
    systemFile: file,
    environments: values.env ?? [],
    only: [],
    plugins: values.plugin ?? [],
    ...imageTagOption(values['image-tag']),
  });
  report(io, diagnostics, { format: 'text', quiet: values.quiet ?? false, limit: maxDiagnostics(undefined) }, validated.sources, projectFolder(file));
  if (!validated.model || hasErrors(diagnostics)) return 1;
  const text = modelJson(validated.model, { spans: values.spans ?? false });
  if (values.output === undefined) io.stdout(text);
  else writeFileSync(values.output, text);
  reportTimings(io, values, validated.timings);
  return 0;
}
