/**
 * What every part of one serverless.yml is built from: the system, one environment and one of its
 * regions, and the functions placed there.
 */
import type { Environment, FunctionDef, ResolvedSystem, SystemModel } from '../../compiler/model/types.ts';
import type { TargetContext } from '../../compiler/target.ts';

export interface Scope {
  model: SystemModel;
  resolved: ResolvedSystem;
  env: Environment;
  region: string;
  /** The functions that run in `region`, by name (sorted). */
  functions: Record<string, FunctionDef>;
  context: TargetContext;
}
