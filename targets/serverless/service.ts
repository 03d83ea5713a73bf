/**
 * The serverless.yml of one environment and region (Serverless Framework v3 format, as osls reads
 * it): the stage is the environment, every function carries its cloud name, its own IAM role and
 * its events; wiring values and secrets are `${ssm:…}` references resolved at deploy time.
 */
import type { EmittedObject, EntityRef, FunctionDef } from '../../compiler/plugin-api.ts';
import { applyMergePatch, networkParameterName, objectRecord, refString, sortKeysDeep } from '../../compiler/plugin-api.ts';
import { deployedFunctionName } from './arns.ts';
import { functionEnvironment } from './environment-variables.ts';
import { functionEvents, httpApiAuthorizers } from './events.ts';
import { functionRole, roleLogicalId } from './iam-roles.ts';
import { functionPatch } from './overrides.ts';
import type { Scope } from './scope.ts';
import { restStageThrottling, THROTTLING_PLUGIN, v2StageExtensions } from './throttling.ts';
import { ssmVariable } from './wiring-references.ts';

/** Provider defaults, the same as system.yaml's, for functions someone adds to the file by hand. */
const DEFAULT_MEMORY_MB = 256;
const DEFAULT_TIMEOUT_SECONDS = 6;
/** Days CloudWatch keeps function logs; longer where the environment is protected (production). */
const LOG_RETENTION_DAYS = { standard: 30, protected: 90 };

function tags(scope: Scope): Record<string, string> {
  return { ...scope.model.tags, environment: scope.env.name, 'managed-by': 'infragen', system: scope.model.name };
}

function functionVpc(scope: Scope): Record<string, unknown> {
  return {
    securityGroupIds: [ssmVariable(networkParameterName(scope.model.name, scope.env.name, 'lambda-security-group-id'))],
    // A StringList parameter: the framework resolves it to the list of subnet ids.
    subnetIds: ssmVariable(networkParameterName(scope.model.name, scope.env.name, 'private-subnet-ids')),
  };
}

function functionDefinition(scope: Scope, fn: FunctionDef): Record<string, unknown> {
  const patch = functionPatch(fn);
  const definition = generatedDefinition(scope, fn);
  return patch ? (applyMergePatch(definition, patch) as Record<string, unknown>) : definition;
}

function generatedDefinition(scope: Scope, fn: FunctionDef): Record<string, unknown> {
  const environment = functionEnvironment(scope, fn);
  const events = functionEvents(scope, fn);
  return {
    name: deployedFunctionName(scope, fn.name),
    // A container-image function carries its runtime and entry point in the image.
    ...(fn.image !== undefined ? { image: fn.image } : { handler: fn.handler, runtime: fn.runtime }),
    memorySize: fn.memory,
    timeout: fn.timeoutSeconds,
    role: roleLogicalId(fn.name),
    ...(Object.keys(environment).length ? { environment } : {}),
    ...(events.length ? { events } : {}),
    ...(fn.vpc ? { vpc: functionVpc(scope) } : {}),
  };
}

/** Every entity a function's definition depends on. */
function referencedEntities(fn: FunctionDef): Array<Pick<EntityRef, 'kind' | 'name'>> {
  return [
    ...fn.consumes,
    ...fn.publishes,
    ...fn.uses,
    ...Object.values(fn.secrets),
    ...(fn.authorizer && 'function' in fn.authorizer ? [fn.authorizer.function] : []),
    ...Object.values(fn.env).flatMap((template) => template.parts.flatMap((part) => ('kind' in part ? [part] : []))),
  ];
}

export interface ServiceDefinition {
  document: Record<string, unknown>;
  /** May repeat: the compiler deduplicates and sorts a file's sources (runTargets). */
  sources: string[];
  /** Each function and its role, recorded as the function's (`infragen diff` names its line). */
  objects: EmittedObject[];
}

export function serviceDefinition(scope: Scope): ServiceDefinition {
  const functions = Object.values(scope.functions);

  const stageThrottling = restStageThrottling(functions);
  const v2Stages = v2StageExtensions(functions);
  const authorizers = httpApiAuthorizers(functions);
  const provider = {
    name: 'aws',
    region: scope.region,
    stage: scope.env.name,
    runtime: scope.model.defaults.runtime,
    memorySize: DEFAULT_MEMORY_MB,
    timeout: DEFAULT_TIMEOUT_SECONDS,
    logRetentionInDays: scope.env.protect ? LOG_RETENTION_DAYS.protected : LOG_RETENTION_DAYS.standard,
    deploymentBucket: { blockPublicAccess: true },
    stackTags: tags(scope),
    tags: tags(scope),
    ...(Object.keys(scope.env.vars).length ? { environment: { ...scope.env.vars } } : {}),
    ...(authorizers ? { httpApi: { authorizers } } : {}),
  };

  // The conventional order of a serverless.yml at the top level; sorted keys below it.
  const document: Record<string, unknown> = {
    service: scope.model.name,
    frameworkVersion: '3',
    configValidationMode: 'error',
    ...(stageThrottling ? { plugins: [THROTTLING_PLUGIN] } : {}),
    provider: sortKeysDeep(provider),
    ...(stageThrottling ? { custom: { apiGatewayThrottling: stageThrottling } } : {}),
    functions: sortKeysDeep(Object.fromEntries(functions.map((fn) => [fn.name, functionDefinition(scope, fn)]))),
    resources: sortKeysDeep({
      Resources: Object.fromEntries(functions.map((fn) => [roleLogicalId(fn.name), functionRole(scope, fn)])),
      ...(v2Stages ? { extensions: v2Stages } : {}),
    }),
  };
  return {
    document,
    sources: functions.flatMap((fn) => [refString(fn), ...referencedEntities(fn).map(refString)]),
    objects: functions.flatMap((fn) => [objectRecord(`functions.${fn.name}`, fn), objectRecord(`resources.Resources.${roleLogicalId(fn.name)}`, fn)]),
  };
}
