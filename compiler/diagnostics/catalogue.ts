/**
 * Every diagnostic the compiler reports, one factory per code (the way Rollup keeps `logs.ts`).
 * Codes are stable: tools and docs refer to them. `docs/diagnostics.md` is checked against this list.
 */
import type { SourceSpan } from '../model/span.ts';
import type { Diagnostic, RelatedInformation, Severity } from './types.ts';

export interface At {
  span?: SourceSpan;
  path?: string;
}

function make(
  code: DiagnosticCode,
  message: string,
  at: At,
  extra: { hint?: string; related?: RelatedInformation[]; severity?: Severity } = {},
): Diagnostic {
  return {
    code,
    severity: extra.severity ?? CODES[code].severity,
    message,
    ...(at.span ? { span: at.span } : {}),
    ...(at.path ? { path: at.path } : {}),
    ...(extra.related?.length ? { related: extra.related } : {}),
    ...(extra.hint ? { hint: extra.hint } : {}),
    source: 'infragen',
  };
}

/** Code → default severity and a one-line summary (the docs table). */
export const CODES = {
  FILE_NOT_FOUND: { severity: 'error', summary: 'The system file (or an included file) does not exist or cannot be read.' },
  FILE_TOO_LARGE: { severity: 'error', summary: 'A YAML file is larger than the 2 MiB limit.' },
  YAML_SYNTAX: { severity: 'error', summary: 'The file is not valid YAML.' },
  YAML_DUPLICATE_KEY: { severity: 'error', summary: 'A key appears twice in the same map.' },
  YAML_COMPLEX_KEY: { severity: 'error', summary: 'A map key is itself a map or a list.' },
  YAML_RESERVED_KEY: { severity: 'error', summary: 'A map key is `__proto__`.' },
  YAML_ALIAS_LIMIT: { severity: 'error', summary: 'Anchors and aliases expand past the limit (a "billion laughs" file).' },
  YAML_MULTIPLE_DOCUMENTS: { severity: 'error', summary: 'A file holds more than one YAML document.' },
  NOT_A_MAP: { severity: 'error', summary: 'The top level of a file is not a map.' },
  INCLUDE_OUTSIDE_PROJECT: { severity: 'error', summary: 'An include pattern reaches outside the folder of the system file.' },
  INCLUDE_NO_MATCH: { severity: 'warning', summary: 'An include pattern matches no file.' },
  INCLUDE_SECTION_NOT_ALLOWED: { severity: 'error', summary: 'An included fragment holds a key other than the top-level entity maps.' },
  DUPLICATE_NAME: { severity: 'error', summary: 'Two files define an entity (or environment) with the same name.' },
  UNKNOWN_KEY: { severity: 'error', summary: 'A key the language does not know (use `x-*` keys for plugin data).' },
  MISPLACED_KEY: { severity: 'error', summary: 'A key the language knows sits under the wrong parent: usually indented too far.' },
  MISSING_KEY: { severity: 'error', summary: 'A required key is missing.' },
  INVALID_TYPE: { severity: 'error', summary: 'A value has the wrong type.' },
  INVALID_VALUE: { severity: 'error', summary: 'A value is not one of the allowed values.' },
  INVALID_FORMAT: { severity: 'error', summary: 'A string does not have the required format (name, duration, size, …).' },
  OUT_OF_RANGE: { severity: 'error', summary: 'A number, list or string is too small or too large.' },
  INVALID_NAME: { severity: 'error', summary: 'An entity name is not a DNS label.' },
  UNSUPPORTED_VERSION: { severity: 'error', summary: 'The `infragen:` format version is not supported.' },
  UNKNOWN_REFERENCE: { severity: 'error', summary: 'A reference names an entity that does not exist.' },
  WRONG_REFERENCE_KIND: { severity: 'error', summary: 'A reference names an entity of a kind that is not allowed there.' },
  INVALID_INTERPOLATION: { severity: 'error', summary: 'A `${…}` interpolation is malformed or names something unknown.' },
  UNKNOWN_ATTRIBUTE: { severity: 'error', summary: 'An interpolation names an attribute the entity does not have.' },
  SECRET_ATTRIBUTE_MISPLACED: { severity: 'error', summary: 'A credential attribute (`${database.<name>.password}`, `${database.<name>.urlWithPassword}`) is used anywhere but as the whole value of an `env:` entry.' },
  EMPTY_HOST_PART: { severity: 'error', summary: 'A host name interpolates an environment value the environment does not set (`app.${env.domain}` without `domain`).' },
  ENV_REGION_IN_HOST: { severity: 'error', summary: 'An ingress host interpolates `${env.region}` for a service that runs in several regions: a host name is one per environment.' },
  UNKNOWN_ENVIRONMENT: { severity: 'error', summary: 'An override names an environment that is not declared.' },
  REGION_NOT_IN_ENVIRONMENT: { severity: 'error', summary: 'An entity is placed in a region its environment does not have.' },
  UNKNOWN_CLOUD: { severity: 'error', summary: 'An environment (or `defaults.cloud`) names a cloud no catalogue describes: not built in, and no plugin contributes it.' },
  CLOUD_REGION: { severity: 'error', summary: 'A region is not a region of the environment\'s cloud (an AWS region under `cloud: gcp`).' },
  CLOUD_ACCOUNT: { severity: 'error', summary: 'An environment\'s `account` is not in the format of its cloud (a 12-digit AWS id, a Google Cloud project id).' },
  CLOUD_CLASS: { severity: 'error', summary: 'An instance class is not one of the environment\'s cloud, or the cloud has no classes (or sizes) for that kind.' },
  CLASS_OR_SIZE: { severity: 'error', summary: 'A database, cache or search cluster needs exactly one of `class` and `size` (an environment override may replace one by the other).' },
  DEPENDENCY_CYCLE: { severity: 'error', summary: '`dependsOn` / `before` form a cycle.' },
  UNKNOWN_PORT: { severity: 'error', summary: 'A health check or ingress names a port the workload does not declare.' },
  DUPLICATE_PORT: { severity: 'error', summary: 'Two ports of one workload use the same number and protocol.' },
  IMAGE_REQUIRED: { severity: 'error', summary: 'A container workload needs exactly one of `image` and `build`.' },
  FUNCTION_CODE_REQUIRED: { severity: 'error', summary: 'A function needs its code: a `handler` or a container `image`.' },
  IMAGE_TAG_REQUIRED: { severity: 'error', summary: 'A workload built from source has no image tag in an environment that deploys it.' },
  CONFLICTING_KEYS: { severity: 'error', summary: 'Two keys that exclude each other are both set.' },
  INVALID_AUTOSCALE: { severity: 'error', summary: '`autoscale` is inconsistent (min above max, no metric).' },
  AUTOSCALE_QUEUE_NOT_CONSUMED: { severity: 'error', summary: 'A service scales on the depth of a queue it does not consume.' },
  CDN_ORIGIN_NOT_PUBLIC: { severity: 'error', summary: "A CDN's origin service has no public ingress CloudFront could reach." },
  SEARCH_NODES_UNEVEN: { severity: 'error', summary: 'A search cluster of more than one node needs an even node count (two zones).' },
  INVALID_HEALTH: { severity: 'error', summary: 'A health check needs exactly one of `http` and `command`.' },
  INVALID_SCHEDULE: { severity: 'error', summary: 'A job schedule is not five-field cron (or a macro like `@daily`), or names an unknown time zone.' },
  INVALID_BUCKET_NOTIFY: { severity: 'error', summary: 'A bucket `notify` entry names no function, queue or topic, or repeats another entry.' },
  INVALID_INGRESS: { severity: 'error', summary: 'An ingress needs one of `host` and `hosts`, and names each host and path once.' },
  TESTNET_HA_REGIONS: { severity: 'error', summary: 'A highly available testnet needs at least 3 regions.' },
  TESTNET_KEYS_MISSING: { severity: 'error', summary: 'A testnet has keyed nodes but no `keys.secretPrefix`.' },
  TESTNET_SHARED_KEY: { severity: 'error', summary: 'Two keyed testnet nodes would read the same key.' },
  TESTNET_WORKER_COORDINATOR: { severity: 'error', summary: 'A worker pool must name a coordinator node group of the same testnet.' },
  FIFO_MISMATCH: { severity: 'error', summary: 'A FIFO topic feeds a standard queue, or a standard topic a FIFO queue.' },
  UNKNOWN_METRIC: { severity: 'error', summary: 'An alarm metric is not in its source kind\'s catalogue.' },
  INVALID_ALARM: { severity: 'error', summary: 'An alarm needs exactly one of `metric`, `log`, `probe`, `expr`, with what that kind requires.' },
  QUEUE_MULTIPLE_CONSUMERS: { severity: 'warning', summary: 'A queue is consumed by more than one function: each message goes to only one of them.' },
  QUEUE_VISIBILITY_TOO_SHORT: { severity: 'error', summary: 'A queue\'s visibility timeout is shorter than the timeout of a function consuming it.' },
  PROVISIONED_CAPACITY: { severity: 'error', summary: 'A table with `billing: provisioned` needs `capacity`, and only then.' },
  ENV_KUBERNETES_MOVED: { severity: 'warning', summary: '`environments.<env>.kubernetes` moved to `environments.<env>.targets.kubernetes`, the Kubernetes target\'s options; the old place is still read in this release.' },
  PLAIN_SECRET: { severity: 'warning', summary: 'An `env` or `vars` value looks like a credential written in plain text: use `secrets:` instead.' },
  PUBLIC_BUCKET: { severity: 'warning', summary: 'A bucket is public: anyone on the internet can read it.' },
  PLUGIN_NOT_FOUND: { severity: 'error', summary: 'A plugin named in `plugins:` or `--plugin` cannot be found or loaded.' },
  PLUGIN_INVALID: { severity: 'error', summary: 'A plugin does not export a valid target.' },
  PLUGIN_API_VERSION: { severity: 'error', summary: 'A plugin was written for another version of the plugin API (`infragen/plugin`).' },
  PLUGIN_OPTIONS: { severity: 'error', summary: 'Target options (`targets.<id>`, or an environment\'s `environments.<env>.targets.<id>` merged over them) do not match the target\'s options schema.' },
  PLUGIN_UNKNOWN_TARGET: { severity: 'error', summary: 'A `targets.<id>` section, an `overrides.<id>` key or `--target` names no known target.' },
  TARGET_CLOUD_SKIPPED: { severity: 'info', summary: 'A target serves other clouds than some environments run on: it emits nothing for them.' },
  TARGET_FAILED: { severity: 'error', summary: 'A target threw or returned something that is not a list of files.' },
  TARGET_PATH: { severity: 'error', summary: 'A target returned a file path that is unsafe, too long, or clashes with another of its files.' },
  OUTPUT_NOT_A_FOLDER: { severity: 'error', summary: 'The output path (`-o`) is a file, or a symlink to nothing.' },
  OUTPUT_NOT_INFRAGEN: { severity: 'error', summary: 'The output folder holds a `manifest.json` infragen did not write, or files but no manifest: it is refused, nothing is touched.' },
  OUTPUT_NEWER_FORMAT: { severity: 'error', summary: 'The output folder was written by a newer infragen (a manifest format this version does not know).' },
  OUTPUT_SPECIAL_FILE: { severity: 'error', summary: 'A FIFO, socket, device, symlink or folder sits where infragen writes a file (or a file where it needs a folder).' },
  OUTPUT_USER_FILE: { severity: 'error', summary: 'A generated file would replace a different file infragen did not write.' },
  IMPORT_NOT_COMPOSE: { severity: 'error', summary: '`infragen import compose` was given a file that is not a Compose file (no `services:` map).' },
  IMPORT_UNKNOWN_KEY: { severity: 'error', summary: 'A Compose file uses a key the Compose Specification does not define.' },
  IMPORT_INVALID: { severity: 'error', summary: 'A Compose file holds a value Docker Compose would reject (wrong type, bad port, unknown service, missing required variable).' },
  IMPORT_VARIABLE_UNSET: { severity: 'warning', summary: 'A `${VAR}` in a Compose file is set neither in the environment nor in `.env`; it reads as an empty string, as in Docker Compose.' },
  IMPORT_DROPPED: { severity: 'warning', summary: 'A Compose setting has no equivalent in system.yaml and was left out of the import.' },
  IMPORT_APPROXIMATED: { severity: 'warning', summary: 'A Compose setting was imported as the closest thing system.yaml has; the written file says so in a comment.' },
  IMPORT_CREDENTIAL: { severity: 'warning', summary: 'A Compose file holds a literal credential: it was not copied; a declared secret (or the managed database password) takes its place.' },
  IMPORT_OUTPUT_EXISTS: { severity: 'error', summary: 'The file `import` would write exists already; pass `--force` to replace it.' },
  INIT_FILE_EXISTS: { severity: 'error', summary: '`infragen init` would write over an existing file; it never does.' },
  USAGE_ERROR: { severity: 'error', summary: 'The command line is wrong: an unknown command or option, a missing or extra argument.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof CODES;

/** Not about system.yaml: printed in the format asked (`--format json` gives JSON) so tools can read it too. */
export const usageError = (message: string, hint?: string) => make('USAGE_ERROR', message, {}, hint ? { hint } : {});
export const fileNotFound = (file: string, at: At = {}) =>
  make('FILE_NOT_FOUND', `cannot read "${file}"`, at, { hint: 'check the path; it is relative to the current folder (or to the including file)' });
/** A byte count as people read it: `512 bytes`, `3.5 KiB`, `2.4 MiB` (one decimal, none when whole). */
export function humanBytes(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MiB'] : bytes >= 1024 ? [bytes / 1024, 'KiB'] : [bytes, 'bytes'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** Sizes that round to the same text (2 MiB and a byte over it) are given in bytes as well. */
function sizeAgainstLimit(bytes: number, limit: number): string {
  const [size, max] = [humanBytes(bytes), humanBytes(limit)];
  return size === max || size.replace(/\.0 /, ' ') === max ? `${size} (${bytes} bytes); the limit is ${max} (${limit} bytes)` : `${size}; the limit is ${max}`;
}

export const fileTooLarge = (file: string, bytes: number, limit: number, at: At) =>
  make('FILE_TOO_LARGE', `"${file}" is ${sizeAgainstLimit(bytes, limit)}`, at, { hint: 'split it with `include:`' });
export const yamlSyntax = (message: string, at: At, hint?: string, related?: RelatedInformation[]) =>
  make('YAML_SYNTAX', message, at, { ...(hint ? { hint } : {}), ...(related ? { related } : {}) });
export const yamlComplexKey = (at: At) =>
  make('YAML_COMPLEX_KEY', 'a map key must be a plain value, not a map or a list', at, {
    hint: 'write the key as plain text; a value with ": " or "{" in it needs quotes',
  });

export const yamlDuplicateKey = (key: string, at: At, first?: SourceSpan) =>
  make('YAML_DUPLICATE_KEY', `the key "${key}" appears twice in this map`, at, {
    hint: 'remove one of them; YAML keeps no order of precedence between duplicates',
    ...(first ? { related: [{ message: 'first defined here', span: first }] } : {}),
  });
export const yamlReservedKey = (at: At) =>
  make('YAML_RESERVED_KEY', 'the key "__proto__" is reserved and cannot be used', at, {
    hint: 'rename it: read into a map, `__proto__` would set the map\'s prototype and its entry would reach no output',
  });
export const yamlAliasLimit = (limit: number, at: At) =>
  make('YAML_ALIAS_LIMIT', `anchors and aliases expand past the limit of ${limit} alias uses`, at, {
    hint: 'write the values out; deeply nested aliases can expand to gigabytes ("billion laughs")',
  });
export const yamlMultipleDocuments = (at: At) =>
  make('YAML_MULTIPLE_DOCUMENTS', 'a system file holds exactly one YAML document', at, { hint: 'move the other documents into files listed in `include:`' });
export const notAMap = (file: string, fragment: boolean, at: At) =>
  make('NOT_A_MAP', `the top level of "${file}" must be a map of keys`, at, {
    hint: fragment ? 'an included fragment holds top-level maps such as `services:` or `queues:`' : 'start with `infragen: 1` and `system: <name>`',
  });
export const includeOutsideProject = (pattern: string, at: At) =>
  make('INCLUDE_OUTSIDE_PROJECT', `the include pattern "${pattern}" reaches outside the folder of the system file`, at, {
    hint: 'included files must live in the folder of system.yaml or below it',
  });
export const includeNoMatch = (pattern: string, at: At) =>
  make('INCLUDE_NO_MATCH', `the include pattern "${pattern}" matches no file`, at, {
    hint: 'patterns are relative to the folder of the system file; check the folder name and the extension',
  });
export const includeSectionNotAllowed = (key: string, allowed: readonly string[], at: At) =>
  make('INCLUDE_SECTION_NOT_ALLOWED', `an included fragment may not set "${key}"`, at, {
    hint: `a fragment holds only the top-level maps: ${allowed.join(', ')}`,
  });
export const duplicateName = (what: string, at: At, first: SourceSpan) =>
  make('DUPLICATE_NAME', `${what} is defined twice`, at, {
    related: [{ message: 'first defined here', span: first }],
    hint: 'names are unique per kind across all included files; rename or remove one',
  });
export const unknownKey = (key: string, where: string, at: At, suggestion?: string) =>
  make('UNKNOWN_KEY', `unknown key "${key}" in ${where}`, at, {
    hint: suggestion ? `did you mean "${suggestion}"?` : 'keys for plugins must start with `x-`',
  });
export const misplacedKey = (key: string, where: string, owner: string, at: At) =>
  make('MISPLACED_KEY', `"${key}" does not belong in ${where}`, at, { hint: `indented too far? \`${key}\` belongs to ${owner}` });
export const missingKey = (key: string, where: string, at: At) =>
  make('MISSING_KEY', `${where} is missing the required key "${key}"`, at);
export const invalidType = (expected: string, received: string, at: At, hint?: string) =>
  make('INVALID_TYPE', `expected ${expected}, found ${received}`, at, hint ? { hint } : {});
export const invalidValue = (value: string, allowed: readonly string[], at: At, suggestion?: string) =>
  make('INVALID_VALUE', `${value} is not allowed here`, at, {
    // A long list (regions) buries a good suggestion: give the suggestion alone then.
    hint: suggestion ? `did you mean "${suggestion}"?${allowed.length > 12 ? '' : ` allowed: ${allowed.join(', ')}`}` : `allowed: ${allowed.join(', ')}`,
  });
export const invalidFormat = (message: string, at: At, hint?: string) => make('INVALID_FORMAT', message, at, hint ? { hint } : {});
export const outOfRange = (message: string, at: At) => make('OUT_OF_RANGE', message, at);
export const invalidName = (name: string, at: At) =>
  make('INVALID_NAME', `"${name}" is not a valid name`, at, {
    hint: 'names are DNS labels: lower-case letters, digits and "-", starting with a letter, at most 40 characters',
  });
export const unsupportedVersion = (found: string, at: At) =>
  make('UNSUPPORTED_VERSION', `format version ${found} is not supported`, at, { hint: 'write `infragen: 1`' });
export const unknownReference = (reference: string, at: At, suggestion?: string, fallbackHint?: string) =>
  make('UNKNOWN_REFERENCE', `"${reference}" does not exist`, at, suggestion ? { hint: `did you mean "${suggestion}"?` } : fallbackHint ? { hint: fallbackHint } : {});
export const wrongReferenceKind = (reference: string, allowed: readonly string[], where: string, at: At) =>
  make('WRONG_REFERENCE_KIND', `"${reference}" cannot be used in ${where}`, at, {
    hint: `${where} takes ${allowed.map((kind) => `${kind}.<name>`).join(', ')}`,
  });
export const invalidInterpolation = (text: string, reason: string, at: At) =>
  make('INVALID_INTERPOLATION', `"${text}": ${reason}`, at, {
    hint: 'write `${kind.name.attribute}`, `${env.name|domain|region|account}` or `${system}`',
  });
export const unknownAttribute = (reference: string, attribute: string, allowed: readonly string[], at: At, suggestion?: string) =>
  make('UNKNOWN_ATTRIBUTE', `${reference} has no attribute "${attribute}"`, at, {
    hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}attributes: ${allowed.join(', ')}`,
  });
export const secretAttributeMisplaced = (reference: string, where: string, at: At) =>
  make('SECRET_ATTRIBUTE_MISPLACED', `\${${reference}} is a credential and cannot be part of ${where}`, at, {
    hint:
      'use it alone as the value of an `env:` entry (`DB_PASSWORD: "${' + reference + '}"`): every target then delivers it as a secret, never as plain text' +
      (reference.startsWith('database.') && reference.endsWith('.password') ? `; for a connection URL with the password in it, \`\${${reference.replace(/\.password$/, '.urlWithPassword')}}\`` : ''),
  });
export const envRegionInHost = (service: string, env: string, regions: number, at: At) =>
  make('ENV_REGION_IN_HOST', `the ingress host of ${service} interpolates \${env.region}, but it runs in ${regions} regions of environment "${env}": a host name is one per environment, so every region would answer to the primary region's name`, at, {
    hint: 'write the host without ${env.region} (one name for every region, e.g. behind latency-based DNS), or place the service in one region',
  });
export const emptyHostPart = (attribute: string, env: string, at: At) =>
  make('EMPTY_HOST_PART', `\${env.${attribute}} is empty in environment "${env}", so the host name would have an empty label`, at, {
    hint: `set environments.${env}.${attribute}, or write the host without \${env.${attribute}} for this environment`,
  });
export const unknownEnvironment = (env: string, declared: readonly string[], at: At, suggestion?: string) =>
  make('UNKNOWN_ENVIRONMENT', `environment "${env}" is not declared`, at, {
    hint: declared.length
      ? `${suggestion ? `did you mean "${suggestion}"? ` : ''}declared: ${declared.join(', ')}`
      : 'declare it under the top-level `environments:` map',
  });
export const regionNotInEnvironment = (region: string, env: string, envRegions: readonly string[], at: At) =>
  make('REGION_NOT_IN_ENVIRONMENT', `region ${region} is not a region of environment "${env}"`, at, {
    hint: `"${env}" has ${envRegions.join(', ')}; add the region there or override \`regions\` for it`,
  });
export const unknownCloud = (cloud: string, known: readonly string[], at: At, suggestion: string | undefined) =>
  make('UNKNOWN_CLOUD', `no catalogue describes cloud "${cloud}"`, at, {
    hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}known clouds: ${known.join(', ')}; a plugin listed under \`plugins:\` can contribute one (docs/plugins.md)`,
  });
export const cloudRegion = (region: string, cloud: string, owners: readonly string[], suggestion: string | undefined, at: At) =>
  make('CLOUD_REGION', `${region} is not a region of cloud "${cloud}"${owners.length ? ` (it is a region of ${owners.map((owner) => `"${owner}"`).join(', ')})` : ''}`, at, {
    hint: suggestion ? `did you mean "${suggestion}"?` : `name a region of "${cloud}", or set the environment's \`cloud\``,
  });
export const cloudAccount = (account: string, cloud: string, label: string, example: string, at: At) =>
  make('CLOUD_ACCOUNT', `"${account}" is not ${/^[aeiou8]|^1[18]-/i.test(label) ? 'an' : 'a'} ${label} (the format of cloud "${cloud}")`, at, { hint: `for example ${example}` });
/** `classes` undefined: the cloud has none for the kind (or, for services, no sizes). */
export const cloudClass = (value: string, kind: string, cloud: string, classes: { label: string; example: string } | undefined, owners: readonly string[], at: At) =>
  make('CLOUD_CLASS', classes
    ? `${value} is not ${/^[aeiouAEIOU]|^R[DS]|^S[QN]/.test(classes.label) ? 'an' : 'a'} ${classes.label} of cloud "${cloud}"${owners.length ? ` (it is one of ${owners.map((owner) => `"${owner}"`).join(', ')})` : ''}`
    : `cloud "${cloud}" has no ${kind === 'service' ? 'service sizes' : `${kind} classes`}, so ${value} cannot be placed there`, at, {
    hint: classes ? `for example ${classes.example}, or a portable \`size: small | medium | large | xlarge\`` : `run it in an environment on another cloud, or use a plugin whose catalogue offers ${kind === 'service' ? 'service sizes' : `${kind} classes`}`,
  });
export const classOrSize = (entity: string, both: boolean, at: At) =>
  make('CLASS_OR_SIZE', both ? `${entity} sets both \`class\` and \`size\`` : `${entity} needs a \`class\` or a \`size\``, at, {
    hint: both ? 'keep one: `class` names a class of one cloud, `size` (small, medium, large, xlarge) maps to a class of every cloud' : 'e.g. `size: small`, which each cloud maps to one of its classes',
  });
export const targetCloudSkipped = (target: string, clouds: readonly string[], skipped: ReadonlyArray<{ env: string; cloud: string }>) =>
  make('TARGET_CLOUD_SKIPPED', `target "${target}" serves ${clouds.map((cloud) => `"${cloud}"`).join(', ')}: nothing emitted for ${skipped.map(({ env, cloud }) => `environment "${env}" (${cloud})`).join(', ')}`, {}, {
    hint: 'a target runs only on environments of the clouds it serves (`infragen targets --format json` lists them)',
  });
export const dependencyCycle = (cycle: readonly string[], at: At, related: RelatedInformation[]) =>
  make('DEPENDENCY_CYCLE', `dependency cycle: ${cycle.join(' → ')}`, at, {
    related,
    hint: 'nothing in a cycle could ever start; remove one of the edges',
  });
/** `portName` undefined: the check or ingress uses the first port, and there is none. */
export const unknownPort = (portName: string | undefined, workload: string, declared: readonly string[], at: At) =>
  make('UNKNOWN_PORT', portName === undefined ? `${workload} declares no port for this to use` : `${workload} has no port named "${portName}"`, at, {
    hint: declared.length ? `declared ports: ${declared.join(', ')}` : portName === undefined ? 'declare one under `ports:`, e.g. `ports: { http: 8080 }`' : 'declare it under `ports:`',
  });
export const duplicatePort = (port: number, protocol: string, workload: string, at: At, first: SourceSpan) =>
  make('DUPLICATE_PORT', `${workload} uses ${protocol} port ${port} twice`, at, {
    related: [{ message: 'first used here', span: first }],
  });
export const imageRequired = (workload: string, both: boolean, at: At) =>
  make('IMAGE_REQUIRED', both ? `${workload} sets both "image" and "build"` : `${workload} needs "image" or "build"`, at, {
    hint: 'give a registry image (`image: repo/name:1.2.3`) or a build context (`build: { context: ./dir }`), not both',
  });
export const functionCodeRequired = (fn: string, at: At) =>
  make('FUNCTION_CODE_REQUIRED', `function "${fn}" has neither a handler nor an image`, at, {
    hint: 'give `handler: src/app.handler` (code packaged by serverless) or `image: <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`',
  });
/**
 * Two keys that exclude each other. `inherited`: `first` comes from the base definition and
 * `second` from an environment's override, which merges into it rather than replacing it.
 */
export const conflictingKeys = (first: string, second: string, where: string, at: At, inherited?: { env: string; span?: SourceSpan }) =>
  inherited
    ? make('CONFLICTING_KEYS', `${where} sets "${second}" in environment "${inherited.env}", but its base definition sets "${first}": an override merges into the base, so both would be set`, at, {
        hint: `write "${second}" in the base definition too (a list of one instead of "${first}"), so that the override replaces it`,
        ...(inherited.span ? { related: [{ message: `"${first}" is set here`, span: inherited.span }] } : {}),
      })
    : make('CONFLICTING_KEYS', `${where} sets both "${first}" and "${second}"`, at, { hint: `keep one of "${first}" and "${second}"` });
export const invalidAutoscale = (message: string, at: At) => make('INVALID_AUTOSCALE', message, at);
export const invalidSchedule = (job: string, problem: string, at: At) =>
  make('INVALID_SCHEDULE', `the schedule of job "${job}" is not valid: ${problem}`, at, {
    hint: 'five fields, minute hour day-of-month month day-of-week: "30 2 * * *" is 02:30 every day; or @hourly, @daily, @weekly',
  });
export const invalidTimeZone = (job: string, zone: string, at: At) =>
  make('INVALID_SCHEDULE', `job "${job}": "${zone}" is not an IANA time zone`, at, { hint: 'a zone name like "UTC", "Europe/Berlin" or "America/New_York"' });
export const invalidBucketNotify = (message: string, at: At, hint: string, related: RelatedInformation[] = []) =>
  make('INVALID_BUCKET_NOTIFY', message, at, { hint, related });
export const invalidIngress = (message: string, at: At, hint?: string) => make('INVALID_INGRESS', message, at, hint ? { hint } : {});
export const autoscaleQueueNotConsumed = (workload: string, queue: string, at: At) =>
  make('AUTOSCALE_QUEUE_NOT_CONSUMED', `${workload} scales on queue "${queue}" but does not consume it`, at, {
    hint: `add "queue.${queue}" to its \`consumes:\`: that also lets it read the queue's depth`,
  });
export const cdnOriginNotPublic = (cdn: string, service: string, at: At) =>
  make('CDN_ORIGIN_NOT_PUBLIC', `cdn "${cdn}" serves service "${service}", which has no public ingress for CloudFront to reach`, at, {
    hint: `give service "${service}" an \`ingress: { host, visibility: public }\``,
  });
export const searchNodesUneven = (search: string, nodes: number, at: At) =>
  make('SEARCH_NODES_UNEVEN', `search "${search}" has ${nodes} nodes, which do not split evenly over two availability zones`, at, {
    hint: `use ${nodes - 1} or ${nodes + 1} nodes (or 1 for a single-node cluster)`,
  });
export const invalidHealth = (workload: string, at: At) =>
  make('INVALID_HEALTH', `the health check of ${workload} needs exactly one of "http" and "command"`, at);
export const testnetHaRegions = (testnet: string, count: number, at: At, related: RelatedInformation[] = []) =>
  make('TESTNET_HA_REGIONS', `testnet "${testnet}" is highly available but spans ${count} region${count === 1 ? '' : 's'}`, at, {
    related,
    hint: 'an HA testnet needs at least 3 regions so that losing one keeps the network alive; or set `ha: false`',
  });
export const testnetKeysMissing = (testnet: string, group: string, at: At) =>
  make('TESTNET_KEYS_MISSING', `testnet "${testnet}" has keyed nodes ("${group}") but no "keys.secretPrefix"`, at, {
    hint: 'add `keys: { secretPrefix: <path> }`; each keyed node reads `<path>/<node-name>`',
  });
export const testnetSharedKey = (secret: string, at: At, first: SourceSpan) =>
  make('TESTNET_SHARED_KEY', `two keyed nodes would both read the key "${secret}"`, at, {
    related: [{ message: 'the other node group', span: first }],
    hint: 'block producers must never share a key; give the testnets different `keys.secretPrefix`',
  });
export const testnetWorkerCoordinator = (message: string, at: At, hint?: string) =>
  make('TESTNET_WORKER_COORDINATOR', message, at, hint ? { hint } : {});
export const fifoMismatch = (topic: string, topicFifo: boolean, queue: string, at: At) =>
  make('FIFO_MISMATCH', `${topicFifo ? 'FIFO' : 'standard'} topic "${topic}" cannot feed ${topicFifo ? 'standard' : 'FIFO'} queue "${queue}"`, at, {
    hint: topicFifo ? `set \`fifo: true\` on queue "${queue}"` : `SNS delivers to FIFO queues only from FIFO topics; set \`fifo: true\` on topic "${topic}"`,
  });
export const unknownMetric = (metric: string, kind: string, catalogue: readonly string[], at: At, suggestion?: string) =>
  make('UNKNOWN_METRIC', `"${metric}" is not a ${kind} metric`, at, {
    hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}${kind} metrics: ${catalogue.join(', ')}`,
  });
export const invalidAlarm = (alarm: string, message: string, at: At, hint?: string) =>
  make('INVALID_ALARM', `alarm "${alarm}": ${message}`, at, hint ? { hint } : {});
export const queueMultipleConsumers = (queue: string, consumers: readonly string[], at: At, related: RelatedInformation[]) =>
  make('QUEUE_MULTIPLE_CONSUMERS', `queue "${queue}" is consumed by ${consumers.join(' and ')}`, at, {
    related,
    hint: 'each message reaches only one of them; for fan-out, subscribe one queue per consumer to a topic',
  });
export const queueVisibilityTooShort = (queue: string, visibility: string, fn: string, timeout: string, at: At, related: RelatedInformation[] = []) =>
  make('QUEUE_VISIBILITY_TOO_SHORT', `queue "${queue}" has a visibility timeout of ${visibility}, shorter than the ${timeout} timeout of function "${fn}" that consumes it`, at, {
    related,
    hint: `AWS rejects the event source mapping; set \`visibilityTimeout\` on "${queue}" to at least ${timeout} (6× is the usual advice)`,
  });
export const provisionedCapacity = (table: string, hasCapacity: boolean, at: At) =>
  make('PROVISIONED_CAPACITY', hasCapacity ? `table "${table}" sets capacity but bills on demand` : `table "${table}" bills provisioned capacity but sets no capacity`, at, {
    hint: hasCapacity ? 'remove `capacity` or set `billing: provisioned`' : 'add `capacity: { read: 5, write: 5 }`',
  });
export const imageTagRequired = (workload: string, env: string, at: At) =>
  make('IMAGE_TAG_REQUIRED', `${workload} is built from source, but environment "${env}" has no image tag for it`, at, {
    hint: `set \`version:\` at the top of system.yaml, \`environments.${env}.image.tag\`, or build with \`--image-tag <tag>\` (or IMAGE_TAG); images are never tagged \`latest\``,
  });
export const plainSecret = (variable: string, workload: string, reason: string, at: At) =>
  make('PLAIN_SECRET', `${workload}: env var "${variable}" looks like a secret written in plain text (${reason})`, at, {
    hint: `declare a secret and write \`secrets: { ${variable}: <secret> }\`; plain env ends up in files and manifests`,
  });
export const publicBucket = (bucket: string, at: At) =>
  make('PUBLIC_BUCKET', `bucket "${bucket}" is public: anyone on the internet can read it`, at, { hint: 'remove `public: true` unless that is the intent' });
export const pluginNotFound = (spec: string, reason: string, at: At) =>
  make('PLUGIN_NOT_FOUND', `plugin "${spec}" cannot be loaded: ${reason}`, at);
export const pluginInvalid = (
  spec: string,
  reason: string,
  at: At,
  hint = 'export `default defineTarget({ id, description, emit })` from infragen/plugin',
) => make('PLUGIN_INVALID', `plugin "${spec}" is not a valid target: ${reason}`, at, { hint });
export const pluginApiVersion = (spec: string, reason: string, at: At, pluginIsNewer: boolean) =>
  make('PLUGIN_API_VERSION', `plugin "${spec}" cannot run here: ${reason}`, at, {
    hint: pluginIsNewer
      ? 'upgrade infragen to a release that offers this plugin API, or use an older release of the plugin'
      : 'use a release of the plugin written for this infragen, or port it (docs/plugins.md, "Versions of the plugin API")',
  });
export const envKubernetesMoved = (env: string, at: At) =>
  make('ENV_KUBERNETES_MOVED', `environments.${env}.kubernetes is deprecated: the Kubernetes settings are the Kubernetes target's options now`, at, {
    hint: `write the same keys under environments.${env}.targets.kubernetes (the old place is read until the next release; where both are written, targets.kubernetes wins)`,
  });
/** `section`: where the options are written, `targets.<id>` unless an environment's section wrote the value. */
export const pluginOptions = (target: string, message: string, at: At, section = `targets.${target}`) =>
  make('PLUGIN_OPTIONS', `${section}: ${message}`, at);
export const pluginUnknownTarget = (target: string, known: readonly string[], at: At, suggestion?: string) =>
  make('PLUGIN_UNKNOWN_TARGET', `no target "${target}"`, at, {
    hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}known targets: ${known.join(', ')}`,
  });
export const targetFailed = (target: string, reason: string) =>
  make('TARGET_FAILED', `target "${target}" failed: ${reason}`, {}, {
    hint: 'this is a bug in the target; run with --debug for the stack trace',
  });
export const targetPath = (target: string, file: string, reason: string) =>
  make('TARGET_PATH', `target "${target}" returned the file "${file}": ${reason}`, {});

const OUTPUT_HINT = 'build into an empty or new folder (e.g. `-o out`), or move the file away';
export const outputNotAFolder = (folder: string, what: string) =>
  make('OUTPUT_NOT_A_FOLDER', `"${folder}" ${what}`, { path: folder }, { hint: 'pass a folder to -o; infragen creates it when it does not exist' });
export const outputNotInfragen = (folder: string, reason: string) =>
  make('OUTPUT_NOT_INFRAGEN', `refusing to write into "${folder}": ${reason}`, { path: folder }, { hint: `infragen only writes into a folder it owns; ${OUTPUT_HINT}` });
export const outputNewerFormat = (folder: string, format: number, known: number) =>
  make('OUTPUT_NEWER_FORMAT', `"${folder}" was written by a newer infragen (manifest format ${format}; this version knows up to ${known})`, { path: folder }, { hint: 'upgrade infragen, or build into another folder' });
export const outputSpecialFile = (file: string, what: string) =>
  make('OUTPUT_SPECIAL_FILE', `"${file}" is ${what}; infragen writes regular files and folders there`, { path: file }, { hint: 'remove or move it; infragen never reads or replaces it' });
export const outputUserFile = (file: string) =>
  make('OUTPUT_USER_FILE', `"${file}" was not written by infragen (its manifest does not list it) and the build would replace it`, { path: file }, { hint: 'move or rename it (infragen never overwrites a file it did not write), or build into another folder' });
export const importNotCompose = (file: string, at: At) =>
  make('IMPORT_NOT_COMPOSE', `"${file}" is not a Compose file: it has no "services" map`, at, {
    hint: 'give the docker-compose.yml (or compose.yaml) that lists your services',
  });
export const importUnknownKey = (key: string, where: string, at: At, suggestion?: string) =>
  make('IMPORT_UNKNOWN_KEY', `unknown key "${key}" in ${where}`, at, {
    hint: suggestion ? `did you mean "${suggestion}"?` : 'the Compose Specification has no such key; extension keys start with `x-`',
  });
export const importInvalid = (message: string, at: At, hint?: string) => make('IMPORT_INVALID', message, at, hint ? { hint } : {});
export const importVariableUnset = (variable: string, at: At) =>
  make('IMPORT_VARIABLE_UNSET', `the variable "${variable}" is not set; it reads as an empty string`, at, {
    hint: `set it in the environment or in .env beside the Compose file, or give a default: \${${variable}:-value}`,
  });
export const importDropped = (what: string, reason: string, at: At, severity?: Severity) =>
  make('IMPORT_DROPPED', `${what} is not imported: ${reason}`, at, severity ? { severity } : {});
export const importApproximated = (what: string, how: string, at: At) => make('IMPORT_APPROXIMATED', `${what}: ${how}`, at);
export const importCredential = (variable: string, instead: string, at: At) =>
  make('IMPORT_CREDENTIAL', `"${variable}" holds a literal credential; the value is not copied`, at, { hint: instead });
export const importOutputExists = (file: string) =>
  make('IMPORT_OUTPUT_EXISTS', `"${file}" exists already; nothing was written`, { path: file }, {
    hint: 'pass --force to replace it, or -o <file> to write somewhere else',
  });
export const initFileExists = (file: string) =>
  make('INIT_FILE_EXISTS', `"${file}" exists already; nothing was written`, { path: file }, {
    hint: 'init never replaces a file: choose another folder, or remove the file first',
  });
