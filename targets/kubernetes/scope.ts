/** What every builder of one environment needs: the model, the environment and where findings go. */
import type { Environment, ResolvedSystem, SystemModel } from '../../compiler/model/types.ts';
import type { TargetReport } from '../../compiler/target.ts';

export interface EnvironmentScope {
  model: SystemModel;
  resolved: ResolvedSystem;
  environment: Environment;
  /** The environment's namespace (services, jobs, alarms). */
  namespace: string;
  report(finding: TargetReport): void;
}

/** The two ClusterSecretStores ExternalSecrets read from. */
export const ExternalSecretStores = {
  /** Secrets Manager: the store named by `environment.kubernetes.secretStore`. */
  secrets: (environment: Environment) => environment.kubernetes.secretStore,
  /**
   * SSM Parameter Store needs a store of its own (a ClusterSecretStore has one provider service):
   * `<secretStore>-parameters`.
   */
  parameters: (environment: Environment) => `${environment.kubernetes.secretStore}-parameters`,
};
