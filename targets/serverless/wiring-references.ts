/**
 * `${ssm:…}` references to what Terraform publishes, resolved by the framework at deploy time:
 * wiring attributes at `ssmParameterName()`, and the ARNs of secrets (never their values: a
 * function reads those at run time).
 * SSM parameters are regional: a value of an entity that does not run in this file's region is
 * read from the entity's primary region (`${ssm(<region>):…}`).
 */
import { COLLECTION_OF_KIND, type EntityKind, type Template, joined, ssmParameterName, templateInRegion } from '../../compiler/plugin-api.ts';
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

/** A template as one string: literals as written, `${env.region}` this file's region, references as their values (concatenated). */
export function templateValue(scope: Scope, template: Template): string {
  return joined(templateInRegion(template, scope.region).parts.map((part) => ('literal' in part ? part.literal : attributeValue(scope, part.kind, part.name, part.attribute))), '');
}

/**
 * The ARN of the Secrets Manager secret behind a secret variable: a declared secret's, or the
 * master secret RDS manages for `${database.<name>.password}` (Terraform publishes both to SSM).
 * An ARN is no secret: resolving it at deploy time puts no credential in the template.
 */
export function secretArnValue(scope: Scope, source: { kind: 'secret'; name: string } | { kind: 'database'; name: string }): string {
  const attribute = source.kind === 'secret' ? 'arn' : 'master-secret-arn';
  return ssmVariable(ssmParameterName(scope.model.name, scope.env.name, source.kind, source.name, attribute), parameterRegion(scope, source.kind, source.name));
}
