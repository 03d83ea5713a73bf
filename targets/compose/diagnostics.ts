/**
 * Every finding the compose target reports, by code: the catalogue docs/diagnostics.md is checked
 * against (test/targets/catalogues.test.ts), exported on the target as `diagnostics`.
 */
import type { TargetDiagnostics } from '../../compiler/plugin-api.ts';

export const COMPOSE_DIAGNOSTICS = {
  COMPOSE_NAME_CLASH: { severity: 'error', summary: 'Two entities (or an entity and a stand-in) would be the same compose service.' },
  COMPOSE_SECRET_CLASH: { severity: 'error', summary: 'A secret has the name of the compose secret that holds a database password.' },
  COMPOSE_HOST_PORTS: { severity: 'error', summary: 'A published port has no free range of host ports (one per replica) below 65536.' },
  COMPOSE_NOT_LOCAL: { severity: 'warning', summary: 'A container refers to something the local stack does not run; it gets a placeholder.' },
  COMPOSE_FUNCTIONS_NOT_LOCAL: { severity: 'info', summary: 'Functions are not run by docker-compose.' },
  COMPOSE_SCHEDULE_NOT_LOCAL: { severity: 'info', summary: 'Scheduled jobs do not run on a clock in docker-compose; they are started by hand.' },
  COMPOSE_BUCKET_NOTIFY_NOT_LOCAL: { severity: 'info', summary: 'Bucket events to functions do not happen in the local stack.' },
  COMPOSE_TESTNETS_NOT_LOCAL: { severity: 'info', summary: 'Testnets are not run by docker-compose.' },
  COMPOSE_CDN_NOT_LOCAL: { severity: 'info', summary: 'CDNs are not run by docker-compose; `${cdn.x.*}` is the origin\'s local address.' },
  COMPOSE_OVERRIDE_UNKNOWN_OBJECT: { severity: 'error', summary: '`overrides.compose` names something other than the entity\'s own compose service (`services.<name>`).' },
  COMPOSE_OVERRIDE_UNKNOWN_FIELD: { severity: 'error', summary: 'A patch under `overrides.compose` sets a field a compose service does not have.' },
  COMPOSE_OVERRIDE_WRONG_TYPE: { severity: 'error', summary: 'A patch under `overrides.compose` sets a field to a value of the wrong type.' },
  COMPOSE_OVERRIDE_UNNAMED: { severity: 'warning', summary: '`overrides.compose` names no service (the deprecated form): it patches the entity\'s compose service.' },
} as const satisfies TargetDiagnostics;
