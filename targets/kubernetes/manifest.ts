/** What the registry and the target share: one copy of the kubernetes target's id, description, codes and user paths. */
import { K8S_DIAGNOSTICS } from './diagnostics.ts';
import { K8S_OPTIONS_SCHEMA } from './settings.ts';

export const K8S_MANIFEST = {
  id: 'kubernetes',
  description: 'Kubernetes manifests (cdk8s) for services, jobs and testnets, per environment, region and namespace',
  clouds: ['aws'],
  diagnostics: K8S_DIAGNOSTICS,
  optionsSchema: K8S_OPTIONS_SCHEMA,
} as const;
