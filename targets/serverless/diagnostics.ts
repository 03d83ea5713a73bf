/**
 * Every finding the serverless target reports, by code: the catalogue docs/diagnostics.md is checked
 * against (test/targets/catalogues.test.ts), exported on the target as `diagnostics`.
 */
import type { TargetDiagnostics } from '../../compiler/plugin-api.ts';

export const SERVERLESS_DIAGNOSTICS = {
  SERVERLESS_DUPLICATE_ROUTE: { severity: 'error', summary: 'Two functions of one environment and region serve the same route.' },
  SERVERLESS_AUTHORIZER_REGION: { severity: 'error', summary: "A function's authorizer function does not run in its region." },
  SERVERLESS_WEBSOCKET_COGNITO: { severity: 'error', summary: 'A Cognito authorizer on a function with a WebSocket `$connect` route.' },
  SERVERLESS_QUEUE_REGION: { severity: 'error', summary: 'A function consumes a queue that does not live in its region.' },
  SERVERLESS_ENV_SECRET_CONFLICT: { severity: 'error', summary: "The same variable is set in a function's `env` and `secrets`." },
  SERVERLESS_BUCKET_REGION: { severity: 'error', summary: "A bucket's events invoke a function that does not run in each of the bucket's regions." },
  SERVERLESS_IMAGE_NOT_ECR: { severity: 'error', summary: "A function's image is not an ECR image URI of the function's region." },
  SERVERLESS_HTTP_API_COGNITO: { severity: 'error', summary: 'A Cognito authorizer on a function whose routes are served by an HTTP API.' },
  SERVERLESS_ENV_NAME: { severity: 'error', summary: 'A function variable name has `.` or `-`, which Lambda does not allow.' },
  SERVERLESS_PRIVATE_WITHOUT_VPC: { severity: 'warning', summary: 'A function uses a database or cache but does not run in the VPC.' },
  SERVERLESS_THROTTLE_UNUSED: { severity: 'warning', summary: 'A function has a `throttle` but no REST or WebSocket routes.' },
  SERVERLESS_INVALID_SCHEDULE: { severity: 'error', summary: 'A function schedule is not an AWS schedule expression (`rate(1 minute)`, six-field `cron()`).' },
  SERVERLESS_OVERRIDE_UNKNOWN_OBJECT: { severity: 'error', summary: '`overrides.serverless` names something other than the function\'s own definition (`functions.<name>`).' },
  SERVERLESS_OVERRIDE_UNKNOWN_FIELD: { severity: 'error', summary: 'A patch under `overrides.serverless` sets a property a serverless function does not have.' },
  SERVERLESS_OVERRIDE_WRONG_TYPE: { severity: 'error', summary: 'A patch under `overrides.serverless` sets a property to a value of the wrong type.' },
  SERVERLESS_OVERRIDE_IDENTITY: { severity: 'error', summary: 'A patch under `overrides.serverless` sets the deployed function name, which would make it another function.' },
} as const satisfies TargetDiagnostics;
