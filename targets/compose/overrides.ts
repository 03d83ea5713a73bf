/**
 * `overrides.compose`: a JSON merge patch on the compose service of a service, job, database or
 * cache, named `services.<name>` as in the file. The deprecated unnamed form patches the same
 * service. Checked against the service definition of the Compose spec (the schema the output is
 * validated with); `${VAR}` values are interpolated by Compose before it validates, so they fit.
 */
import type { EntityBase, PatchSchema, SystemModel, TargetContext, TargetOverrides } from '../../compiler/plugin-api.ts';
import { checkMergePatch, overrideSpan, reportPatchFindings, targetOverrides, unknownAddressHint } from '../../compiler/plugin-api.ts';
import schemas from './override-schema.json' with { type: 'json' };

const TARGET = 'compose';

type Patched = Pick<EntityBase, 'kind' | 'name' | 'span' | 'fieldSpans' | 'overrides' | 'overrideSpans'>;

const isServiceAddress = (key: string) => /^services\.[^.]+$/.test(key);
const serviceAddress = (entity: Patched) => `services.${entity.name}`;
const composeOverrides = (entity: Patched): TargetOverrides => targetOverrides(entity, TARGET, isServiceAddress);

/** The patch on the entity's compose service (the named one, or the deprecated unnamed form). */
export function servicePatch(entity: Patched): Record<string, unknown> {
  const { named, unnamed } = composeOverrides(entity);
  return unnamed?.patch ?? named.find((entry) => entry.address === serviceAddress(entity))?.patch ?? {};
}

function checkEntity(entity: Patched, context: TargetContext): void {
  const { named, unnamed } = composeOverrides(entity);
  const address = serviceAddress(entity);
  const label = `${entity.kind} "${entity.name}"`;
  const patches = named.filter((entry) => {
    if (entry.address === address) return true;
    context.error('COMPOSE_OVERRIDE_UNKNOWN_OBJECT', `overrides.compose of ${label} names "${entry.address}", which is not its compose service`, {
      span: overrideSpan(entity, entry.path),
      hint: unknownAddressHint(entry.address, [address], 'its compose service is'),
    });
    return false;
  });
  if (unnamed) {
    context.report({
      code: 'COMPOSE_OVERRIDE_UNNAMED',
      severity: 'warning',
      message: `overrides.compose of ${label} names no service: it patches ${address}, the form is deprecated`,
      span: overrideSpan(entity, unnamed.path),
      hint: `put the patch under the service: overrides: { compose: { ${address}: { … } } }`,
    });
    patches.push({ address, value: unnamed.patch, ...unnamed });
  }
  for (const entry of patches) {
    const findings = checkMergePatch(entry.value, schemas.service as PatchSchema, { definitions: schemas.definitions as Record<string, PatchSchema>, expressions: true });
    reportPatchFindings(context, entity, { address, path: entry.path, what: 'a compose service' }, findings, {
      unknownFieldCode: 'COMPOSE_OVERRIDE_UNKNOWN_FIELD',
      wrongTypeCode: 'COMPOSE_OVERRIDE_WRONG_TYPE',
    });
  }
}

/** Every entity that becomes a compose service, in the base project and each environment's (the runner keeps each finding once). */
export function checkComposeOverrides(model: SystemModel, context: TargetContext): void {
  for (const system of [model.base, ...model.environments]) {
    const entities: Patched[] = [...Object.values(system.services), ...Object.values(system.jobs), ...Object.values(system.databases), ...Object.values(system.caches)];
    for (const entity of entities) if (entity.overrides?.[TARGET] !== undefined) checkEntity(entity, context);
  }
}
