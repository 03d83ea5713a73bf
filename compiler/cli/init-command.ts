/** `infragen init [dir] [--template] [--name] [--cloud aws] [--region] [--yes]`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AWS_REGIONS, NAME_PATTERN } from '../../schema/primitives.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { formatReport } from '../diagnostics/print.ts';
import { entityName } from '../import/map-project.ts';
import { DEFAULT_TEMPLATE, TEMPLATES } from '../init/templates.ts';
import { HELP } from './help.ts';
import type { Io } from './main.ts';
import { parseOptions, UsageError } from './usage.ts';
import { editorSchema, FileExistsError, writeNewFile } from './new-files.ts';

export const INIT_OPTIONS = {
  template: { type: 'string' },
  name: { type: 'string' },
  cloud: { type: 'string' },
  region: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Answers {
  template: string;
  system: string;
  region: string;
}

export async function runInit(args: string[], io: Io, interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY)): Promise<number> {
  const parsed = parseOptions(args, INIT_OPTIONS);
  const { values, positionals } = parsed;
  if (values.help) return io.stdout(HELP.init), 0;
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const folder = path.resolve(positionals[0] ?? '.');
  if (values.cloud !== undefined && values.cloud !== 'aws') throw new UsageError(`--cloud must be aws (the built-in cloud), not "${values.cloud}"`);
  if (values.template !== undefined && !TEMPLATES.some((template) => template.id === values.template)) {
    throw new UsageError(`--template must be one of ${TEMPLATES.map((template) => template.id).join(', ')}, not "${values.template}"`);
  }
  if (values.name !== undefined && !NAME_PATTERN.test(values.name)) throw new UsageError(`--name "${values.name}" is not a system name: lower-case letters, digits and "-", starting with a letter`);
  if (values.region !== undefined && !(AWS_REGIONS as readonly string[]).includes(values.region)) throw new UsageError(`--region "${values.region}" is not an AWS region`);

  const file = path.join(folder, 'system.yaml');
  const shown = path.relative(process.cwd(), file) || file;
  if (existsSync(file)) return refuse(io, shown);

  const defaults: Answers = {
    template: values.template ?? DEFAULT_TEMPLATE,
    system: values.name ?? entityName(path.basename(folder)),
    region: values.region ?? 'us-east-1',
  };
  const answers = interactive && !values.yes ? await ask(defaults, values) : defaults;
  if (!answers) {
    io.stderr('init cancelled; nothing was written\n');
    return 1;
  }
  const schema = editorSchema(folder);
  const template = TEMPLATES.find((candidate) => candidate.id === answers.template)!;
  try {
    writeNewFile(file, template.render({ system: answers.system, region: answers.region, schema: schema.reference }), { replace: false });
  } catch (error) {
    if (error instanceof FileExistsError) return refuse(io, shown);
    throw error;
  }
  schema.write?.();
  const relative = path.relative(process.cwd(), folder);
  io.stderr(`wrote ${shown} (${template.id}: ${template.description})\n`);
  io.stderr(`next: ${relative ? `cd ${relative} && ` : ''}npx infragen build system.yaml\n`);
  return 0;
}

function refuse(io: Io, shown: string): number {
  io.stderr(formatReport([catalogue.initFileExists(shown)], { sources: new Map(), color: io.color }));
  return 1;
}

/** The prompts, on a terminal only; undefined when the user cancels. */
async function ask(defaults: Answers, given: { template?: string; name?: string; region?: string }): Promise<Answers | undefined> {
  const prompts = await import('@clack/prompts');
  prompts.intro('infragen init');
  const system = given.name ?? (await prompts.text({
    message: 'System name',
    placeholder: defaults.system,
    defaultValue: defaults.system,
    validate: (value) => (!value || NAME_PATTERN.test(value) ? undefined : 'lower-case letters, digits and "-", starting with a letter'),
  }));
  if (prompts.isCancel(system)) return undefined;
  const template = given.template ?? (await prompts.select({
    message: 'Start from',
    initialValue: defaults.template,
    options: TEMPLATES.map((candidate) => ({ value: candidate.id, label: candidate.id, hint: candidate.description })),
  }));
  if (prompts.isCancel(template)) return undefined;
  const region = given.region ?? (await prompts.text({
    message: 'AWS region',
    placeholder: defaults.region,
    defaultValue: defaults.region,
    validate: (value) => (!value || (AWS_REGIONS as readonly string[]).includes(value) ? undefined : 'an AWS region such as eu-west-1'),
  }));
  if (prompts.isCancel(region)) return undefined;
  prompts.outro('writing system.yaml');
  return { system: String(system), template: String(template), region: String(region) };
}
