/**
 * `infragen/plugin`: the small, stable surface plugin targets are written against. A plugin is an
 * ES module whose default export is `defineTarget({ id, description, optionsSchema?, emit })`;
 * `emit` reads the frozen `SystemModel` and returns files, reporting findings through its context.
 */
import type { SourceSpan } from './model/span.ts';
import type { EntityKind, SystemModel } from './model/types.ts';
import { PLUGIN_API_VERSION, type EmittedFile, type EmittedObject, type Target, type TargetContext } from './target.ts';

/** The context a target with options of type `Options` receives (options already checked against its schema). */
export interface PluginContext<Options extends Record<string, unknown> = Record<string, unknown>> extends TargetContext {
  options: Options;
  optionsFor(environment: string): Options;
}

/** A target whose options have a known type (describe them with `optionsSchema`). */
export interface PluginTarget<Options extends Record<string, unknown> = Record<string, unknown>> extends Omit<Target, 'emit'> {
  emit(model: SystemModel, context: PluginContext<Options>): EmittedFile[] | Promise<EmittedFile[]>;
}

/**
 * Declares a target, stamped with the version of this API it is written against (unless it names
 * one itself), so that a later infragen with an incompatible contract refuses it with a clear
 * PLUGIN_API_VERSION instead of calling it wrongly.
 */
export function defineTarget<Options extends Record<string, unknown> = Record<string, unknown>>(target: PluginTarget<Options>): Target {
  return { apiVersion: PLUGIN_API_VERSION, ...(target as Target) };
}

/**
 * The record of one emitted object (`EmittedFile.objects`): `id` as the target's diff format
 * identifies it, made by `entity`, at `span` (default: where the entity is defined).
 */
export function objectRecord(id: string, entity: { kind: EntityKind; name: string; span?: SourceSpan }, span: SourceSpan | undefined = entity.span): EmittedObject {
  return { id, source: `${entity.kind}.${entity.name}`, ...(span ? { span } : {}) };
}

/**
 * The record of an object made for a whole environment rather than by one entity (its network,
 * providers, namespace defaults, cluster data sources, objects several entities share): source
 * `environment.<name>`, at `span`, else at the top-level `section` it is made from when the system
 * writes it (`network`), else at the environment's key under `environments:`.
 */
export function environmentRecord(id: string, environment: { name: string; span?: SourceSpan }, at: { span?: SourceSpan; section?: string } = {}): EmittedObject {
  const span = at.span ?? (at.section ? undefined : environment.span);
  return { id, source: `environment.${environment.name}`, ...(span ? { span } : {}), ...(at.section ? { section: at.section } : {}) };
}

/**
 * The record of an object made for the whole system outside any environment (the local stack's
 * stand-ins): source `system.<name>`, at the `system:` line unless `span` says otherwise.
 */
export function systemRecord(id: string, model: { name: string }, span?: SourceSpan): EmittedObject {
  return { id, source: `system.${model.name}`, ...(span ? { span } : {}) };
}

/**
 * `recorded` completed so that every id in `ids` has a record: the ones no entity claimed get
 * `fallback(id)` (an environment or system record). Sorted by id, first record of an id wins.
 */
export function completeRecords(recorded: readonly EmittedObject[], ids: Iterable<string>, fallback: (id: string) => EmittedObject): EmittedObject[] {
  const byId = new Map(recorded.map((record) => [record.id, record] as const));
  for (const id of ids) if (!byId.has(id)) byId.set(id, fallback(id));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export { PLUGIN_API_VERSION } from './target.ts';
export type { Target, TargetCheck, TargetContext, TargetDiagnostics, TargetOptions, TargetReport, EmittedFile, EmittedObject } from './target.ts';
export type { Diagnostic, Severity as DiagnosticSeverity } from './diagnostics/types.ts';
export type * from './model/types.ts';
export { ENTITY_COLLECTIONS, COLLECTION_OF_KIND } from './model/types.ts';
export type { SourceSpan, Position } from './model/span.ts';
export type { CloudCatalogue, InstanceClasses, ClassedKind } from './clouds/types.ts';

// Serialization: every file a target writes goes through these, so output is byte-stable.
export { toStableJson, toStableYaml, toStableYamlDocuments, toStableYamlOfPlainData, sortKeysDeep, escapeYaml11Breaks, yaml11SafeText, joined } from './serialize.ts';
// Units of the language (`30s`, `512Mi`, `250m`) as numbers.
export { durationSeconds, durationText, quantityBytes, cpuCores } from './model/units.ts';
// The metrics an alarm may name, per entity kind (a target maps each to its cloud's metric).
export { METRIC_CATALOGUE, type MetricSourceKind } from '../schema/metrics.ts';
// `${env.region}` in env values: a target puts in the region of the output it writes.
export { templateInRegion, templateReferences, templateText, type TemplateReference, type RegionalTemplate } from './model/templates.ts';
// JSON merge patches (RFC 7396), as `overrides:` applies them.
export { applyMergePatch, isPlainObject } from './data.ts';
// The `overrides:` escape hatch: patches by object address, checked against the object's schema.
export {
  checkMergePatch,
  targetOverrides,
  namedOverrides,
  overrideSpan,
  unknownAddressHint,
  reportPatchFindings,
  type PatchCodes,
  type PatchSchema,
  type PatchFinding,
  type NamedPatch,
  type TargetOverrides,
} from './overrides.ts';

/*
 * The naming and wiring contract between targets. One target creates a cloud object and another
 * refers to it by name (Terraform creates the queue, the Kubernetes Deployment and the serverless
 * function read its URL from SSM), so the names must come from one place. A plugin that refers to
 * what a built-in creates uses the same functions.
 */
export {
  ENTITY_ATTRIBUTES,
  SECRET_ATTRIBUTES,
  isSecretAttribute,
  secretAttributeOf,
  DATABASE_SECRET_FIELD,
  DATABASE_URL_WITH_PASSWORD,
  DATABASE_URL_SCHEMES,
  RDS_SECRET_TAG,
  PUBLISHED_KINDS,
  IAM_ACCESS_KINDS,
  KEDA_AUTHENTICATION,
  KEDA_OPERATOR_ROLE,
  needsWorkloadRole,
  serviceAttribute,
  refString,
  snakeCase,
  fitName,
  shortHash,
  cloudName,
  bucketName,
  queueName,
  topicName,
  tableName,
  functionName,
  databaseIdentifier,
  imageRepositoryName,
  workloadRoleName,
  secretId,
  ssmParameterName,
  networkParameterName,
  regionCidr,
  testnetKeySecretId,
  testnetNodeNames,
  testnetNamespace,
  testnetServiceName,
  kubernetesPlacement,
  type KubernetesPlacement,
} from './model/wiring.ts';

/*
 * The diff format (`Target.diff`): how `infragen diff` splits a target's files into objects and
 * which changes are risky (docs/plugins.md, "A diff format"), with the helpers the built-in risk
 * tables are written with.
 */
export type { DiffFormat, DiffObject, EnvironmentBlock, RiskRule, RuleFinding, RuleInput } from './diff/format.ts';
export type { ChangeKind, FieldChange, RiskCategory } from './diff/types.ts';
export { asList, dataLossRule, difference, folderOf, forceNewRules, iamWildcardRule, isWorld, parseYaml, parseYamlDocuments, pick } from './diff/format-helpers.ts';
