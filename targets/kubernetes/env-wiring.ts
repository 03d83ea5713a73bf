/**
 * A workload's environment variables, split by where their values live:
 * - plain values (environment `vars`, literal env, and addresses known at compile time such as
 *   `${service.x.host}` or a testnet seed's `host:port`) go into a ConfigMap;
 * - values that interpolate what Terraform publishes (`${database.db.host}` → the SSM parameter
 *   `ssmParameterName(...)`), `secrets:` (Secrets Manager `secretId(...)`) and credential
 *   attributes (`${database.db.password}` → a field of the master secret RDS manages) go through
 *   one ExternalSecret, whose `target.template` assembles values that mix literals and references.
 * No value of a secret or parameter is ever written to a file.
 */
import type { Container, EntityRef, RegionalTemplate, Template, TemplateReference } from '../../compiler/plugin-api.ts';
import {
  DATABASE_SECRET_FIELD,
  DATABASE_URL_SCHEMES,
  DATABASE_URL_WITH_PASSWORD,
  databaseIdentifier,
  isSecretAttribute,
  joined,
  RDS_SECRET_TAG,
  secretAttributeOf,
  secretId,
  serviceAttribute,
  snakeCase,
  ssmParameterName,
  templateInRegion,
} from '../../compiler/plugin-api.ts';
import { egressRules } from './egress.ts';
import { accessLabel } from './labels.ts';
import type { EgressRule } from './network-policies.ts';
import { clusterHost } from './names.ts';
import type { EnvironmentScope } from './scope.ts';
import { nearestSeed, seedHost, type TestnetLayout } from './testnet-layout.ts';

export type ExternalValue =
  | {
      /** Key in the materialised Secret and name in the template (`{{ .key }}`). */
      secretKey: string;
      /** SSM parameter name or Secrets Manager secret id. */
      remoteKey: string;
      store: 'parameters' | 'secrets';
    }
  | {
      secretKey: string;
      /**
       * A Secrets Manager secret whose name is generated (the master secret RDS manages), found by
       * the tags it carries; its whole JSON value lands under `secretKey`.
       */
      tags: Record<string, string>;
      store: 'secrets';
    };

export interface WorkloadEnv {
  /** Env var → value, for the ConfigMap. */
  plain: Record<string, string>;
  /** Env var → Go template over `values`, for the ExternalSecret. */
  templated: Record<string, string>;
  values: ExternalValue[];
  /** Variables that hold a credential (`secrets:`, `${database.<name>.password}`): also offered as files. */
  secretVariables: string[];
  /** `kind.name` of every entity the values came from. */
  sources: string[];
}

/** Where the consumer runs: addresses of services and seeds depend on its region. */
export interface Consumer {
  workload: Container;
  region: string;
  label: string;
}

/** A piece of a rendered value: literal text, or a value of the ExternalSecret (a field of a JSON one). */
type Piece = { literal: string } | { key: string; field?: string; urlEncoded?: boolean };

/** Literal text inside an external-secrets template: `{{` would open an action. */
const escapeTemplateText = (text: string) => text.replace(/\{\{/g, '{{ "{{" }}');

/**
 * Whether a workload's variables are the same in every region: no `${env.region}`, no testnet
 * address (the nearest seed), no database credential (read from the copy of the secret in the
 * consumer's region).
 */
function regionFree(workload: Container): boolean {
  for (const template of Object.values(workload.env)) {
    for (const part of template.parts) {
      if ('env' in part) return false;
      if ('kind' in part && (part.kind === 'testnet' || part.attribute === DATABASE_URL_WITH_PASSWORD || isSecretAttribute(part.kind, part.attribute))) return false;
    }
  }
  return true;
}

/**
 * A template's parts in a region: its own when it has no `${env.region}` and no two adjacent or
 * empty literals (all templateInRegion would change), else templateInRegion's. Most templates
 * need no copy, and their text (which templateInRegion renders again) is not used here.
 */
export function partsInRegion(template: Template, region: string): RegionalTemplate['parts'] {
  let previousLiteral = false;
  for (const part of template.parts) {
    const literal = 'literal' in part;
    if ('env' in part || (literal && (previousLiteral || part.literal === ''))) return templateInRegion(template, region).parts;
    previousLiteral = literal;
  }
  return template.parts as RegionalTemplate['parts'];
}

/**
 * A piece's text in a value: a literal as it is, or escaped inside a template; a value of the
 * ExternalSecret as a template action.
 */
function pieceText(piece: Piece, external: boolean): string {
  if (!('key' in piece)) return external ? escapeTemplateText(piece.literal) : piece.literal;
  // A JSON secret: YAML reads JSON, and fromYaml is what the external-secrets templates offer.
  const value = piece.field ? `(.${piece.key} | fromYaml).${piece.field}` : `.${piece.key}`;
  return piece.urlEncoded ? `{{ ${value} | urlquery }}` : `{{ ${value} }}`;
}

export class EnvWiring {
  constructor(
    private readonly scope: EnvironmentScope,
    private readonly testnets: ReadonlyMap<string, TestnetLayout>,
  ) {}

  /**
   * The workload's variables for a consumer in one region. Most workloads' values do not depend on
   * the region (see regionFree): theirs are made once per environment and shared, read-only.
   */
  resolve(consumer: Consumer): WorkloadEnv {
    const shared = this.regionFreeEnv.get(consumer.workload);
    if (shared) return shared;
    const env = this.resolveInRegion(consumer);
    if (regionFree(consumer.workload)) this.regionFreeEnv.set(consumer.workload, env);
    return env;
  }

  private readonly regionFreeEnv = new WeakMap<Container, WorkloadEnv>();

  private resolveInRegion(consumer: Consumer): WorkloadEnv {
    const { scope } = this;
    const plain: Record<string, string> = { ...scope.environment.vars };
    const templated: Record<string, string> = {};
    const values = new Map<string, ExternalValue>();
    const sources = new Set<string>();

    const secretVariables = Object.keys(consumer.workload.secrets);
    for (const [variable, template] of Object.entries(consumer.workload.env)) {
      if (secretAttributeOf(template)) secretVariables.push(variable);
      const rendered = this.render(template, consumer, values, sources);
      if (rendered.external) {
        templated[variable] = rendered.text;
        delete plain[variable];
      } else {
        plain[variable] = rendered.text;
      }
    }
    for (const [variable, secret] of Object.entries(consumer.workload.secrets)) {
      const secretKey = `secret_${snakeCase(secret.name)}`;
      values.set(secretKey, { secretKey, remoteKey: secretId(scope.model.name, scope.environment.name, secret.name), store: 'secrets' });
      templated[variable] = `{{ .${secretKey} }}`;
      delete plain[variable];
      sources.add(`secret.${secret.name}`);
    }
    return {
      plain,
      templated,
      values: [...values.values()].sort((a, b) => (a.secretKey < b.secretKey ? -1 : a.secretKey > b.secretKey ? 1 : 0)),
      secretVariables: secretVariables.sort(),
      sources: [...sources].sort(),
    };
  }

  /**
   * Where a workload's pods may connect to (see egress.ts). The same in every region of the
   * environment: made once per workload, shared (read-only) by its files in each region.
   */
  egress(workload: Container & { dependsOn?: EntityRef[] }): readonly EgressRule[] {
    let rules = this.egressByWorkload.get(workload);
    if (!rules) this.egressByWorkload.set(workload, (rules = egressRules(this.scope, this.testnets, workload)));
    return rules;
  }

  private readonly egressByWorkload = new WeakMap<Container, readonly EgressRule[]>();

  /** The access labels a workload's pods carry: every service and testnet it talks to. */
  accessLabels(workload: Container & { dependsOn?: EntityRef[] }): string[] {
    const labels = new Set<string>();
    for (const ref of [...workload.uses, ...(workload.dependsOn ?? [])]) if (ref.kind === 'service') labels.add(accessLabel('service', ref.name));
    for (const template of Object.values(workload.env)) {
      for (const part of template.parts) {
        if ('kind' in part && (part.kind === 'service' || part.kind === 'testnet')) labels.add(accessLabel(part.kind, part.name));
      }
    }
    return [...labels].sort();
  }

  private render(template: Template, consumer: Consumer, values: Map<string, ExternalValue>, sources: Set<string>): { text: string; external: boolean } {
    const pieces: Piece[] = [];
    // `${env.region}` is the region of the folder this workload's manifests are written to.
    for (const part of partsInRegion(template, consumer.region)) {
      if ('literal' in part) {
        pieces.push({ literal: part.literal });
        continue;
      }
      sources.add(`${part.kind}.${part.name}`);
      if (part.kind === 'database' && part.attribute === DATABASE_URL_WITH_PASSWORD) pieces.push(...this.databaseUrlWithPassword(part.name, consumer, values));
      else if (isSecretAttribute(part.kind, part.attribute)) pieces.push({ key: this.databaseSecret(part.name, consumer, values), field: DATABASE_SECRET_FIELD[part.attribute]! });
      else if (part.kind === 'service') pieces.push({ literal: this.serviceAttribute(part.name, part.attribute) });
      else if (part.kind === 'testnet') pieces.push({ literal: this.testnetAddress(part.name, part.attribute, consumer) });
      else pieces.push({ key: this.parameter(part, values) });
    }
    const external = pieces.some((piece) => 'key' in piece);
    return { text: joined(pieces.map((piece) => pieceText(piece, external)), ''), external };
  }

  /** A value Terraform publishes to SSM, read through the parameters store. */
  private parameter(part: TemplateReference, values: Map<string, ExternalValue>): string {
    const key = `${part.kind}_${snakeCase(part.name)}_${snakeCase(part.attribute)}`;
    values.set(key, {
      secretKey: key,
      remoteKey: ssmParameterName(this.scope.model.name, this.scope.environment.name, part.kind, part.name, part.attribute),
      store: 'parameters',
    });
    return key;
  }

  /**
   * `${database.<name>.urlWithPassword}`, assembled in the ExternalSecret's template: the master
   * secret's password (URL-encoded) between the user and the host Terraform publishes.
   */
  private databaseUrlWithPassword(name: string, consumer: Consumer, values: Map<string, ExternalValue>): Piece[] {
    const database = this.scope.resolved.databases[name]!;
    return [
      { literal: `${DATABASE_URL_SCHEMES[database.engine]}://${database.user}:` },
      { key: this.databaseSecret(name, consumer, values), field: DATABASE_SECRET_FIELD.password!, urlEncoded: true },
      { literal: '@' },
      { key: this.parameter({ kind: 'database', name, attribute: 'host' }, values) },
      { literal: `:${database.port}/${database.dbName}` },
    ];
  }

  /**
   * The master secret of a database, as seen from the consumer's region (the copy there, else the
   * first one): RDS names it itself and tags it with the instance's ARN, which is how it is found.
   * check() makes sure the environment has the account the ARN needs.
   */
  private databaseSecret(name: string, consumer: Consumer, values: Map<string, ExternalValue>): string {
    const { model, environment } = this.scope;
    const regions = this.scope.resolved.databases[name]?.regions ?? [];
    const region = regions.includes(consumer.region) ? consumer.region : regions[0] ?? consumer.region;
    const key = `database_${snakeCase(name)}_master`;
    const instance = `arn:aws:rds:${region}:${environment.account}:db:${databaseIdentifier(model.name, environment.name, name)}`;
    values.set(key, { secretKey: key, tags: { [RDS_SECRET_TAG]: instance }, store: 'secrets' });
    return key;
  }

  /** The service's cluster address (check() said it when the service does not run in the consumer's region). */
  private serviceAttribute(name: string, attribute: string): string {
    return serviceAttribute(this.scope.resolved.services[name], clusterHost(name, this.scope.namespace), attribute);
  }

  private testnetAddress(name: string, portName: string, consumer: Consumer): string {
    const layout = this.testnets.get(name);
    const port = layout?.testnet.ports.find((candidate) => candidate.name === portName);
    const seed = layout ? nearestSeed(layout, consumer.region) : undefined;
    if (!layout || !port || !seed) throw new Error(`${consumer.label}: \${testnet.${name}.${portName}} without a seed reached emit although check() rejects it`);
    const host = seedHost(layout, seed, consumer.region, this.scope.environment) ?? clusterHost(seed.name, layout.namespace);
    return `${host}:${port.port}`;
  }
}
