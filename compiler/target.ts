/**
 * The contract between the compiler and every target, built-in or plugin. A target reads the
 * `SystemModel` and returns files; it never touches the file system (only the writer writes).
 */
import type { ZodType } from 'zod';
import type { CloudCatalogue } from './clouds/types.ts';
import type { DiffFormat } from './diff/format.ts';
import type { Diagnostic, Severity } from './diagnostics/types.ts';
import type { SourceSpan } from './model/span.ts';
import type { SystemModel } from './model/types.ts';

/**
 * The version of this contract (`infragen/plugin`). It changes only when a target written for the
 * previous version would break; a plugin records the version it was written for (`defineTarget`
 * does that) and a plugin for another version is refused with PLUGIN_API_VERSION, not run.
 */
export const PLUGIN_API_VERSION = 1;

export interface EmittedFile {
  /** Relative to the target's own output folder, with `/` separators, e.g. `mainnet/us-east-1/main.tf.json`. */
  path: string;
  contents: string;
  /** The system.yaml entities that produced the file, as `kind.name` (e.g. `service.api`). */
  sources: string[];
  /**
   * The objects in the file and the entity that produced each, with the system.yaml span behind
   * it: `infragen diff`, its annotations and messages name that line instead of guessing. `id` is
   * the object's id as the target's diff format identifies it (a Terraform address, a Kubernetes
   * `Kind/namespace/name`, `services.api`); objects of no entity (a VPC) are left out.
   */
  objects?: EmittedObject[];
}

export interface EmittedObject {
  id: string;
  /**
   * The entity, `kind.name`; `environment.<name>` for an object made for a whole environment,
   * `system.<name>` for one made for the whole system outside any environment.
   */
  source: string;
  /** Where in system.yaml (or an included file) it comes from; the entity's own line when absent. */
  span?: SourceSpan;
  /**
   * The top-level section of system.yaml it is made from (`network`), for an object without a
   * `span`: the manifest points at that section's line when the system writes it, else at the source's.
   */
  section?: string;
}

export interface TargetReport {
  code: string;
  message: string;
  severity?: Severity;
  span?: SourceSpan;
  hint?: string;
}

/** A target's catalogue of codes (documented in docs/diagnostics.md for the built-ins). */
export type TargetDiagnostics = Record<string, { severity: Severity; summary: string }>;

/** Options as a target reads them: a map already checked against the target's schema, frozen. */
export type TargetOptions = Readonly<Record<string, unknown>>;

/**
 * The checked options of every configured target for one environment: `targets.<id>` with
 * `environments.<env>.targets.<id>` deep-merged over it. Undefined when the target has none.
 */
export type OptionsLookup = (target: string, environment: string) => TargetOptions | undefined;

export interface TargetContext {
  /** Options from the system-wide `targets.<id>` section of system.yaml (already checked against the target's schema). */
  options: TargetOptions;
  /**
   * This target's options for one environment: `targets.<id>` with `environments.<env>.targets.<id>`
   * deep-merged over it (maps merge, lists and scalars replace), checked against the schema.
   */
  optionsFor(environment: string): TargetOptions;
  /**
   * Another target's options for one environment (`{}` when it has none), for targets that work
   * together: the Terraform target reads the Kubernetes target's `cluster` for its IAM roles.
   */
  optionsOf(target: string, environment: string): TargetOptions;
  /** Report a finding; it is stamped with the target's id as `source`. */
  report(finding: TargetReport): void;
  /** Report an error; the build fails but the other targets still run and report. */
  error(code: string, message: string, details?: Omit<TargetReport, 'code' | 'message' | 'severity'>): void;
}

export interface Target {
  /** Stable id: `[a-z][a-z0-9-]*`, also the name of its folder in `out/`. */
  id: string;
  description: string;
  /**
   * The clouds it serves (`['aws']`); it sees only the environments that run on one of them, and
   * emits nothing for the others (an info says so). Left out: it serves every cloud.
   */
  clouds?: readonly string[];
  /** Clouds it contributes to the language (docs/plugins.md, "Contributing a cloud"). */
  cloudCatalogues?: readonly CloudCatalogue[];
  /** The `PLUGIN_API_VERSION` the target was written for; `defineTarget` fills it in. */
  apiVersion?: number;
  /**
   * The schema of the options this target reads from `targets.<id>` and, per environment, from
   * `environments.<env>.targets.<id>`: JSON Schema (draft-07), or a zod schema (the built-ins').
   */
  optionsSchema?: Record<string, unknown> | ZodType;
  /** Every code it reports, with its default severity and a one-line summary. */
  diagnostics?: TargetDiagnostics;
  /**
   * Every finding the target can make about the model, without emitting anything. `validate` runs
   * it as `build` does, so a system `validate` passes never fails in `emit`; when `check` reports an
   * error, `emit` is not called. `emit` may then assume what `check` established.
   */
  check?(model: SystemModel, context: TargetContext): void | Promise<void>;
  /**
   * Glob patterns, relative to the target's output folder, of paths that are the user's: files
   * the user or a tool creates there (Terraform state, secret files). infragen never writes
   * them and leaves them alone, as it does every file it did not write; declaring them keeps
   * `--check` quiet about them and documents them. A pattern may also match files the target
   * emits (`secrets/*` next to the generated `secrets/README.md`): the manifest decides ownership.
   */
  userPaths?: readonly string[];
  emit(model: SystemModel, context: TargetContext): EmittedFile[] | Promise<EmittedFile[]>;
  /** How `infragen diff` reads its files (docs/plugins.md); without it, the generic format. */
  diff?: DiffFormat;
}

export type TargetCheck = NonNullable<Target['check']>;

const EMPTY_OPTIONS: TargetOptions = Object.freeze({});

/** Builds a target context that collects findings into `sink`, stamped with `source`. */
export function createTargetContext(
  source: string,
  options: TargetOptions,
  sink: Diagnostic[],
  catalogue: TargetDiagnostics = {},
  lookup: OptionsLookup = () => undefined,
): TargetContext {
  const report = (finding: TargetReport): void => {
    sink.push({
      code: finding.code,
      severity: finding.severity ?? (Object.hasOwn(catalogue, finding.code) ? catalogue[finding.code]!.severity : 'warning'),
      message: finding.message,
      ...(finding.span ? { span: finding.span } : {}),
      ...(finding.hint ? { hint: finding.hint } : {}),
      source,
    });
  };
  return {
    options,
    optionsFor: (environment) => lookup(source, environment) ?? options,
    optionsOf: (target, environment) => lookup(target, environment) ?? (target === source ? options : EMPTY_OPTIONS),
    report,
    error: (code, message, details = {}) => report({ ...details, code, message, severity: 'error' }),
  };
}
