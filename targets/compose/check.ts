/**
 * What the compose target requires of a system: one namespace for compose services and secrets,
 * and host ports for every published port. `validate` runs it; `emit` runs only when it passed.
 */
import type { SourceSpan, ResolvedSystem, SystemModel, TargetCheck, TargetContext } from '../../compiler/plugin-api.ts';
import { templateReferences } from '../../compiler/plugin-api.ts';
import { allocateHostPorts } from './host-ports.ts';
import { LOCALSTACK_SERVICE, PROMETHEUS_SERVICE, databasePasswordSecret, databaseUrlSecret } from './local-names.ts';
import { checkComposeOverrides } from './overrides.ts';
import { hostPortClaims } from './project.ts';
import { testnetStandIn } from './wiring.ts';

/** Names that must be unique among compose services and secrets. */
function checkNames(model: SystemModel, context: TargetContext): void {
  const owners = new Map<string, string>([[LOCALSTACK_SERVICE, 'the LocalStack stand-in'], [PROMETHEUS_SERVICE, 'the Prometheus service']]);
  const claim = (name: string, owner: string, span?: SourceSpan) => {
    const first = owners.get(name);
    if (!first) return void owners.set(name, owner);
    context.error('COMPOSE_NAME_CLASH', `${owner} and ${first} would both be the compose service "${name}"`, {
      ...(span ? { span } : {}),
      hint: 'rename one of them: compose services share one namespace',
    });
  };
  const base = model.base;
  for (const collection of ['services', 'jobs', 'databases', 'caches', 'search'] as const) {
    for (const entity of Object.values(base[collection])) claim(entity.name, `${entity.kind}.${entity.name}`, entity.span);
  }
  for (const database of Object.values(base.databases)) {
    for (const [secret, what] of [[databasePasswordSecret(database.name), 'password'], [databaseUrlSecret(database.name), 'URL with its password']] as const) {
      if (!base.secrets[secret]) continue;
      context.error('COMPOSE_SECRET_CLASH', `secret.${secret} has the name of the compose secret holding database.${database.name}'s ${what}`, {
        span: base.secrets[secret].span,
        hint: 'rename the secret',
      });
    }
  }
}

/** A container that refers to a testnet gets a stand-in address: said once per container and reference. */
function reportTestnetReferences(model: SystemModel, context: TargetContext): void {
  const said = new Set<string>();
  for (const system of [model.base, ...model.environments]) {
    for (const container of [...Object.values(system.services), ...Object.values(system.jobs)]) {
      for (const part of Object.values(container.env).flatMap(templateReferences)) {
        if (part.kind !== 'testnet') continue;
        const reference = `${part.kind}.${part.name}.${part.attribute}`;
        if (said.has(`${container.name} ${reference}`)) continue;
        said.add(`${container.name} ${reference}`);
        context.report({
          code: 'COMPOSE_NOT_LOCAL',
          message: `${container.name} refers to \${${reference}}, which does not run in the local stack; it gets "${testnetStandIn(system, part.name, part.attribute)}"`,
          span: container.fieldSpans.env ?? container.span,
        });
      }
    }
  }
}

/** Every published port gets `replicas` consecutive host ports below 65536. */
function checkHostPorts(system: ResolvedSystem, context: TargetContext): void {
  const claims = hostPortClaims(system);
  const placed = allocateHostPorts(claims);
  for (const claim of claims) {
    if (placed.has(claim.key)) continue;
    const [serviceName, portName] = claim.key.split('/') as [string, string];
    const service = system.services[serviceName];
    context.error('COMPOSE_HOST_PORTS', `${claim.key}: no ${claim.count} free host port${claim.count === 1 ? '' : 's'} from ${claim.port} up to 65535 for ${system.environment ? `environment "${system.environment.name}"` : 'the local stack'}`, {
      ...(service ? { span: service.ports.find((port) => port.name === portName)?.span ?? service.span } : {}),
      hint: 'each replica of a published port takes its own host port: use a lower port number or fewer replicas',
    });
  }
}

/** Names a finding lists; the rest are counted, so that 500 functions make one short line on every build. */
const LISTED_NAMES = 10;

const nameList = (names: readonly string[]) =>
  names.length <= LISTED_NAMES ? names.join(', ') : `${names.slice(0, LISTED_NAMES).join(', ')} and ${names.length - LISTED_NAMES} more`;

/** What the local stack does not run, said once per kind (infos: the catalogue gives the severity), at the first of them. */
function reportNotLocal(model: SystemModel, context: TargetContext): void {
  const base = model.base;
  const say = ({ code, names, span, message }: { code: string; names: string[]; span: SourceSpan | undefined; message: (list: string) => string }) => {
    if (names.length) context.report({ code, message: message(nameList(names)), ...(span ? { span } : {}) });
  };
  const functions = Object.values(base.functions);
  say({ code: 'COMPOSE_FUNCTIONS_NOT_LOCAL', names: functions.map((f) => f.name), span: functions[0]?.span, message: (list) => `functions are not run by docker-compose (${list}): the local stack has no Lambda runtime; deploy them with serverless.yml` });
  const scheduled = Object.values(base.jobs).filter((job) => job.schedule);
  say({ code: 'COMPOSE_SCHEDULE_NOT_LOCAL', names: scheduled.map((job) => job.name), span: scheduled[0] && (scheduled[0].fieldSpans['schedule'] ?? scheduled[0].span), message: (list) => `scheduled jobs do not run on a clock in docker-compose (${list}): they wait in the profile "scheduled"; start one with \`docker compose run --rm ${scheduled[0]!.name}\`` });
  const toFunctions = Object.values(base.buckets).flatMap((bucket) => bucket.notify.filter((entry) => entry.target.kind === 'function').map((entry) => ({ bucket, entry })));
  say({ code: 'COMPOSE_BUCKET_NOTIFY_NOT_LOCAL', names: [...new Set(toFunctions.map(({ bucket, entry }) => `${bucket.name} → ${entry.target.name}`))], span: toFunctions[0]?.entry.span, message: (list) => `bucket events to functions do not happen in the local stack (${list}): functions do not run locally; events to queues and topics are set up in LocalStack` });
  const cdns = Object.values(base.cdns);
  say({ code: 'COMPOSE_CDN_NOT_LOCAL', names: cdns.map((cdn) => cdn.name), span: cdns[0]?.span, message: (list) => `CDNs are not run by docker-compose (${list}): locally \${cdn.<name>.url} and .domain point at the origin itself (LocalStack's bucket, the service's container)` });
  const testnets = Object.values(base.testnets);
  say({ code: 'COMPOSE_TESTNETS_NOT_LOCAL', names: testnets.map((t) => t.name), span: testnets[0]?.span, message: (list) => `testnets are not run by docker-compose (${list}): a multi-region network of nodes with per-node keys runs on Kubernetes only` });
}

export const checkCompose: TargetCheck = (model, context) => {
  checkNames(model, context);
  for (const system of [model.base, ...model.environments]) checkHostPorts(system, context);
  checkComposeOverrides(model, context);
  reportNotLocal(model, context);
  reportTestnetReferences(model, context);
};
