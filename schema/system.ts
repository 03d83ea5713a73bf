/** The root of system.yaml: the source of truth for validation, types and the JSON Schema. */
import { z } from 'zod';
import { entitySchemas } from './entities.ts';
import { deepPartial } from './deep-partial.ts';
import { awsRegion, cloud, imageTag, name, region, runtime, tags, vpcCidr } from './primitives.ts';

/** Adds the per-environment override map every entity accepts. */
function withEnvironmentOverrides<T extends z.ZodObject>(entity: T): T {
  // Typed as the entity itself: code reads `environments` only through the views (validate/views.ts).
  return entity.extend({
    environments: z
      .record(name, deepPartial(entity))
      .optional()
      .meta({ description: 'Per-environment overrides, deep-merged over this definition (maps merge, lists and scalars replace).' }),
  }) as unknown as T;
}

/** A target id: the key of `targets.<id>` and of `environments.<env>.targets.<id>`. */
const targetId = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a target id like `helm`' });

export const environment = z.strictObject({
  cloud: cloud.optional().meta({ description: 'The cloud this environment runs on; default: `defaults.cloud`.' }),
  regions: z.array(region).min(1).meta({ description: 'Regions of this environment; the first is the primary.' }),
  domain: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, { error: 'must be a domain name like `wallet.example.com`' }).optional(),
  account: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { error: 'must be an account or project id like `"123456789012"` or `my-project`' }).optional()
    .meta({ description: 'The account (AWS: a 12-digit id) or project (Google Cloud: a project id) it deploys to; its cloud\'s catalogue checks the format.' }),
  protect: z.boolean().default(false).meta({ description: 'Deletion protection, final snapshots, restart: always.' }),
  vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name: letters, digits and `_`, not starting with a digit' }), z.union([z.string(), z.number(), z.boolean()])).default({}),
  image: z.strictObject({
    tag: imageTag.optional().meta({ description: 'Tag of the images built from source that this environment deploys.' }),
  }).optional().meta({ description: 'Images built from source (`build:`) in this environment.' }),
  targets: z.record(targetId, z.record(z.string(), z.unknown())).optional()
    .meta({ description: 'Target options for this environment, by target id: deep-merged over the system-wide `targets.<id>` and checked against the target\'s options schema.' }),
  kubernetes: z.record(z.string(), z.unknown()).optional()
    .meta({ deprecated: true, description: 'Deprecated: moved to `environments.<env>.targets.kubernetes` (the Kubernetes target\'s options). Still read for this release, with a warning.' }),
});

export const network = z.union([
  z.strictObject({
    cidr: vpcCidr.default('10.0.0.0/16'),
    zones: z.int().min(1).max(6).default(2),
    nat: z.enum(['per-zone', 'single', 'none']).default('single'),
  }),
  z.strictObject({
    existing: z.strictObject({
      vpcId: z.string().regex(/^vpc-[0-9a-z]+$/, { error: 'must be a VPC id like `vpc-0abc`' }),
      privateSubnets: z.array(z.string().regex(/^subnet-[0-9a-z]+$/, { error: 'must be a subnet id' })).min(1),
      publicSubnets: z.array(z.string().regex(/^subnet-[0-9a-z]+$/, { error: 'must be a subnet id' })).default([]),
    }),
  }),
]);

const pluginSpec = z.string().regex(/^(\.{1,2}\/.+|npm:[@a-z0-9][a-z0-9._\/-]*|template:\.{1,2}\/.+)$/, {
  error: 'must be `./path/plugin.mjs`, `npm:package` or `template:./folder`',
});

const collections = Object.fromEntries(
  Object.entries(entitySchemas).map(([collection, schema]) => [collection, z.record(name, withEnvironmentOverrides(schema)).optional()]),
) as { [K in keyof typeof entitySchemas]: z.ZodOptional<z.ZodRecord<typeof name, (typeof entitySchemas)[K]>> };

export const system = z.strictObject({
  $schema: z.string().optional(),
  infragen: z.literal(1).meta({ description: 'The format version.' }),
  system: name.meta({ description: 'The system name; prefixes cloud names: `<system>-<env>-<name>`.' }),
  version: imageTag.optional().meta({ description: 'The system\'s release version; the default tag of images built from source.' }),
  description: z.string().optional(),
  owner: z.string().optional(),
  tags: tags.default({}),
  include: z.array(z.string().min(1)).default([]).meta({ description: 'Glob patterns (relative to this file) of more YAML fragments.' }),
  defaults: z.strictObject({
    cloud: cloud.default('aws'),
    region: region.optional().meta({ description: 'The region of the local stack and of environments that name none; default: the cloud\'s own (`us-east-1` on AWS).' }),
    runtime: runtime.default('nodejs20.x'),
    api: z.enum(['rest', 'http']).default('rest').meta({ description: 'The API Gateway kind of function routes: `rest` (REST API, v1) or `http` (HTTP API, v2).' }),
  }).default({ cloud: 'aws', runtime: 'nodejs20.x', api: 'rest' }),
  state: z.strictObject({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' }),
    keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()\/-]+$/, { error: 'must be an S3 key prefix' }),
    region: awsRegion,
    lockTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: 'must be a DynamoDB table name' }).optional(),
  }).optional(),
  plugins: z.array(pluginSpec).default([]),
  targets: z.record(targetId, z.record(z.string(), z.unknown())).default({})
    .meta({ description: 'Target options for every environment, by target id (`environments.<env>.targets.<id>` overrides them per environment); checked against each target\'s options schema.' }),
  environments: z.record(name, environment).default({}),
  network: network.optional(),
  ...collections,
});

export type SystemDocument = z.output<typeof system>;

/** Keys an included fragment may hold: the top-level maps. */
export const INCLUDABLE_SECTIONS = ['environments', ...Object.keys(entitySchemas)] as const;
