/**
 * `infragen/plugin`: the small, stable surface plugin targets are written against.
 */
import type { Target } from './target.ts';

/** Declares a target; returns it unchanged (the function exists for types and discoverability). */
export function defineTarget(target: Target): Target {
  return target;
}

export type { Target, TargetContext, TargetReport, EmittedFile } from './target.ts';
export type * from './model/types.ts';
export type { SourceSpan, Position } from './model/span.ts';
export { toStableJson, toStableYaml, toStableYamlDocuments, sortKeysDeep } from './serialize.ts';
export { cloudName, fitName, ssmParameterName, secretId, snakeCase, refString, testnetKeySecretId, testnetNodeNames, ENTITY_ATTRIBUTES } from './model/wiring.ts';
