/**
 * `targets.<id>` options must match the target's JSON Schema (ajv, defaults filled in). Findings
 * point at the exact key or value in system.yaml; the target then receives the checked options,
 * frozen.
 */
import { Ajv, type ErrorObject } from 'ajv';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { SourceSpan } from '../model/span.ts';
import type { Target } from '../target.ts';
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

/** A compiled options schema, or the reason the schema itself is broken (the plugin is invalid). */
export function compileOptionsSchema(schema: Record<string, unknown>): { validate: ReturnType<Ajv['compile']> } | { invalid: string } {
  try {
    return { validate: new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(schema) };
  } catch (error) {
    return { invalid: `its options schema does not compile: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Checks the `targets.<id>` options of one target; written options are found in `source.loaded`. */
export function checkTargetOptions(target: Pick<Target, 'id' | 'optionsSchema'>, raw: unknown, source: OptionsSource): OptionsCheck {
  const written = raw !== undefined;
  const spanOf = (segments: string[], part: 'key' | 'value') => {
    const span = written && source.loaded ? locate(source.loaded, ['targets', target.id, ...segments], part) : undefined;
    return span ? { span } : source.fallback ?? {};
  };
  const options = structuredClone((raw ?? {}) as Record<string, unknown>);
  if (!target.optionsSchema) {
    if (Object.keys(options).length === 0) return { options: deepFreeze(options) };
    return { diagnostics: [catalogue.pluginOptions(target.id, `target "${target.id}" takes no options`, spanOf([], 'key'))] };
  }
  const compiled = compileOptionsSchema(target.optionsSchema);
  if ('invalid' in compiled) return { diagnostics: [catalogue.pluginInvalid(target.id, compiled.invalid, source.fallback ?? {}, 'the plugin\'s optionsSchema must be a valid JSON Schema (draft 2020-12)')] };
  if (compiled.validate(options)) return { options: deepFreeze(options) };
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of compiled.validate.errors ?? []) {
    // The errors of each `anyOf`/`oneOf` branch are noise next to the summary error of the choice.
    if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) continue;
    const { segments, part, message } = describeError(error);
    if (seen.has(message)) continue;
    seen.add(message);
    diagnostics.push(catalogue.pluginOptions(target.id, message, spanOf(segments, part)));
  }
  return { diagnostics };
}
