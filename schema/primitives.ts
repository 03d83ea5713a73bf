/** Value formats shared by every section of system.yaml. */
import { z } from 'zod';

export const NAME_PATTERN = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
export const name = z
  .string()
  .regex(NAME_PATTERN, { error: 'must be a DNS label: lower-case letters, digits and "-", starting with a letter, at most 40 characters' })
  .meta({ description: 'A DNS label: `^[a-z][a-z0-9-]{0,38}[a-z0-9]$` or one letter.' });

const REFERENCE_PATTERN = /^([a-z]+\.)?[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
/** `kind.name` (or a bare name where the kind is implied); resolution is a semantic check. */
export const reference = (description: string) =>
  z.string().regex(REFERENCE_PATTERN, { error: 'must be a reference like `kind.name`' }).meta({ description });

export const DURATION_PATTERN = /^(\d+)(s|m|h|d)$/;
export const duration = z
  .string()
  .regex(DURATION_PATTERN, { error: 'must be a duration like `30s`, `5m`, `4h` or `14d`' })
  .meta({ description: 'A duration: a whole number and one of s, m, h, d (`30s`, `5m`, `4h`, `14d`).' });

export const SIZE_PATTERN = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
export const size = z
  .string()
  .regex(SIZE_PATTERN, { error: 'must be a size like `512Mi` or `100Gi`' })
  .meta({ description: 'A Kubernetes quantity: `512Mi`, `100Gi`, `1Ti`.' });

export const cpu = z
  .union([z.number().positive(), z.string().regex(/^(\d+(\.\d+)?|\d+m)$/, { error: 'must be CPU like `250m`, `0.5` or `2`' })])
  .meta({ description: 'CPU: cores (`0.5`, `2`) or millicores (`250m`).' });

export const port = z.int().min(1).max(65535);

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** `a.b.c.d/p` → the network address of the block, e.g. `10.0.0.0/16` for `10.0.3.0/16`. */
export function cidrNetwork(cidr: string): string {
  const [address, prefixText] = cidr.split('/') as [string, string];
  const value = address.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(prefixText));
  const base = value - (value % size);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.')}/${prefixText}`;
}
/** A VPC block: IPv4, /16 to /24 (what AWS and GCP allow for a network), no host bits set. */
const VPC_CIDR_PATTERN = new RegExp(`^(${OCTET}\\.){3}${OCTET}\\/(1[6-9]|2[0-4])$`);
export const vpcCidr = z
  .string()
  .regex(VPC_CIDR_PATTERN, { error: 'must be an IPv4 CIDR from /16 to /24 with octets 0–255, e.g. 10.0.0.0/16' })
  .refine((cidr) => !VPC_CIDR_PATTERN.test(cidr) || cidrNetwork(cidr) === cidr, {
    error: (issue) => `must start at its block's first address: ${cidrNetwork(String(issue.input))}, not ${String(issue.input)}`,
  });
export const ipv4Cidr = z
  .string()
  .regex(new RegExp(`^(${OCTET}\\.){3}${OCTET}\\/(3[0-2]|[12]?\\d)$`), { error: 'must be an IPv4 CIDR like `203.0.113.0/24` or `0.0.0.0/0`' })
  .meta({ description: 'An IPv4 address range in CIDR notation.' });

export const comparison = z
  .string()
  .regex(/^\s*(>=|<=|==|!=|>|<)\s*-?\d+(\.\d+)?\s*$/, { error: 'must be a comparison like `"> 0"` or `"<= 20"`' })
  .meta({ description: 'A comparison and a number: `"> 0"`, `"<= 20"`.' });

/**
 * Kubernetes's rule for variable names (letters, digits, `_`, `.`, `-`; no leading digit), which
 * compose accepts too. Targets that allow less (Lambda: no `.` or `-`) say so in their check.
 */
export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_.-][A-Za-z0-9_.-]*$/;
export const envVarName = z.string().regex(ENV_VAR_NAME_PATTERN, { error: 'must be an environment variable name: letters, digits, `_`, `.` and `-`, not starting with a digit' });

export const AWS_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'cn-north-1', 'cn-northwest-1',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1',
  'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
  'sa-east-1', 'us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-west-1', 'us-west-2',
] as const;
/** An AWS region: where AWS itself is named (the Terraform state bucket). */
export const awsRegion = z.enum(AWS_REGIONS);

/**
 * A region of some cloud (`us-east-1`, `europe-west1`): only its shape here; which names exist is
 * checked against the catalogue of the environment's cloud (compiler/clouds/).
 */
export const region = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, { error: 'must be a region name like `us-east-1` or `europe-west1`' });

/** A cloud id: the name of a cloud catalogue (`aws`, built in; others come from plugins). */
export const cloud = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a cloud id like `aws` or `gcp`' })
  .meta({ description: 'The cloud: `aws` (built in) or a cloud a plugin contributes (`gcp` from the GCP example plugin).' });

/** Portable instance sizes; each cloud's catalogue says what they stand for. */
export const INSTANCE_SIZES = ['small', 'medium', 'large', 'xlarge'] as const;
export const instanceSize = z.enum(INSTANCE_SIZES);

/** An instance class as a cloud names it (`db.t3.medium`, `db-custom-2-7680`); checked against the cloud's catalogue. */
export const instanceClass = (description: string) =>
  z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'must be an instance class like `db.t3.medium` or `db-custom-2-7680`' }).meta({ description });

export const regions = z
  .union([z.literal('all'), z.array(region).min(1)])
  .meta({ description: 'Where it runs: a list of the environment\'s regions, or `all`. Default: the primary region.' });

export const LAMBDA_RUNTIMES = [
  'nodejs20.x', 'nodejs22.x', 'python3.10', 'python3.11', 'python3.12', 'python3.13',
  'java17', 'java21', 'ruby3.3', 'dotnet8', 'provided.al2', 'provided.al2023',
] as const;
export const runtime = z.enum(LAMBDA_RUNTIMES);

/** A string map of plain environment values (numbers and booleans are taken as written). */
export const envMap = z.record(envVarName, z.union([z.string(), z.number(), z.boolean()]));

/**
 * Per-target escape hatch: JSON merge patches on the objects a target emits for the entity, each
 * under the object's address (each target checks the addresses and the patches).
 */
export const overrides = z
  .record(z.string(), z.record(z.string(), z.unknown()))
  .meta({
    description:
      'Per-target JSON merge patches on the objects emitted for this entity, by address: `kubernetes: { "Deployment/web": {…} }`, ' +
      '`terraform: { aws_db_instance.orders: {…} }`, `serverless: { functions.resize: {…} }`, `compose: { services.web: {…} }`. ' +
      'Checked against the schema of the object; a map without addresses patches the main object (deprecated).',
  });

export const tags = z.record(z.string().regex(/^[A-Za-z0-9_.:/=+@-]{1,128}$/, { error: 'must be a tag key' }), z.string().max(256));

/**
 * A container image tag (Docker's rule: up to 128 of `[A-Za-z0-9_.-]`, not starting with `.`/`-`).
 * `latest` is refused: it is the tag that moves, and the image repositories' tags are immutable.
 */
export const IMAGE_TAG_PATTERN = /^(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const imageTag = z
  .string()
  .regex(IMAGE_TAG_PATTERN, { error: 'must be an image tag like `1.4.2` or a commit id (letters, digits, `_`, `.`, `-`; not `latest`)' })
  .meta({ description: 'An immutable image tag: `1.4.2`, `2026-01-05.1`, a commit id. Never `latest`.' });
