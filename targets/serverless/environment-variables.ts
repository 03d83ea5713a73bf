/**
 * A function's environment variables: its `env` (wiring references become `${ssm:…}`) and its
 * `secrets` (Secrets Manager references). Never a secret value: the framework resolves the
 * references at deploy time. The environment's `vars` go to `provider.environment` instead.
 */
import type { FunctionDef } from '../../compiler/model/types.ts';
import type { Scope } from './scope.ts';
import { secretValue, templateValue } from './wiring-references.ts';

export function functionEnvironment(scope: Scope, fn: FunctionDef): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [variable, template] of Object.entries(fn.env)) environment[variable] = templateValue(scope, template);
  for (const [variable, secret] of Object.entries(fn.secrets)) {
    if (variable in environment) throw new Error(`function "${fn.name}": ${variable} in both env and secrets reached emit although check() rejects it`);
    environment[variable] = secretValue(scope, secret.name);
  }
  return environment;
}
