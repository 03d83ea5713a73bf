/**
 * The data of `infragen diff`: what changed between two output trees, object by object, with the
 * system.yaml entity behind each change and the risks a reviewer should look at first. Printing is
 * separate (render-*.ts); this is also the `--format json` contract.
 */

/** An output tree: relative path → contents (what `planOutput` returns, or a folder read from disk). */
export type OutputTree = Map<string, string>;

export type ChangeKind = 'added' | 'changed' | 'removed' | 'replaced';

export type RiskCategory = 'data-loss' | 'replacement' | 'security';

export interface RiskFlag {
  category: RiskCategory;
  /** Stable id of the rule that fired, e.g. `terraform/stateful-delete`. */
  rule: string;
  message: string;
  /** The field the rule looked at, when there is one (a JSON path). */
  field?: string;
}

export interface FieldChange {
  /** JSON path inside the object, e.g. `spec.replicas` or `containers[name=api].env[name=DB_HOST].value`. */
  path: string;
  /** Display forms, truncated; absent when the field did not exist on that side. */
  old?: string;
  new?: string;
}

export interface Attribution {
  /**
   * `kind.name`, e.g. `queue.orders`; `environment.<name>` for an object made for a whole
   * environment (its network, providers, namespace defaults), `system.<name>` for one made for the
   * system outside any environment (the local stack's stand-ins).
   */
  entity: string;
  /** File relative to the project root, and 1-based line; line 0 when unknown. */
  file: string;
  line: number;
  /** `base` when the entity exists only in the base revision (its line is in the base's file). */
  side: 'head' | 'base';
}

export interface ObjectChange {
  kind: ChangeKind;
  /** Stable object id within its scope: `aws_sqs_queue.orders`, `Deployment/shop/api`, `service api`, `function api`. */
  id: string;
  /** For `replaced` pairs (a rename): the id on the base side. */
  previousId?: string;
  /** What sort of object: a Terraform resource type, a Kubernetes kind, `service`, `function`, … */
  type: string;
  /** Output file(s) that hold it (head side when present). */
  file: string;
  fields: FieldChange[];
  /** Fields left out of `fields` to keep the report readable. */
  moreFields: number;
  risks: RiskFlag[];
  attribution?: Attribution;
}

export interface ScopeDiff {
  target: string;
  /** The environment (`local` for the base docker-compose file), or `-` when the path names none. */
  env: string;
  /** The region, or `` when the path names none. */
  region: string;
  /** The grouping the objects are unique within, e.g. `terraform/prod/eu-west-1`. */
  scope: string;
  changes: ObjectChange[];
}

export interface DiffSummaryRow {
  target: string;
  env: string;
  added: number;
  changed: number;
  removed: number;
  risky: number;
}

export interface DiffReport {
  infragen: 1;
  /** Human descriptions of the two sides (folder, `git:<ref>`, `working tree`). */
  base: string;
  head: string;
  scopes: ScopeDiff[];
  summary: DiffSummaryRow[];
  totals: { added: number; changed: number; removed: number; risky: number; risks: number };
  /** Notes about the comparison itself (e.g. the base revision had no system file). */
  notes: string[];
}
