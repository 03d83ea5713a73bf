/** What every builder of one environment needs: the model, the environment and where findings go. */
import type { Environment, ResolvedSystem, SystemModel } from '../../compiler/model/types.ts';
import type { TargetReport } from '../../compiler/target.ts';
import type { KubernetesSettings } from './settings.ts';

export interface EnvironmentScope {
  model: SystemModel;
  resolved: ResolvedSystem;
  environment: Environment;
  /** The environment's options of the Kubernetes target, defaults filled in. */
  settings: KubernetesSettings;
  /** The environment's namespace (services, jobs, alarms). */
  namespace: string;
  report(finding: TargetReport): void;
}

export { ExternalSecretStores } from './prerequisites.ts';
