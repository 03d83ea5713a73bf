/**
 * `overrides.terraform`: JSON merge patches on the resources of an entity, each named by its
 * Terraform address as emitted (`aws_db_instance.orders`, `aws_s3_bucket.uploads`), applied to the
 * resource in every region's stack that has it. Patches are written as the Terraform JSON is
 * (snake_case arguments) and checked against the hashicorp/aws 5.100 provider schema the output is
 * validated with. The addresses come from the model through `entityResources`, the identifiers the
 * builders give those resources (a test holds them to the emitted files).
 */
import type { EntityBase, PatchSchema, ResolvedSystem, SystemModel, TargetContext } from '../../compiler/plugin-api.ts';
import { checkMergePatch, namedOverrides, isPlainObject, overrideSpan, reportPatchFindings, unknownAddressHint } from '../../compiler/plugin-api.ts';
import schemas from './override-schema.json' with { type: 'json' };
import { tfId } from './names.ts';

const TARGET = 'terraform';

type Patched = Pick<EntityBase, 'kind' | 'name' | 'span' | 'fieldSpans' | 'overrides' | 'overrideSpans'> & { build?: unknown };

/** The resource types each kind of entity is built as, under the entity's own identifier. */
const RESOURCE_TYPES: Partial<Record<EntityBase['kind'], readonly string[]>> = {
  database: ['aws_db_instance', 'aws_db_subnet_group'],
  cache: ['aws_elasticache_replication_group', 'aws_elasticache_subnet_group'],
  search: ['aws_opensearch_domain'],
  table: ['aws_dynamodb_table'],
  bucket: ['aws_s3_bucket'],
  queue: ['aws_sqs_queue'],
  topic: ['aws_sns_topic'],
  cdn: ['aws_cloudfront_distribution'],
  secret: ['aws_secretsmanager_secret'],
};

/** The Terraform addresses an entity's `overrides.terraform` may name. */
export function entityResources(entity: Patched): string[] {
  // a workload built from source has its image repository (images.ts)
  if ((entity.kind === 'service' || entity.kind === 'job') && entity.build !== undefined) return [`aws_ecr_repository.${tfId(entity.kind, entity.name)}`];
  return (RESOURCE_TYPES[entity.kind] ?? []).map((type) => `${type}.${tfId(entity.name)}`);
}

/** Meta-arguments a patch may set besides the resource's own arguments. */
const META_ARGUMENTS: Record<string, PatchSchema> = {
  depends_on: { type: 'array', items: { type: 'string' } },
  lifecycle: {
    type: 'object',
    additionalProperties: false,
    properties: {
      create_before_destroy: { type: 'boolean' },
      prevent_destroy: { type: 'boolean' },
      ignore_changes: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      replace_triggered_by: { type: 'array', items: { type: 'string' } },
    },
  },
};
/** Meta-arguments that make the resource another one (another region, several copies). */
const IDENTITY_ARGUMENTS = ['provider', 'count', 'for_each'];

const entitiesOf = (system: ResolvedSystem): Patched[] =>
  [system.databases, system.caches, system.search, system.tables, system.buckets, system.queues, system.topics, system.cdns, system.secrets, system.services, system.jobs].flatMap((map) => Object.values(map));

const patchesOf = new WeakMap<ResolvedSystem, ReadonlyMap<string, Record<string, unknown>>>();

/**
 * Every patch of one environment by address (applied by `RegionStack.synthesize` to the resources
 * it has). The same for each of its regions: collected once (the model is frozen).
 */
export function resourcePatches(system: ResolvedSystem): ReadonlyMap<string, Record<string, unknown>> {
  let patches = patchesOf.get(system);
  if (!patches) {
    const collected = new Map<string, Record<string, unknown>>();
    for (const entity of entitiesOf(system)) {
      for (const entry of namedOverrides(entity, TARGET)) collected.set(entry.address, entry.patch);
    }
    patchesOf.set(system, (patches = collected));
  }
  return patches;
}

/** Applies the patches to the `resource` section of a synthesized stack, in place. */
export function patchResources(resources: unknown, patches: ReadonlyMap<string, Record<string, unknown>>, apply: (target: unknown, patch: unknown) => unknown): void {
  if (!isPlainObject(resources)) return;
  for (const [address, patch] of patches) {
    const [type, id] = address.split('.', 2) as [string, string];
    const ofType = resources[type];
    if (isPlainObject(ofType) && ofType[id] !== undefined) ofType[id] = apply(ofType[id], patch);
  }
}

function checkEntity(entity: Patched, context: TargetContext): void {
  const known = entityResources(entity);
  const label = `${entity.kind} "${entity.name}"`;
  for (const entry of namedOverrides(entity, TARGET)) {
    if (!known.includes(entry.address)) {
      context.error('TERRAFORM_OVERRIDE_UNKNOWN_OBJECT', `overrides.terraform of ${label} names "${entry.address}", which is not a resource of it`, {
        span: overrideSpan(entity, entry.path),
        hint: unknownAddressHint(entry.address, known, 'its resources are'),
      });
      continue;
    }
    const type = entry.address.split('.')[0]!;
    for (const argument of IDENTITY_ARGUMENTS.filter((name) => name in entry.patch)) {
      context.error('TERRAFORM_OVERRIDE_IDENTITY', `the patch of ${entry.address} sets the meta-argument "${argument}": that would make it other resources`, {
        span: overrideSpan(entity, [...entry.path, argument]),
        hint: argument === 'provider' ? 'the region follows from `regions:` of the entity' : 'declare another entity instead of copies of this one',
      });
    }
    const schema = (schemas.resources as Record<string, PatchSchema>)[type]!;
    const rest = isPlainObject(entry.value) ? Object.fromEntries(Object.entries(entry.value).filter(([key]) => !IDENTITY_ARGUMENTS.includes(key))) : entry.value;
    const findings = checkMergePatch(rest, { ...schema, properties: { ...schema.properties, ...META_ARGUMENTS } }, { expressions: true, terraformConversions: true });
    reportPatchFindings(context, entity, { address: entry.address, path: entry.path, what: `${type} (hashicorp/aws 5.100)` }, findings, {
      unknownFieldCode: 'TERRAFORM_OVERRIDE_UNKNOWN_FIELD',
      wrongTypeCode: 'TERRAFORM_OVERRIDE_WRONG_TYPE',
    });
  }
}

/** Every entity's `overrides.terraform`, in every environment (the runner keeps each finding once). */
export function checkTerraformOverrides(model: SystemModel, context: TargetContext): void {
  for (const system of model.environments) {
    for (const entity of entitiesOf(system)) if (entity.overrides?.[TARGET] !== undefined) checkEntity(entity, context);
  }
}
