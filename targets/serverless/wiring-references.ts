/**
 * `${ssm:…}` references to what Terraform publishes, resolved by the framework at deploy time:
 * wiring attributes at `ssmParameterName()`, secrets through the Secrets Manager reference path.
 * SSM parameters are regional: a value of an entity that does not run in this file's region is
 * read from the entity's primary region (`${ssm(<region>):…}`).
 */
import { COLLECTION_OF_KIND, type EntityKind, type Template } from '../../compiler/model/types.ts';
import { secretId, ssmParameterName } from '../../compiler/model/wiring.ts';
import { deployedFunctionName, functionArn } from './arns.ts';
import type { Scope } from './scope.ts';

/** `${ssm:<name>}`, with the variable's parameters (a region, `raw`) when given. */
export function ssmVariable(name: string, params: string[] = []): string {
  return params.length ? `\${ssm(${params.join(', ')}):${name}}` : `\${ssm:${name}}`;
}

/** The region to read an entity's parameters from: this one when it runs here, else its primary. */
function parameterRegion(scope: Scope, kind: EntityKind, name: string): string[] {
  const entity = scope.resolved[COLLECTION_OF_KIND[kind]][name] as { regions?: string[] } | undefined;
  const regions = entity?.regions ?? [];
  return regions.length === 0 || regions.includes(scope.region) ? [] : [regions[0]!];
}

/** The value of `${kind.name.attribute}`. Functions are created here, so their values are literal. */
export function attributeValue(scope: Scope, kind: EntityKind, name: string, attribute: string): string {
  if (kind === 'function') return attribute === 'arn' ? functionArn(scope, name) : deployedFunctionName(scope, name);
  return ssmVariable(ssmParameterName(scope.model.name, scope.env.name, kind, name, attribute), parameterRegion(scope, kind, name));
}

/** A template as one string: literals as written, references as their values (concatenated). */
export function templateValue(scope: Scope, template: Template): string {
  return template.parts.map((part) => ('literal' in part ? part.literal : attributeValue(scope, part.kind, part.name, part.attribute))).join('');
}

/**
 * A secret's value. `raw` keeps a JSON secret a string (the framework would otherwise parse it
 * into an object, which an environment variable cannot hold).
 */
export function secretValue(scope: Scope, name: string): string {
  const path = `/aws/reference/secretsmanager/${secretId(scope.model.name, scope.env.name, name)}`;
  return ssmVariable(path, [...parameterRegion(scope, 'secret', name), 'raw']);
}
