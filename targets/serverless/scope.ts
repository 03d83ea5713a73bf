/**
 * What every part of one serverless.yml is built from: the system, one environment and one of its
 * regions, and the functions placed there.
 */
import type {
  Environment,
  FunctionDef,
  ResolvedSystem,
  SystemModel,
  TargetContext,
} from '../../compiler/plugin-api.ts';

export interface Scope {
  model: SystemModel;
  resolved: ResolvedSystem;
  env: Environment;
  region: string;
  /** The functions that run in `region`, by name (sorted). */
  functions: Record<string, FunctionDef>;
  context: TargetContext;
}
