/**
 * A function's environment variables: its `env` (wiring references become `${ssm:…}`) and its
 * secret variables. A secret variable `X` (a `secrets:` entry, or an `env:` entry that is
 * `${database.<name>.password}`) becomes `X_SECRET_ARN`, the ARN of the Secrets Manager secret
 * the function reads at run time with `GetSecretValue` (its role allows exactly that secret), plus
 * `X_SECRET_FIELD` when the value is one field of a JSON secret, plus `X_SECRET_URL` for
 * `${database.<name>.urlWithPassword}`: the database's `url` (no password), into which the function
 * puts the password it read (docs/deploy.md). No secret value is ever resolved into the template.
 * The environment's `vars` go to `provider.environment` instead.
 */
import type { FunctionDef } from '../../compiler/plugin-api.ts';
import { DATABASE_SECRET_FIELD, DATABASE_URL_WITH_PASSWORD, secretAttributeOf } from '../../compiler/plugin-api.ts';
import type { Scope } from './scope.ts';
import { attributeValue, secretArnValue, templateValue } from './wiring-references.ts';

/** The secret variables of a function: variable → where its value lives. */
export function secretVariables(fn: FunctionDef): Array<{ variable: string; source: { kind: 'secret' | 'database'; name: string }; field?: string; withUrl?: boolean }> {
  const fromEnv = Object.entries(fn.env).flatMap(([variable, template]) => {
    const secret = secretAttributeOf(template);
    if (!secret) return [];
    const withUrl = secret.attribute === DATABASE_URL_WITH_PASSWORD;
    return [{ variable, source: { kind: 'database' as const, name: secret.name }, field: DATABASE_SECRET_FIELD[withUrl ? 'password' : secret.attribute]!, ...(withUrl ? { withUrl } : {}) }];
  });
  const declared = Object.entries(fn.secrets).map(([variable, secret]) => ({ variable, source: { kind: 'secret' as const, name: secret.name } }));
  return [...fromEnv, ...declared];
}

export function functionEnvironment(scope: Scope, fn: FunctionDef): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [variable, template] of Object.entries(fn.env)) if (!secretAttributeOf(template)) environment[variable] = templateValue(scope, template);
  for (const { variable, source, field, withUrl } of secretVariables(fn)) {
    if (variable in environment) throw new Error(`function "${fn.name}": ${variable} in both env and secrets reached emit although check() rejects it`);
    environment[`${variable}_SECRET_ARN`] = secretArnValue(scope, source);
    if (field) environment[`${variable}_SECRET_FIELD`] = field;
    if (withUrl) environment[`${variable}_SECRET_URL`] = attributeValue(scope, 'database', source.name, 'url');
  }
  return environment;
}
