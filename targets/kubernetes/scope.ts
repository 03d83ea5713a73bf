/**
 * What every builder of one environment needs: the model and the environment. Emit reports
 * nothing: every finding comes from check.ts.
 */
import type { Environment, ResolvedSystem, SystemModel } from '../../compiler/plugin-api.ts';

export interface EnvironmentScope {
  model: SystemModel;
  resolved: ResolvedSystem;
  environment: Environment;
  /** The environment's namespace (services, jobs, alarms). */
  namespace: string;
}

export { ExternalSecretStores } from './prerequisites.ts';
