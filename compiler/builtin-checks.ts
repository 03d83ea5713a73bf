/**
 * The built-in targets' checks, loaded up front (none imports cdktf or cdk8s): for the language
 * server, which re-validates on every keystroke and cannot wait for a lazy import. Ids and
 * catalogues come from the same manifests as the registry's.
 */
import type { LoadedCheck } from './targets.ts';
import { checkCompose } from '../targets/compose/check.ts';
import { COMPOSE_MANIFEST } from '../targets/compose/manifest.ts';
import { checkKubernetes } from '../targets/kubernetes/check.ts';
import { K8S_MANIFEST } from '../targets/kubernetes/manifest.ts';
import { checkServerless } from '../targets/serverless/check.ts';
import { SERVERLESS_MANIFEST } from '../targets/serverless/manifest.ts';
import { checkTerraform } from '../targets/terraform/check.ts';
import { TERRAFORM_MANIFEST } from '../targets/terraform/manifest.ts';
import type { Target } from './target.ts';

const loaded = (manifest: { id: string; clouds?: readonly string[]; diagnostics: LoadedCheck['diagnostics']; optionsSchema?: Target['optionsSchema'] }, check: LoadedCheck['check']): LoadedCheck => ({
  id: manifest.id,
  ...(manifest.clouds ? { clouds: manifest.clouds } : {}),
  check,
  diagnostics: manifest.diagnostics,
  ...(manifest.optionsSchema ? { optionsSchema: manifest.optionsSchema } : {}),
});

export const BUILTIN_CHECKS: readonly LoadedCheck[] = [
  loaded(SERVERLESS_MANIFEST, checkServerless as LoadedCheck['check']),
  loaded(COMPOSE_MANIFEST, checkCompose as LoadedCheck['check']),
  loaded(K8S_MANIFEST, checkKubernetes as LoadedCheck['check']),
  loaded(TERRAFORM_MANIFEST, checkTerraform as LoadedCheck['check']),
];
