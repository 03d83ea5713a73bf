// Regenerates the schemas `overrides:` patches are checked against, from the same upstream data the
// output validator (../shared/validate) checks the output with, reduced to what the check reads:
// `type`, `properties`, `additionalProperties`, `patternProperties`, `items`, `anyOf`, `enum` and
// `$ref` (descriptions, patterns and formats are dropped). Only the object types the targets emit
// are kept, with the definitions they reach.
//
//   npm ci --prefix ../shared/validate   (once: the serverless schema is assembled by the framework)
//   node scripts/build-override-schemas.mjs [../shared/validate]
//
// Writes targets/<target>/override-schema.json; the output is deterministic (sorted keys).
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';

const validateDir = path.resolve(process.argv[2] ?? '../shared/validate');
const schemas = path.join(validateDir, 'schemas');
const readJson = (file) => JSON.parse(readFileSync(path.join(schemas, file), 'utf8'));

/** Kinds the kubernetes target emits as part of a workload's file (apiVersion/kind). */
const KUBERNETES_KINDS = [
  'apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/Job', 'batch/v1/CronJob', 'v1/Service', 'v1/ServiceAccount',
  'v1/ConfigMap', 'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy', 'autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget', 'external-secrets.io/v1/ExternalSecret', 'keda.sh/v1alpha1/ScaledObject',
  'monitoring.coreos.com/v1/ServiceMonitor',
];

/** Resource types an entity's `overrides.terraform` may name (targets/terraform/entity-resources.ts). */
const TERRAFORM_TYPES = [
  'aws_cloudfront_distribution', 'aws_db_instance', 'aws_db_subnet_group', 'aws_dynamodb_table', 'aws_ecr_repository',
  'aws_elasticache_replication_group', 'aws_elasticache_subnet_group', 'aws_opensearch_domain', 'aws_s3_bucket',
  'aws_secretsmanager_secret', 'aws_sns_topic', 'aws_sqs_queue',
];

/** A JSON Schema node reduced to the keywords the override check reads; `ref` maps a `$ref`. */
function reduce(node, ref, { closeDeclared = false } = {}) {
  if (node === true || node === undefined) return {};
  if (node === false) return { not: {} };
  if (node.$ref) return { $ref: ref(node.$ref) };
  const out = {};
  const branches = node.anyOf ?? node.oneOf;
  if (branches) out.anyOf = branches.map((branch) => reduce({ ...(node.type && !branch.type ? { type: node.type } : {}), ...branch }, ref, { closeDeclared }));
  if (node.type) out.type = node.type;
  if (Array.isArray(node.enum) && node.enum.length <= 40) out.enum = node.enum;
  if (node.const !== undefined) out.enum = [node.const];
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([key, value]) => [key, reduce(value, ref, { closeDeclared })]));
  if (node.patternProperties) out.patternProperties = Object.fromEntries(Object.entries(node.patternProperties).map(([key, value]) => [key, reduce(value, ref, { closeDeclared })]));
  if (node['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = {};
  else if (node.additionalProperties === false) out.additionalProperties = false;
  else if (node.additionalProperties && node.additionalProperties !== true) out.additionalProperties = reduce(node.additionalProperties, ref, { closeDeclared });
  // A CRD's API server prunes fields its schema does not declare: an unknown field is dropped silently.
  else if (closeDeclared && node.properties) out.additionalProperties = false;
  if (node.items) out.items = reduce(Array.isArray(node.items) ? node.items[0] : node.items, ref, { closeDeclared });
  return out;
}

/** The definitions `roots` reach, reduced (`#/definitions/x` → `x`). */
function reachable(definitions, roots) {
  const kept = {};
  const ref = (target) => target.replace(/^#\/definitions\//, '');
  const visit = (name) => {
    if (name in kept) return;
    kept[name] = null;
    kept[name] = reduce(definitions[name], ref);
    JSON.stringify(kept[name], (key, value) => (key === '$ref' && visit(value), value));
  };
  roots.forEach(visit);
  return kept;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

function write(target, data) {
  const file = path.join(import.meta.dirname, '..', 'targets', target, 'override-schema.json');
  writeFileSync(file, `${JSON.stringify(sortKeys(data))}\n`);
  console.log(`${path.relative(process.cwd(), file)}: ${readFileSync(file).length} bytes`);
}

function kubernetes() {
  const folder = 'kubernetes/v1.31.6-standalone-strict';
  const { definitions } = readJson(`${folder}/_definitions.json`);
  const { index } = readJson(`${folder}/gvk-index.json`);
  const crds = readJson('crds/index.json');
  const kinds = {};
  const builtIn = [];
  for (const gvk of KUBERNETES_KINDS) {
    if (index[gvk]) {
      kinds[gvk] = { $ref: index[gvk] };
      builtIn.push(index[gvk]);
    } else {
      // CRD schemas are self-contained; their metadata is the ObjectMeta of the built-ins.
      const crd = reduce(readJson(`crds/${crds[gvk].file}`), (target) => target, { closeDeclared: true });
      crd.properties.metadata = { $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
      kinds[gvk] = crd;
    }
  }
  write('kubernetes', {
    source: 'yannh/kubernetes-json-schema v1.31.6-standalone-strict, datreeio/CRDs-catalog (see ../shared/validate/schemas/SOURCES.md)',
    kinds,
    definitions: reachable(definitions, [...builtIn, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']),
  });
}

/** A Terraform type constraint (cty) as a schema. */
function ctyType(type) {
  if (type === 'string') return { type: 'string' };
  if (type === 'number') return { type: 'number' };
  if (type === 'bool') return { type: 'boolean' };
  if (type === 'dynamic') return {};
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') return { type: 'array', items: ctyType(inner) };
  if (kind === 'map') return { type: 'object', additionalProperties: ctyType(inner) };
  // Terraform discards unknown keys of an object value, as the validator does: open.
  if (kind === 'object') return { type: 'object', properties: Object.fromEntries(Object.entries(inner).map(([key, value]) => [key, ctyType(value)])) };
  if (kind === 'tuple') return { type: 'array' };
  throw new Error(`unknown cty type ${JSON.stringify(type)}`);
}

/** A provider block: settable attributes (not computed-only) and nested blocks (one object or a list of them). */
function terraformBlock(block) {
  const properties = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.computed && !attribute.optional && !attribute.required) continue;
    if (name === 'id') continue;
    properties[name] = ctyType(attribute.type);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const object = terraformBlock(nested.block);
    properties[name] = nested.nesting_mode === 'single' || nested.nesting_mode === 'group' ? object : { anyOf: [object, { type: 'array', items: object }] };
  }
  return { type: 'object', properties, additionalProperties: false };
}

function terraform() {
  const provider = JSON.parse(gunzipSync(readFileSync(path.join(schemas, 'terraform/aws-provider-5.100.0.schema.json.gz'))).toString('utf8'));
  const resources = provider.provider_schemas['registry.terraform.io/hashicorp/aws'].resource_schemas;
  write('terraform', {
    source: 'terraform providers schema -json, hashicorp/aws 5.100.0 (see ../shared/validate/schemas/SOURCES.md)',
    resources: Object.fromEntries(TERRAFORM_TYPES.map((type) => [type, terraformBlock(resources[type].block)])),
  });
}

function compose() {
  const spec = readJson('compose/compose-spec.json');
  write('compose', {
    source: 'compose-spec/compose-spec schema/compose-spec.json (see ../shared/validate/schemas/SOURCES.md)',
    service: { $ref: 'service' },
    definitions: reachable(spec.definitions, ['service']),
  });
}

async function serverless() {
  const framework = await import(path.join(validateDir, 'lib', 'serverless-framework.mjs'));
  const { schema, version } = await framework.loadFrameworkSchema();
  const [fn] = Object.values(schema.properties.functions.patternProperties);
  const ref = (target) => target.replace(/^#\/definitions\//, '');
  const reducedFunction = reduce(fn, ref);
  const roots = [];
  JSON.stringify(reducedFunction, (key, value) => (key === '$ref' && roots.push(value), value));
  write('serverless', {
    source: `the Serverless Framework's own configuration schema (osls ${version}), as ../shared/validate assembles it`,
    function: reducedFunction,
    definitions: reachable(schema.definitions, roots),
  });
}

kubernetes();
terraform();
compose();
await serverless();
