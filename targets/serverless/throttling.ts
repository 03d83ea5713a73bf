/**
 * `throttle` as API Gateway rate limits. A function's `throttle` limits each of its routes; a route's
 * own `throttle` replaces it. The stage needs one default as well (it is shared by every function of
 * the file): the most permissive declared limit, so that no declared limit is tightened by it while
 * the routes of functions without a `throttle` still get a cap below the account's default.
 * - REST routes: the serverless-api-gateway-throttling plugin (stage default in
 *   `custom.apiGatewayThrottling`, each route's limit in its event's `throttling`).
 * - WebSocket routes: the framework's stage resource, extended with `DefaultRouteSettings` and
 *   per-route `RouteSettings` (`resources.extensions`; the plugin knows only REST and HTTP APIs).
 * - HTTP API routes (`api: http`): the same on the framework's HTTP API stage, route keys
 *   `METHOD /path` — one mechanism for both v2 APIs, no plugin.
 */
import type { FunctionDef, FunctionRoute } from '../../compiler/plugin-api.ts';

export const THROTTLING_PLUGIN = 'serverless-api-gateway-throttling';

/** The framework's logical id of the WebSocket API stage. */
const WEBSOCKET_STAGE_LOGICAL_ID = 'WebsocketsDeploymentStage';
/** The framework's logical id of the HTTP API stage. */
const HTTP_API_STAGE_LOGICAL_ID = 'HttpApiStage';

export interface Throttle {
  rate: number;
  burst: number;
}

/** The limit of one REST route, if any. */
export function routeThrottle(fn: FunctionDef, route: FunctionRoute): Throttle | undefined {
  return route.throttle ?? fn.throttle;
}

/** The plugin's per-event setting. */
export function restEventThrottling(throttle: Throttle): Record<string, number> {
  return { maxConcurrentRequests: throttle.burst, maxRequestsPerSecond: throttle.rate };
}

function mostPermissive(throttles: Throttle[]): Throttle | undefined {
  if (throttles.length === 0) return undefined;
  return { rate: Math.max(...throttles.map((t) => t.rate)), burst: Math.max(...throttles.map((t) => t.burst)) };
}

/** The REST stage default (`custom.apiGatewayThrottling`), when any route is throttled. */
export function restStageThrottling(functions: FunctionDef[]): Record<string, number> | undefined {
  const throttles = functions.filter((fn) => fn.api === 'rest').flatMap((fn) => fn.routes.map((route) => routeThrottle(fn, route))).filter((t): t is Throttle => t !== undefined);
  const stage = mostPermissive(throttles);
  return stage && restEventThrottling(stage);
}

function v2RouteSettings(throttle: Throttle): Record<string, number> {
  return { ThrottlingBurstLimit: throttle.burst, ThrottlingRateLimit: throttle.rate };
}

function stageSettings(routes: Array<[string, Throttle]>): Record<string, unknown> | undefined {
  const stage = mostPermissive(routes.map(([, throttle]) => throttle));
  if (!stage) return undefined;
  const routeSettings = Object.fromEntries(routes.map(([key, throttle]) => [key, v2RouteSettings(throttle)]));
  return { Properties: { DefaultRouteSettings: v2RouteSettings(stage), RouteSettings: routeSettings } };
}

/** `resources.extensions` entries for the WebSocket and HTTP API stages, where routes of theirs are throttled. */
export function v2StageExtensions(functions: FunctionDef[]): Record<string, unknown> | undefined {
  const websocket = stageSettings(functions.filter((fn) => fn.throttle).flatMap((fn) => fn.websocket.map((route): [string, Throttle] => [route, fn.throttle!])));
  const httpApi = stageSettings(functions.filter((fn) => fn.api === 'http').flatMap((fn) =>
    fn.routes.flatMap((route): Array<[string, Throttle]> => {
      const throttle = routeThrottle(fn, route);
      return throttle ? [[`${route.method === 'ANY' ? 'ANY' : route.method} ${route.path}`, throttle]] : [];
    })));
  if (!websocket && !httpApi) return undefined;
  return { ...(websocket ? { [WEBSOCKET_STAGE_LOGICAL_ID]: websocket } : {}), ...(httpApi ? { [HTTP_API_STAGE_LOGICAL_ID]: httpApi } : {}) };
}
