/** What every builder of one environment needs: the model, the environment and where findings go. */
import type { Environment, ResolvedSystem, SystemModel, TargetReport } from '../../compiler/plugin-api.ts';

export interface EnvironmentScope {
  model: SystemModel;
  resolved: ResolvedSystem;
  environment: Environment;
  /** The environment's namespace (services, jobs, alarms). */
  namespace: string;
  report(finding: TargetReport): void;
}

export { ExternalSecretStores } from './prerequisites.ts';
