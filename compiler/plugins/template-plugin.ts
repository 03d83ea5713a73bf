/**
 * Template plugins: a folder with a manifest (`infragen-template.json` or `.yaml`) and `*.hbs`
 * files. Each render rule says which templates to render, once or once per environment or per
 * entity of a kind, and the output path (itself a template). Rendering uses an isolated
 * handlebars instance in strict mode without HTML escaping. The findings templates make
 * (`{{warn}}`, `{{error}}`) come from the plugin's `check`, which renders and keeps only them, so
 * `validate` shows them; `emit` returns what `check` rendered for the same model (or renders it
 * silently when it comes alone).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import fg from 'fast-glob';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { toStableJson, toStableYaml } from '../serialize.ts';
import { COLLECTION_OF_KIND, ENTITY_COLLECTIONS, type EntityKind, type ResolvedSystem, type SystemModel } from '../model/types.ts';
import type { CloudCatalogue } from '../clouds/types.ts';
import { cloudCatalogueProblem } from '../clouds/registry.ts';
import type { EmittedFile, Target, TargetContext, TargetDiagnostics } from '../target.ts';
import { unsafePathReason } from '../targets.ts';
import { TARGET_ID } from './check-target.ts';
import { describeError } from './options.ts';
import type { PluginLoad } from './code-plugin.ts';
import { templateHelpers } from './template-helpers.ts';

const MANIFEST_NAMES = ['infragen-template.json', 'infragen-template.yaml', 'infragen-template.yml'];
const PARTIALS_FOLDER = 'partials/';
const ENTITY_KINDS = Object.values(ENTITY_COLLECTIONS) as EntityKind[];
const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

type RenderFor = 'once' | 'environment' | EntityKind;
export interface RenderRule {
  /** fast-glob pattern of `*.hbs` files, relative to the plugin folder. */
  template: string;
  for: RenderFor;
  /** Output path relative to the target's folder; a template with the same data. */
  path: string;
  /** For `once` and `environment` rules: the kinds of entities the files come from (the manifest's `sources`). */
  sources?: EntityKind[];
  /**
   * `text` (default) writes what the template renders; `json` and `yaml` read it as YAML, drop
   * map keys whose value is empty, and write it with the deterministic serializers (sorted keys).
   */
  format?: 'text' | 'json' | 'yaml';
  /**
   * For `environment` rules and entity rules: render once per region (the environment's, or the
   * entity's), with `region` in the data (so the path can hold `{{region}}`).
   */
  perRegion?: boolean;
}
export interface TemplateManifest {
  id: string;
  description: string;
  options?: Record<string, unknown>;
  /** The clouds it serves (Target.clouds). */
  clouds?: string[];
  /** Clouds it contributes (Target.cloudCatalogues), written as data. */
  cloudCatalogues?: CloudCatalogue[];
  /** Globs of the paths in its output folder that are the user's (Target.userPaths). */
  userPaths?: string[];
  /** The codes its templates report (Target.diagnostics). */
  diagnostics?: TargetDiagnostics;
  render: RenderRule[];
}

const MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'description', 'render'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: TARGET_ID.source },
    description: { type: 'string', minLength: 1 },
    options: { type: 'object' },
    clouds: { type: 'array', items: { type: 'string', pattern: TARGET_ID.source } },
    cloudCatalogues: { type: 'array', items: { type: 'object' } },
    userPaths: { type: 'array', items: { type: 'string', minLength: 1 } },
    diagnostics: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['severity', 'summary'],
        properties: { severity: { enum: ['error', 'warning', 'info'] }, summary: { type: 'string', minLength: 1 } },
      },
    },
    render: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['template', 'for', 'path'],
        properties: {
          template: { type: 'string', minLength: 1 },
          for: { enum: ['once', 'environment', ...ENTITY_KINDS] },
          path: { type: 'string', minLength: 1 },
          sources: { type: 'array', items: { enum: ENTITY_KINDS } },
          format: { enum: ['text', 'json', 'yaml'] },
          perRegion: { type: 'boolean' },
        },
      },
    },
  },
} as const;

/** Compiled at import: this module is only imported once a template plugin is named (see load.ts). */
const checkManifest = new Ajv({ allErrors: true }).compile<TemplateManifest>(MANIFEST_SCHEMA);

/** Why an output path pattern can never give a safe path (checked on its literal text). */
function unsafePatternReason(pattern: string): string | undefined {
  return unsafePathReason(pattern.replace(/\{\{[^}]*\}\}/g, 'x'));
}

interface CompiledRule extends RenderRule {
  templates: Array<{ name: string; source: string }>;
}

/** Handlebars' parse errors span several lines (a code frame and every token it expected); keep the gist. */
function parseErrorMessage(error: unknown): string {
  const lines = String((error as Error).message).split('\n');
  const found = /got '([^']*)'/.exec(lines[lines.length - 1] ?? '')?.[1];
  return `${lines[0]!.replace(/:$/, '')}${found ? `: unexpected ${found === 'EOF' ? 'end of template (a block is not closed?)' : found}` : ''}`;
}

/** Strict mode says `"port" not defined in [object Object] - 1:22`; say where in the template instead. */
function renderErrorMessage(error: unknown): string {
  const message = String((error as Error).message).split('\n')[0]!;
  return message.replace(/ in \[object \w+\]/, '').replace(/ - (\d+):(\d+)$/, ' (line $1, column $2)').replace(/:$/, '');
}

function readManifest(folder: string): { manifest: TemplateManifest; file: string } | { invalid: string } | { notFound: string } {
  const found = MANIFEST_NAMES.filter((name) => existsSync(path.join(folder, name)));
  if (found.length === 0) return { notFound: `the folder has no ${MANIFEST_NAMES.slice(0, 2).join(' or ')}` };
  if (found.length > 1) return { invalid: `the folder has both ${found.join(' and ')}; keep one` };
  const file = found[0]!;
  let data: unknown;
  try {
    const text = readFileSync(path.join(folder, file), 'utf8');
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return { invalid: `${file}: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!checkManifest(data)) {
    return { invalid: `${file}: ${describeError(checkManifest.errors![0]!).message}` };
  }
  return { manifest: data, file };
}

export function loadTemplatePlugin(folder: string): PluginLoad {
  const read = readManifest(folder);
  if (!('manifest' in read)) return read;
  const { manifest, file } = read;
  const glob = (pattern: string) =>
    fg.sync(pattern, { cwd: folder, onlyFiles: true, dot: false, followSymbolicLinks: false }).filter((name) => name.endsWith('.hbs')).sort();
  const sources = new Map<string, string>();
  for (const name of glob('**/*.hbs')) {
    const source = readFileSync(path.join(folder, name), 'utf8').replace(/\r\n/g, '\n');
    try {
      Handlebars.parse(source);
    } catch (error) {
      return { invalid: `${name}: ${parseErrorMessage(error)}` };
    }
    sources.set(name, source);
  }
  const rules: CompiledRule[] = [];
  for (const [index, rule] of manifest.render.entries()) {
    const where = `${file}: render.${index}`;
    if (path.posix.isAbsolute(rule.template) || rule.template.split('/').includes('..')) return { invalid: `${where}.template "${rule.template}" must stay inside the plugin folder` };
    const reason = unsafePatternReason(rule.path);
    if (reason) return { invalid: `${where}.path "${rule.path}": ${reason}` };
    try {
      Handlebars.parse(rule.path);
    } catch (error) {
      return { invalid: `${where}.path: ${parseErrorMessage(error)}` };
    }
    const names = glob(rule.template).filter((name) => !name.startsWith(PARTIALS_FOLDER));
    if (names.length === 0) return { invalid: `${where}.template "${rule.template}" matches no *.hbs file` };
    rules.push({ ...rule, templates: names.map((name) => ({ name, source: sources.get(name)! })) });
  }
  const catalogueProblem = (manifest.cloudCatalogues ?? []).map(cloudCatalogueProblem).find((problem) => problem !== undefined);
  if (catalogueProblem) return { invalid: `${file}: cloudCatalogues: ${catalogueProblem}` };
  const partials = [...sources].filter(([name]) => name.startsWith(PARTIALS_FOLDER)).map(([name, source]) => ({ name: name.slice(PARTIALS_FOLDER.length, -'.hbs'.length), source }));
  const rendered = new WeakMap<SystemModel, EmittedFile[]>();
  const target: Target = {
    id: manifest.id,
    description: manifest.description,
    ...(manifest.options ? { optionsSchema: manifest.options } : {}),
    ...(manifest.userPaths ? { userPaths: manifest.userPaths } : {}),
    ...(manifest.clouds ? { clouds: manifest.clouds } : {}),
    ...(manifest.cloudCatalogues ? { cloudCatalogues: manifest.cloudCatalogues } : {}),
    ...(manifest.diagnostics ? { diagnostics: manifest.diagnostics } : {}),
    check: (model, context) => void rendered.set(model, renderAll(model, context, rules, partials)),
    // A build checks, then emits the same frozen model: the files check rendered are the output.
    emit: (model, context) => rendered.get(model) ?? renderAll(model, { ...context, report: () => {}, error: () => {} }, rules, partials),
  };
  return { target };
}

/** Map members whose value is empty (`key:` with nothing after it) are left out. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== null).map(([key, member]) => [key, withoutEmpty(member)]));
  }
  return value;
}

function formatted(text: string, format: RenderRule['format']): string {
  if (format === undefined || format === 'text') return text;
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    throw new Error(`what it rendered is not valid YAML: ${renderErrorMessage(error)}`);
  }
  const data = withoutEmpty(parsed);
  return format === 'json' ? toStableJson(data) : toStableYaml(data);
}

interface RenderJob {
  data: Record<string, unknown>;
  sources: string[];
  /** Says which entity or environment a failing render was for. */
  label: string;
}

const entitiesOf = (resolved: ResolvedSystem, kinds: readonly EntityKind[]) =>
  kinds.flatMap((kind) => Object.keys(resolved[COLLECTION_OF_KIND[kind]]).map((name) => `${kind}.${name}`));

/** `options` in a rule for an environment or its entities is that environment's (`environments.<env>.targets.<id>` merged in). */
function jobs(model: SystemModel, rule: RenderRule, base: Record<string, unknown>, context: TargetContext): RenderJob[] {
  const kinds = rule.sources ?? [];
  if (rule.for === 'once') {
    return [{ data: base, sources: model.environments.flatMap((resolved) => entitiesOf(resolved, kinds)), label: 'the system' }];
  }
  const kind = rule.for;
  return model.environments.flatMap((resolved) => {
    const environment = resolved.environment!;
    const scope = { ...base, options: context.optionsFor(environment.name), environment, resolved };
    if (kind === 'environment') {
      const job = { data: scope, sources: entitiesOf(resolved, kinds), label: `environment ${environment.name}` };
      return rule.perRegion ? perRegion(job, environment.regions) : [job];
    }
    return Object.entries(resolved[COLLECTION_OF_KIND[kind]]).flatMap(([name, entity]) => {
      const job = { data: { ...scope, entity, name }, sources: [`${kind}.${name}`], label: `${kind}.${name} in ${environment.name}` };
      const regions = (entity as { regions?: string[] }).regions;
      return rule.perRegion ? perRegion(job, regions ?? environment.regions) : [job];
    });
  });
}

/** One job per region, with `region` in its data. */
const perRegion = (job: RenderJob, regions: readonly string[]): RenderJob[] =>
  regions.map((region) => ({ data: { ...job.data, region }, sources: job.sources, label: `${job.label} (${region})` }));

function renderAll(model: SystemModel, context: TargetContext, rules: CompiledRule[], partials: Array<{ name: string; source: string }>): EmittedFile[] {
  const hb = Handlebars.create();
  hb.registerHelper(templateHelpers(context));
  for (const partial of partials) hb.registerPartial(partial.name, hb.compile(partial.source, COMPILE_OPTIONS));
  const files: EmittedFile[] = [];
  for (const rule of rules) {
    const pathTemplate = hb.compile(rule.path, COMPILE_OPTIONS);
    for (const template of rule.templates) {
      const render = hb.compile(template.source, COMPILE_OPTIONS);
      const base = { system: model, options: context.options, template: template.name.slice(0, -'.hbs'.length) };
      for (const job of jobs(model, rule, base, context)) {
        const step = (what: string, run: () => string) => {
          try {
            return run();
          } catch (error) {
            throw new Error(`${what} for ${job.label}: ${renderErrorMessage(error)}`);
          }
        };
        const file = step(`the path of ${template.name}`, () => pathTemplate(job.data));
        const contents = step(template.name, () => formatted(render(job.data), rule.format));
        files.push({ path: file, contents, sources: job.sources });
      }
    }
  }
  return files;
}
