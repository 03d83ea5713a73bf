/**
 * `targets.<id>` options must match the target's options schema (defaults filled in), and so
 * must each environment's: `environments.<env>.targets.<id>` deep-merged over `targets.<id>`.
 * Findings point at the exact key or value in system.yaml, in whichever section wrote it; the
 * target then receives the checked options, frozen (`context.options`, `context.optionsFor(env)`).
 * A schema is JSON Schema (checked with ajv, loaded only when such a schema is checked: it costs a
 * few hundred milliseconds) or zod (the built-ins': zod is loaded anyway).
 */
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import type { ZodType } from 'zod';
import { isPlainObject, valueAt } from '../data.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import { onceEach } from '../diagnostics/once.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { SourceSpan } from '../model/span.ts';
import type { OptionsLookup, Target, TargetOptions } from '../target.ts';
import { deepMerge } from '../validate/views.ts';
import { environmentSections, hasWrittenOptions } from './option-sections.ts';
import { deepFreeze } from '../targets.ts';

export type OptionsCheck = { options: Record<string, unknown> } | { diagnostics: Diagnostic[] };

/** Where an options finding points: a span in system.yaml, or a fallback (e.g. the plugin spec). */
export interface OptionsSource {
  loaded?: LoadedSystem;
  /** Used when the section is not written in system.yaml (required options missing). */
  fallback?: { span?: SourceSpan; path?: string };
}

const decodePointer = (pointer: string) =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

/** An ajv error as a sentence, with the data path it is about and whether to point at a key or a value. */
export function describeError(error: ErrorObject): { segments: string[]; part: 'key' | 'value'; message: string } {
  const segments = decodePointer(error.instancePath);
  const at = segments.length ? `"${segments.join('.')}"` : 'the options';
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    return { segments: [...segments, key], part: 'key', message: `unknown option "${[...segments, key].join('.')}"` };
  }
  if (error.keyword === 'required') {
    const key = String((error.params as { missingProperty: string }).missingProperty);
    return { segments, part: 'key', message: `missing the required option "${[...segments, key].join('.')}"` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ');
    return { segments, part: 'value', message: `${at} must be one of ${allowed}` };
  }
  return { segments, part: 'value', message: `${at} ${error.message ?? 'is not valid'}` };
}

let Ajv: typeof AjvClass | undefined;

/** Loads ajv: call (and await) before checking options against a JSON Schema. */
export async function loadJsonSchemaSupport(): Promise<void> {
  // ajv is CommonJS: bundled, its exports are the default export only.
  const loaded = (await import('ajv')) as unknown as { Ajv?: typeof AjvClass; default: { Ajv?: typeof AjvClass } };
  Ajv ??= loaded.Ajv ?? loaded.default.Ajv;
}

/** Whether an options schema is a zod schema (the built-ins') rather than JSON Schema. */
export const isZodSchema = (schema: unknown): schema is ZodType =>
  schema !== null && typeof schema === 'object' && typeof (schema as { safeParse?: unknown }).safeParse === 'function';

/** A compiled options schema, or the reason the schema itself is broken (the plugin is invalid). */
export function compileOptionsSchema(schema: Record<string, unknown>): { validate: ReturnType<AjvClass['compile']> } | { invalid: string } {
  if (!Ajv) throw new Error('ajv is not loaded: await loadJsonSchemaSupport() before checking options against a JSON Schema');
  try {
    return { validate: new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(schema) };
  } catch (error) {
    return { invalid: `its options schema does not compile: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** A finding about options: the option's path, whether to point at its key or value, and the sentence. */
interface OptionError {
  segments: string[];
  part: 'key' | 'value';
  message: string;
}

type OptionsResult = { options: Record<string, unknown> } | { errors: OptionError[] } | { invalid: string };

/** Checks one set of options against the target's schema (defaults filled in). */
function validateOptions(target: Pick<Target, 'id' | 'optionsSchema'>, raw: unknown): OptionsResult {
  const options = structuredClone((raw ?? {}) as Record<string, unknown>);
  if (!target.optionsSchema) {
    if (Object.keys(options).length === 0) return { options: deepFreeze(options) };
    return { errors: [{ segments: [], part: 'key', message: `target "${target.id}" takes no options` }] };
  }
  if (isZodSchema(target.optionsSchema)) return zodOptions(target.optionsSchema, options);
  const compiled = compileOptionsSchema(target.optionsSchema);
  if ('invalid' in compiled) return compiled;
  if (compiled.validate(options)) return { options: deepFreeze(options) };
  const seen = new Set<string>();
  const errors: OptionError[] = [];
  for (const error of compiled.validate.errors ?? []) {
    // The errors of each `anyOf`/`oneOf` branch are noise next to the summary error of the choice.
    if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) continue;
    const described = describeError(error);
    if (seen.has(described.message)) continue;
    seen.add(described.message);
    errors.push(described);
  }
  return { errors };
}

/** Options checked by a zod schema: its output (defaults filled in), or each issue at its option. */
function zodOptions(schema: ZodType, options: Record<string, unknown>): OptionsResult {
  const parsed = schema.safeParse(options);
  if (parsed.success) return { options: deepFreeze(parsed.data as Record<string, unknown>) };
  return {
    errors: parsed.error.issues.flatMap((issue): OptionError[] => {
      const segments = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ segments: [...segments, key], part: 'key', message: `unknown option "${[...segments, key].join('.')}"` }));
      const said = issue.code === 'invalid_type' ? `must be ${issue.expected === 'object' ? 'a map' : `a ${issue.expected}`}` : issue.message;
      return [{ segments, part: 'value', message: `${segments.length ? `"${segments.join('.')}"` : 'the options'} ${said}` }];
    }),
  };
}

const invalidSchema = (target: Pick<Target, 'id'>, invalid: string, source: OptionsSource) =>
  catalogue.pluginInvalid(target.id, invalid, source.fallback ?? {}, 'the plugin\'s optionsSchema must be a valid JSON Schema (draft-07)');

/** Checks the `targets.<id>` options of one target; written options are found in `source.loaded`. */
export function checkTargetOptions(target: Pick<Target, 'id' | 'optionsSchema'>, raw: unknown, source: OptionsSource): OptionsCheck {
  const written = raw !== undefined;
  const spanOf = (segments: string[], part: 'key' | 'value') => {
    const span = written && source.loaded ? locate(source.loaded, ['targets', target.id, ...segments], part) : undefined;
    return span ? { span } : source.fallback ?? {};
  };
  const result = validateOptions(target, raw);
  if ('invalid' in result) return { diagnostics: [invalidSchema(target, result.invalid, source)] };
  if ('options' in result) return result;
  return { diagnostics: result.errors.map(({ segments, part, message }) => catalogue.pluginOptions(target.id, message, spanOf(segments, part))) };
}

/** A target's checked options: system-wide and, per environment, with the environment's section merged in. */
export interface CheckedSettings {
  options: TargetOptions;
  environments: Readonly<Record<string, TargetOptions>>;
}

type Data = Record<string, unknown>;


/**
 * Checks a target's options system-wide and for every environment of system.yaml. An environment's
 * options are `targets.<id>` with its own section(s) merged over; each finding points at the section
 * that wrote the value (a missing option at the environment's section, else the system-wide one),
 * and the same finding from several environments is reported once.
 */
export function checkTargetSettings(target: Pick<Target, 'id' | 'optionsSchema'>, source: OptionsSource): CheckedSettings | { diagnostics: Diagnostic[] } {
  const data = source.loaded?.data as Data | undefined;
  const raw = (data?.targets as Data | undefined)?.[target.id];
  const envs = data && isPlainObject(data.environments) ? Object.keys(data.environments).sort() : [];
  const layered = envs.map((env) => ({ env, sections: environmentSections(data!, target.id, env) }));
  if (!layered.some(({ sections }) => sections.length > 0)) {
    const base = checkTargetOptions(target, raw, source);
    return 'diagnostics' in base ? base : { options: base.options, environments: Object.fromEntries(envs.map((env) => [env, base.options])) };
  }
  // The system-wide section alone may lack what every environment gives: it is checked as part of each environment.
  const alone = validateOptions(target, raw);
  const options = 'options' in alone ? alone.options : deepFreeze(structuredClone((raw ?? {}) as Data));
  const environments: Record<string, TargetOptions> = {};
  const diagnostics: Diagnostic[] = [];
  const reportOnce = onceEach(diagnostics);
  for (const { env, sections } of layered) {
    const merged = sections.reduce<unknown>((sum, section) => deepMerge(sum, section.value), raw ?? {});
    const checked = validateOptions(target, merged);
    if ('invalid' in checked) return { diagnostics: [invalidSchema(target, checked.invalid, source)] };
    if ('options' in checked) {
      environments[env] = checked.options;
      continue;
    }
    for (const finding of relocate(checked.errors, target, env, sections, source)) reportOnce(finding);
  }
  return diagnostics.length ? { diagnostics } : { options, environments };
}

/** Points each finding of an environment's merged options at the section that wrote the value. */
function relocate(errors: OptionError[], target: Pick<Target, 'id'>, env: string, sections: Array<{ at: string[]; value: Data }>, source: OptionsSource): Diagnostic[] {
  const loaded = source.loaded!;
  const system = (loaded.data as Data).targets as Data | undefined;
  return errors.map(({ segments, part, message }) => {
    const systemWide = system?.[target.id] !== undefined ? { at: ['targets', target.id] } : undefined;
    const writer = [...sections].reverse().find((section) => valueAt(section.value, segments) !== undefined)
      ?? (valueAt(system?.[target.id], segments) !== undefined ? systemWide : undefined)
      ?? sections.at(-1) ?? systemWide;
    const span = writer ? locate(loaded, [...writer.at, ...segments], part) : undefined;
    const said = message.startsWith('missing the required option') ? `${message} in environment "${env}"` : message;
    return catalogue.pluginOptions(target.id, said, span ? { span } : source.fallback ?? {}, writer?.at.join('.'));
  });
}

/** The lookup `context.optionsOf` reads: a target's checked options for an environment, its system-wide ones without environments. */
const lookupIn = (settings: ReadonlyMap<string, CheckedSettings>): OptionsLookup => (target, environment) => {
  const found = settings.get(target);
  return found ? found.environments[environment] ?? found.options : undefined;
};

/**
 * Checks the options system.yaml writes for these targets, synchronously (the language server
 * answers each keystroke at once): the lookup of the valid ones, the findings, and the ids whose
 * options are wrong (their checks do not run, as `build` leaves those targets out).
 */
export function checkWrittenOptions(loaded: LoadedSystem, targets: readonly Pick<Target, 'id' | 'optionsSchema'>[]): { optionsOf: OptionsLookup; diagnostics: Diagnostic[]; invalid: Set<string> } {
  const settings = new Map<string, CheckedSettings>();
  const diagnostics: Diagnostic[] = [];
  const invalid = new Set<string>();
  for (const target of targets) {
    if (!hasWrittenOptions(loaded.data, target.id)) continue;
    const check = checkTargetSettings(target, { loaded });
    if ('diagnostics' in check) {
      diagnostics.push(...check.diagnostics);
      invalid.add(target.id);
    } else settings.set(target.id, check);
  }
  return { optionsOf: lookupIn(settings), diagnostics, invalid };
}
