/**
 * What `infragen diff` knows about each output format: how a file splits into objects with stable
 * ids (a Terraform address, a Kubernetes kind/namespace/name, a compose service, a serverless
 * function), which files form one scope the ids are unique in, and the risk rules (one
 * table-driven file per format under ../rules/).
 */
import type { EntityKind } from '../../model/types.ts';
import type { ChangeKind, FieldChange, RiskCategory } from '../types.ts';

/** A region folder in an output path: `eu-west-1`, `us-gov-west-1`. */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/;

/** The folder part of a path (the scope of formats whose files of one folder belong together). */
export const folderOf = (relative: string) => relative.split('/').slice(0, -1).join('/');

export interface OutputObject {
  /** Unique within its scope. */
  id: string;
  /** Terraform resource type, Kubernetes kind, `service`, `function`, … */
  type: string;
  /** Names that tie the object to a system.yaml entity, best first (resource name, labels, …). */
  names: string[];
  value: unknown;
  /** Path of the file in the tree. */
  file: string;
}

export interface RuleInput {
  kind: ChangeKind;
  before?: OutputObject;
  after?: OutputObject;
  fields: FieldChange[];
  /** Every object of the scope on each side, for rules that look across objects (secret refs). */
  baseScope: readonly OutputObject[];
  headScope: readonly OutputObject[];
}

export interface RuleFinding {
  message: string;
  field?: string;
}

/** One row of a format's risk table. */
export interface RiskRule {
  id: string;
  category: RiskCategory;
  /** The change kinds it looks at. */
  on: readonly ChangeKind[];
  /** Object types it applies to (all when absent). */
  types?: readonly string[];
  check(input: RuleInput): RuleFinding[] | RuleFinding | string | undefined;
}

export interface FormatHandler {
  id: string;
  /** Whether this handler reads the file (`relative` is the path after the target folder). */
  matches(relative: string, target: string, contents: string): boolean;
  /** Files with the same group key form one scope; default: the file alone. */
  group?(relative: string): string;
  /** Splits the file into objects; throws on unparsable text (the file is then diffed as text). */
  parse(file: string, contents: string): OutputObject[];
  /** Keys left out of field comparisons (bookkeeping such as cdktf's `//` metadata). */
  ignoreKeys?: ReadonlySet<string>;
  /** The entity kind an object type most likely comes from (helps attribution by name). */
  entityKind?(type: string): EntityKind | undefined;
  /** Object types that belong to the system as a whole (the VPC, providers), never to one entity. */
  unattributed?(type: string): boolean;
  /** Objects that only read (Terraform data sources): renaming one destroys nothing. */
  readOnly?(object: OutputObject): boolean;
  rules: readonly RiskRule[];
}
