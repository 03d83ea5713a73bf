/**
 * The diff format: how `infragen diff` reads one target's files. Part of the target contract
 * (`Target.diff`, exported as `infragen/plugin`): a target says how its files split into objects
 * with stable ids, which keys are noise, which objects only read (renaming them destroys nothing),
 * where its environment variables are, and which changes are risky. A target without one gets the
 * generic format (JSON and YAML compared as data, anything else line by line). The engine itself
 * knows no target.
 */
import type { ChangeKind, FieldChange, RiskCategory } from './types.ts';

/** An object of an output file, as a diff format identifies it. */
export interface DiffObject {
  /** Unique within its scope, and the id a target records for it (`EmittedFile.objects`). */
  id: string;
  /** What sort of object: a Terraform resource type, a Kubernetes kind, `service`, `function`, `file`, … */
  type: string;
  value: unknown;
  /** Path of the file in the output tree. */
  file: string;
}

export interface RuleInput {
  kind: ChangeKind;
  before?: DiffObject;
  after?: DiffObject;
  fields: FieldChange[];
  /** Every object of the scope on each side, for rules that look across objects. */
  baseScope: readonly DiffObject[];
  headScope: readonly DiffObject[];
}

export interface RuleFinding {
  message: string;
  field?: string;
}

/** One row of a format's risk table. */
export interface RiskRule {
  /** Stable id, `<target>/<rule>` (e.g. `terraform/force-new`). */
  id: string;
  category: RiskCategory;
  /** The change kinds it looks at. */
  on: readonly ChangeKind[];
  /** Object types it applies to (all when absent). */
  types?: readonly string[];
  check(input: RuleInput): RuleFinding[] | RuleFinding | string | undefined;
}

/** Environment variables found in an object: where they are (a JSON path) and name → value. */
export interface EnvironmentBlock {
  path: string;
  variables: Record<string, unknown>;
  /** How to spell the path of one variable's value (default `<path>.<name>`). */
  fieldOf?(name: string): string;
}

export interface DiffFormat {
  /** Whether this format reads the file (`relative`: the path inside the target's folder); other files get the generic format. */
  matches(relative: string, contents: string): boolean;
  /** Files with the same group key form one scope (ids are unique within it); default: the file alone. */
  group?(relative: string): string;
  /** The environment (and region) a file of the target belongs to; default `<env>/<region>/…` or `<env>/…`. */
  place?(relative: string): { env: string; region?: string };
  /** Splits a file into objects; throws on unparsable text (the file is then diffed as text). */
  parse(file: string, contents: string): DiffObject[];
  /** Keys left out of field comparisons, at any depth (bookkeeping such as cdktf's `//`). */
  noise?: readonly string[];
  /** Objects that only read (Terraform data sources): renaming one is never a replacement. */
  readOnly?(object: DiffObject): boolean;
  /** Where an object's environment variables are (default: found by the generic rule, see docs/diff.md). */
  environment?(object: DiffObject): EnvironmentBlock[];
  /** Names of variables an object (or its scope) reads from secrets, for "was a secret, is now a literal". */
  secretNames?(object: DiffObject, scope: readonly DiffObject[]): Iterable<string>;
  /** Its risk table. The generic rules (plain secrets in environment variables) run for every format as well. */
  risks: readonly RiskRule[];
}
