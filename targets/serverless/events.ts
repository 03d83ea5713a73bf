/**
 * A function's events: `routes` → REST API (`http`) or, with `api: http`, HTTP API (`httpApi`),
 * `websocket` → WebSocket API routes,
 * `consumes` → SQS event sources, `schedule` → a schedule event, bucket sources → EventBridge
 * rules (bucket-events.ts).
 *
 * Authorizers:
 * - `function.<name>` on REST routes: a Lambda TOKEN authorizer reading the `Authorization` header;
 *   on the WebSocket `$connect` route a REQUEST authorizer reading the `token` query-string
 *   parameter (WebSocket APIs have only REQUEST authorizers, and browsers cannot set headers on
 *   the upgrade request). The authorizer function must run in the same region (same file).
 * - `{ cognito: <pool> }` on REST routes: a COGNITO_USER_POOLS authorizer. `<pool>` is either the
 *   user pool's ARN or a name whose ARN is read from SSM (`cognitoUserPoolArnParameter`).
 *   WebSocket APIs cannot use Cognito authorizers: that is an error.
 * - On HTTP API routes a function authorizer is a REQUEST authorizer on the `Authorization` header
 *   (payload format 1.0, so the same function answers with an IAM policy as for REST), declared in
 *   `provider.httpApi.authorizers`. A Cognito pool would need a JWT authorizer with the pool's app
 *   client as audience, which system.yaml does not name: that is an error (check.ts).
 */
import type { Authorizer, FunctionDef, FunctionRoute } from '../../compiler/plugin-api.ts';
import { bucketEvents } from './bucket-events.ts';
import { cognitoUserPoolArnParameter } from './ssm-parameters.ts';
import type { Scope } from './scope.ts';
import { restEventThrottling, routeThrottle } from './throttling.ts';
import { attributeValue, ssmVariable } from './wiring-references.ts';

const COGNITO_ARN = /^arn:[a-z-]+:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/(.+)$/;

function restAuthorizer(scope: Scope, authorizer: Authorizer): Record<string, unknown> {
  if ('function' in authorizer) {
    return { identitySource: 'method.request.header.Authorization', name: authorizer.function.name, type: 'token' };
  }
  const arn = COGNITO_ARN.exec(authorizer.cognito);
  // The framework derives logical ids from the name: keep it to letters, digits and dashes.
  const name = `cognito-${(arn ? arn[1]! : authorizer.cognito).replace(/[^A-Za-z0-9-]/g, '-')}`;
  return {
    arn: arn ? authorizer.cognito : ssmVariable(cognitoUserPoolArnParameter(scope.model.name, scope.env.name, authorizer.cognito)),
    name,
    type: 'COGNITO_USER_POOLS',
  };
}

/** Names of the path parameters of a route path (`/tx/{id}` → `id`, `{proxy+}` → `proxy`). */
function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]!);
}

function httpEvent(scope: Scope, fn: FunctionDef, route: FunctionRoute): Record<string, unknown> {
  const parameters = pathParameters(route.path);
  const throttle = routeThrottle(fn, route);
  return {
    http: {
      method: route.method.toLowerCase(),
      path: route.path,
      ...(fn.authorizer ? { authorizer: restAuthorizer(scope, fn.authorizer) } : {}),
      ...(parameters.length ? { request: { parameters: { paths: Object.fromEntries(parameters.map((name) => [name, true])) } } } : {}),
      ...(throttle ? { throttling: restEventThrottling(throttle) } : {}),
    },
  };
}

/** An HTTP API route: `ANY` is the HTTP API's `*`; the authorizer is declared in the provider. */
function httpApiEvent(fn: FunctionDef, route: FunctionRoute): Record<string, unknown> {
  return {
    httpApi: {
      method: route.method === 'ANY' ? '*' : route.method,
      path: route.path,
      ...(fn.authorizer && 'function' in fn.authorizer ? { authorizer: { name: fn.authorizer.function.name } } : {}),
    },
  };
}

/** `provider.httpApi.authorizers`: one REQUEST authorizer per function that authorizes HTTP API routes. */
export function httpApiAuthorizers(functions: FunctionDef[]): Record<string, unknown> | undefined {
  const names = [...new Set(functions.filter((fn) => fn.api === 'http' && fn.routes.length && fn.authorizer && 'function' in fn.authorizer).map((fn) => (fn.authorizer as { function: { name: string } }).function.name))].sort();
  if (!names.length) return undefined;
  return Object.fromEntries(names.map((name) => [name, { type: 'request', functionName: name, identitySource: ['$request.header.Authorization'], payloadVersion: '1.0' }]));
}

function websocketEvent(fn: FunctionDef, route: string): Record<string, unknown> {
  if (route !== '$connect' || !fn.authorizer) return { websocket: { route } };
  if ('cognito' in fn.authorizer) throw new Error(`function "${fn.name}": a Cognito WebSocket authorizer reached emit although check() rejects it`);
  return { websocket: { authorizer: { identitySource: ['route.request.querystring.token'], name: fn.authorizer.function.name }, route } };
}

function sqsEvent(scope: Scope, fn: FunctionDef, index: number): Record<string, unknown> {
  const queue = fn.consumes[index]!;
  return {
    sqs: {
      arn: attributeValue(scope, 'queue', queue.name, 'arn'),
      ...(queue.batchSize !== undefined ? { batchSize: queue.batchSize } : {}),
      ...(queue.windowSeconds !== undefined ? { maximumBatchingWindow: queue.windowSeconds } : {}),
    },
  };
}

export function functionEvents(scope: Scope, fn: FunctionDef): Array<Record<string, unknown>> {
  return [
    ...fn.routes.map((route) => (fn.api === 'http' ? httpApiEvent(fn, route) : httpEvent(scope, fn, route))),
    ...fn.websocket.map((route) => websocketEvent(fn, route)),
    ...fn.consumes.map((_, index) => sqsEvent(scope, fn, index)),
    ...(fn.schedule ? [{ schedule: fn.schedule }] : []),
    ...bucketEvents(scope, fn),
  ];
}
