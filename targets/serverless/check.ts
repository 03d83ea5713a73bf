/**
 * What the serverless target requires of a system, per environment and region: one function per
 * route, event sources and authorizers in the function's own region, no variable set twice, no
 * Cognito authorizer on WebSockets; and warnings that do not stop the file from being written.
 * `validate` runs it; `emit` runs only when it found no error.
 */
import type { FunctionDef } from '../../compiler/model/types.ts';
import { refString } from '../../compiler/model/wiring.ts';
import type { TargetCheck } from '../../compiler/target.ts';
import type { Scope } from './scope.ts';

/** Entities that live in private subnets: a function reaches them only from inside the VPC. */
const PRIVATE_KINDS = new Set(['database', 'cache', 'search']);

/** Findings that do not stop the file from being written (once per environment: in the function's first region). */
function checkFunction(scope: Scope, fn: FunctionDef): void {
  if (fn.regions[0] !== scope.region) return;
  const unreachable = fn.uses.filter((ref) => PRIVATE_KINDS.has(ref.kind));
  if (!fn.vpc && unreachable.length) {
    scope.context.report({
      code: 'SERVERLESS_PRIVATE_WITHOUT_VPC',
      message: `function "${fn.name}" (${scope.env.name}) uses ${unreachable.map(refString).join(', ')} in private subnets but does not run in the VPC`,
      span: unreachable[0]!.span,
      hint: 'add `vpc: true` to the function',
    });
  }
  if (fn.throttle && fn.routes.length === 0 && fn.websocket.length === 0) {
    scope.context.report({
      code: 'SERVERLESS_THROTTLE_UNUSED',
      message: `function "${fn.name}" (${scope.env.name}) has a throttle but no routes or WebSocket routes it could apply to`,
      span: fn.span,
    });
  }
}

/** Two functions of one file cannot serve the same route. */
function checkRoutes(scope: Scope): void {
  const owners = new Map<string, string>();
  for (const fn of Object.values(scope.functions)) {
    const keys = [...fn.routes.map((route) => `${route.method} ${route.path}`), ...fn.websocket.map((route) => `WebSocket ${route}`)];
    for (const key of keys) {
      const owner = owners.get(key);
      if (owner && owner !== fn.name) {
        scope.context.error('SERVERLESS_DUPLICATE_ROUTE', `functions "${owner}" and "${fn.name}" both serve ${key} in ${scope.env.name}/${scope.region}`, { span: fn.span });
      }
      owners.set(key, fn.name);
    }
  }
}

/** Checks that a function authorizer can be referenced from this file. */
function checkAuthorizer(scope: Scope, fn: FunctionDef): void {
  if (!fn.authorizer || !('function' in fn.authorizer)) return;
  const ref = fn.authorizer.function;
  if (!scope.functions[ref.name]) {
    scope.context.error('SERVERLESS_AUTHORIZER_REGION', `function "${fn.name}" runs in ${scope.region} (${scope.env.name}) but its authorizer "${ref.name}" does not`, {
      span: ref.span,
      hint: `run "${ref.name}" in ${scope.region} too (its \`regions\`)`,
    });
  }
}

/**
 * Why an EventBridge schedule expression is not one AWS accepts, or undefined: `rate(1 minute)`
 * (singular for 1, plural above), or `cron()` with six fields — minutes, hours, day of month,
 * month, day of week, year — where one of the two day fields is `?`.
 */
export function scheduleProblem(expression: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value === 0) return 'a rate must be at least 1';
    const plural = rate[2]!.endsWith('s');
    if (value === 1 && plural) return `write rate(1 ${rate[2]!.slice(0, -1)}): AWS wants the singular for 1`;
    if (value > 1 && !plural) return `write rate(${value} ${rate[2]}s): AWS wants the plural above 1`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return 'write rate(<n> <unit>) or cron(<6 fields>)';
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) return `AWS cron() has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${fields.length}`;
  if (fields[2] !== '?' && fields[4] !== '?') return 'one of day-of-month (3rd field) and day-of-week (5th field) must be ?';
  return undefined;
}

/** Event sources, WebSocket authorizers and variables of one function in one region. */
function checkEvents(scope: Scope, fn: FunctionDef): void {
  const problem = fn.schedule !== undefined && fn.regions[0] === scope.region ? scheduleProblem(fn.schedule) : undefined;
  if (problem) {
    scope.context.error('SERVERLESS_INVALID_SCHEDULE', `function "${fn.name}": schedule "${fn.schedule}" is not an AWS schedule expression: ${problem}`, {
      span: fn.fieldSpans.schedule ?? fn.span,
      hint: 'e.g. rate(5 minutes), or cron(0 2 * * ? *) for 02:00 UTC every day',
    });
  }
  if (fn.authorizer && 'cognito' in fn.authorizer && fn.websocket.includes('$connect')) {
    scope.context.error('SERVERLESS_WEBSOCKET_COGNITO', `function "${fn.name}": a WebSocket API cannot use a Cognito authorizer`, {
      span: fn.fieldSpans.authorizer ?? fn.span,
      hint: 'use a Lambda authorizer (`authorizer: function.<name>`) that verifies the Cognito token',
    });
  }
  for (const queue of fn.consumes) {
    if (scope.resolved.queues[queue.name]?.regions.includes(scope.region)) continue;
    scope.context.error('SERVERLESS_QUEUE_REGION', `function "${fn.name}" runs in ${scope.region} (${scope.env.name}) but the queue "${queue.name}" it consumes does not`, {
      span: queue.span,
      hint: 'a Lambda event source reads only queues of its own region: place both in the same regions',
    });
  }
  for (const [variable, secret] of Object.entries(fn.secrets)) {
    if (!(variable in fn.env)) continue;
    scope.context.error('SERVERLESS_ENV_SECRET_CONFLICT', `function "${fn.name}" sets ${variable} both in "env" and in "secrets"`, {
      span: secret.span,
      hint: 'keep one of the two',
    });
  }
}

/** The functions of each environment, per region they run in: one serverless.yml each. */
export function functionScopes(model: Parameters<TargetCheck>[0], context: Parameters<TargetCheck>[1]): Scope[] {
  return model.environments.flatMap((resolved) => {
    const env = resolved.environment!;
    return env.regions.flatMap((region) => {
      const functions: Record<string, FunctionDef> = Object.fromEntries(Object.entries(resolved.functions).filter(([, fn]) => fn.regions.includes(region)));
      return Object.keys(functions).length ? [{ model, resolved, env, region, functions, context }] : [];
    });
  });
}

export const checkServerless: TargetCheck = (model, context) => {
  for (const scope of functionScopes(model, context)) {
    checkRoutes(scope);
    for (const fn of Object.values(scope.functions)) {
      checkFunction(scope, fn);
      checkAuthorizer(scope, fn);
      checkEvents(scope, fn);
    }
  }
};
