/**
 * What the serverless target requires of a system, per environment and region: one function per
 * route, event sources and authorizers in the function's own region, no variable set twice, no
 * Cognito authorizer on WebSockets; and warnings that do not stop the file from being written.
 * `validate` runs it; `emit` runs only when it found no error.
 */
import type { FunctionDef, TargetCheck } from '../../compiler/plugin-api.ts';
import { refString } from '../../compiler/plugin-api.ts';
import { bucketSources } from './bucket-events.ts';
import { checkServerlessOverrides } from './overrides.ts';
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
    // REST and HTTP API routes are served by two different APIs: the same route in both is fine.
    const keys = [...fn.routes.map((route) => `${fn.api === 'http' ? 'HTTP API ' : ''}${route.method} ${route.path}`), ...fn.websocket.map((route) => `WebSocket ${route}`)];
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
  if (fn.authorizer && 'cognito' in fn.authorizer && fn.api === 'http' && fn.routes.length) {
    scope.context.error('SERVERLESS_HTTP_API_COGNITO', `function "${fn.name}": its HTTP API routes would need a JWT authorizer for the Cognito pool, with the pool's app client as audience, which system.yaml does not name`, {
      span: fn.fieldSpans.authorizer ?? fn.span,
      hint: 'serve these routes from the REST API (`api: rest`), or use a Lambda authorizer (`authorizer: function.<name>`) that verifies the Cognito token',
    });
  }
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

/** A bucket's events reach a function only through EventBridge rules of the bucket's regions. */
function checkBucketSources(scope: Scope, fn: FunctionDef): void {
  if (fn.regions[0] !== scope.region) return;
  for (const { bucket, regions, entry } of bucketSources(scope.resolved, fn)) {
    const missing = regions.filter((region) => !fn.regions.includes(region));
    if (!missing.length) continue;
    scope.context.error('SERVERLESS_BUCKET_REGION', `bucket "${bucket}" lives in ${missing.join(', ')} (${scope.env.name}) but function "${fn.name}", which its events invoke, does not run there`, {
      span: entry.span,
      hint: `run "${fn.name}" in the regions of bucket "${bucket}" (its \`regions\`): an EventBridge rule sees only its own region's events`,
    });
  }
}

/** Lambda runs container images from ECR only (a private repository URI, by tag or digest). */
const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._\/-]+(:[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$/;

function checkImage(scope: Scope, fn: FunctionDef): void {
  if (fn.image === undefined) return;
  const match = ECR_IMAGE.exec(fn.image);
  if (!match) {
    if (fn.regions[0] !== scope.region) return;
    scope.context.error('SERVERLESS_IMAGE_NOT_ECR', `function "${fn.name}": Lambda runs container images from Amazon ECR only, not "${fn.image}"`, {
      span: fn.fieldSpans.image ?? fn.span,
      hint: 'push the image to ECR and give its URI: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>',
    });
    return;
  }
  const imageRegion = fn.image.split('.')[3];
  if (imageRegion !== scope.region) {
    scope.context.error('SERVERLESS_IMAGE_NOT_ECR', `function "${fn.name}" runs in ${scope.region} (${scope.env.name}) but its image is in ${imageRegion}: Lambda pulls images only from ECR of its own region`, {
      span: fn.fieldSpans.image ?? fn.span,
      hint: `run the function in ${imageRegion} only, or give an image from ${scope.region}`,
    });
  }
}

/** Lambda's rule for variable names: stricter than the language's (no `.` or `-`). */
const LAMBDA_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variable names Lambda refuses (once per environment: in the function's first region). */
function checkVariableNames(scope: Scope, fn: FunctionDef): void {
  if (fn.regions[0] !== scope.region) return;
  const names = [
    ...Object.keys(fn.env).map((variable) => ({ variable, span: fn.fieldSpans.env ?? fn.span })),
    ...Object.entries(fn.secrets).map(([variable, secret]) => ({ variable, span: secret.span })),
  ].filter(({ variable }) => !LAMBDA_ENV_NAME.test(variable));
  for (const { variable, span } of names) {
    scope.context.error('SERVERLESS_ENV_NAME', `function "${fn.name}" (${scope.env.name}) sets the variable "${variable}", but Lambda allows only letters, digits and \`_\` in variable names (not starting with a digit)`, {
      span,
      hint: `rename it, e.g. "${variable.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1')}"; names with \`.\` or \`-\` work on Kubernetes and compose only`,
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
      checkVariableNames(scope, fn);
      checkBucketSources(scope, fn);
      checkImage(scope, fn);
    }
  }
  checkServerlessOverrides(model, context);
};
