/**
 * `infragen/plugin`: the small, stable surface plugin targets are written against. A plugin is an
 * ES module whose default export is `defineTarget({ id, description, optionsSchema?, emit })`;
 * `emit` reads the frozen `SystemModel` and returns files, reporting findings through its context.
 */
import type { SystemModel } from './model/types.ts';
import type { EmittedFile, Target, TargetContext } from './target.ts';

/** The context a target with options of type `Options` receives (options already checked against its schema). */
export interface PluginContext<Options extends Record<string, unknown> = Record<string, unknown>> extends TargetContext {
  options: Options;
}

/** A target whose options have a known type (describe them with `optionsSchema`). */
export interface PluginTarget<Options extends Record<string, unknown> = Record<string, unknown>> extends Omit<Target, 'emit'> {
  emit(model: SystemModel, context: PluginContext<Options>): EmittedFile[] | Promise<EmittedFile[]>;
}

/** Declares a target; returns it unchanged (the function exists for types and discoverability). */
export function defineTarget<Options extends Record<string, unknown> = Record<string, unknown>>(target: PluginTarget<Options>): Target {
  return target as Target;
}

export type { Target, TargetContext, TargetReport, EmittedFile } from './target.ts';
export type { Diagnostic, Severity as DiagnosticSeverity } from './diagnostics/types.ts';
export type * from './model/types.ts';
export { ENTITY_COLLECTIONS, COLLECTION_OF_KIND } from './model/types.ts';
export type { SourceSpan, Position } from './model/span.ts';
export type { CloudCatalogue, InstanceClasses, ClassedKind } from './clouds/types.ts';
export { toStableJson, toStableYaml, toStableYamlDocuments, sortKeysDeep } from './serialize.ts';
export { durationSeconds, durationText, quantityBytes, cpuCores } from './model/units.ts';
export { bucketName, cloudName, fitName, ssmParameterName, secretId, snakeCase, refString, testnetKeySecretId, testnetNodeNames, ENTITY_ATTRIBUTES } from './model/wiring.ts';
