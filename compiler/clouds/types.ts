/**
 * A cloud's catalogue: what the language checks an environment against once it names its
 * `cloud` (regions, the account or project id, instance classes) and what the portable sizes
 * (`size: small | medium | large | xlarge`) mean there. AWS's ships built in (./aws.ts); a plugin
 * contributes others (`cloudCatalogues` on its target, docs/plugins.md).
 */

import { INSTANCE_SIZES } from '../../schema/primitives.ts';

export { INSTANCE_SIZES };
export type InstanceSize = (typeof INSTANCE_SIZES)[number];

/** The kinds whose instances have a class (`class:` or `size:`). */
export const CLASSED_KINDS = ['database', 'cache', 'search'] as const;
export type ClassedKind = (typeof CLASSED_KINDS)[number];

/** The instance classes of one kind of managed resource. */
export interface InstanceClasses {
  /** What the cloud calls them, for messages: `RDS instance class`, `Cloud SQL tier`. */
  label: string;
  /** A regular expression (its source, matched whole) that every valid class matches. */
  pattern: string;
  /** One valid class, for hints. */
  example: string;
  /** The class each portable size stands for. */
  sizes: Record<InstanceSize, string>;
}

export interface CloudCatalogue {
  /** The value of `cloud:`: `[a-z][a-z0-9-]*`, e.g. `aws`, `gcp`. */
  id: string;
  description: string;
  /** Every region an environment may name. */
  regions: readonly string[];
  /** The region of the base model (the local stack) when `defaults.region` is not set. */
  defaultRegion: string;
  /** The format of `environments.<env>.account` on this cloud. */
  account: { label: string; pattern: string; example: string };
  /** Instance classes by kind; a kind the cloud has no classes for cannot run there. */
  classes: Partial<Record<ClassedKind, InstanceClasses>>;
  /** CPU and memory (Kubernetes quantities) of each size of a service; without it, services take no `size`. */
  serviceSizes?: Record<InstanceSize, { cpu: string; memory: string }>;
}
