/**
 * `throttle` as API Gateway rate limits. A function's `throttle` limits each of its routes; a route's
 * own `throttle` replaces it. The stage needs one default as well (it is shared by every function of
 * the file): the most permissive declared limit, so that no declared limit is tightened by it while
 * the routes of functions without a `throttle` still get a cap below the account's default.
 * - REST routes: the serverless-api-gateway-throttling plugin (stage default in
 *   `custom.apiGatewayThrottling`, each route's limit in its event's `throttling`).
 * - WebSocket routes: the framework's stage resource, extended with `DefaultRouteSettings` and
 *   per-route `RouteSettings` (`resources.extensions`; the plugin knows only REST and HTTP APIs).
 */
import type { FunctionDef, FunctionRoute } from '../../compiler/model/types.ts';

export const THROTTLING_PLUGIN = 'serverless-api-gateway-throttling';

/** The framework's logical id of the WebSocket API stage. */
const WEBSOCKET_STAGE_LOGICAL_ID = 'WebsocketsDeploymentStage';

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
  const throttles = functions.flatMap((fn) => fn.routes.map((route) => routeThrottle(fn, route))).filter((t): t is Throttle => t !== undefined);
  const stage = mostPermissive(throttles);
  return stage && restEventThrottling(stage);
}

function websocketRouteSettings(throttle: Throttle): Record<string, number> {
  return { ThrottlingBurstLimit: throttle.burst, ThrottlingRateLimit: throttle.rate };
}

/** `resources.extensions` entry for the WebSocket stage, when a function with WebSocket routes is throttled. */
export function websocketStageExtension(functions: FunctionDef[]): Record<string, unknown> | undefined {
  const throttled = functions.filter((fn) => fn.websocket.length > 0 && fn.throttle);
  const stage = mostPermissive(throttled.map((fn) => fn.throttle!));
  if (!stage) return undefined;
  const routeSettings = Object.fromEntries(throttled.flatMap((fn) => fn.websocket.map((route) => [route, websocketRouteSettings(fn.throttle!)])));
  return {
    [WEBSOCKET_STAGE_LOGICAL_ID]: {
      Properties: { DefaultRouteSettings: websocketRouteSettings(stage), RouteSettings: routeSettings },
    },
  };
}
