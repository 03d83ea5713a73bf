/**
 * The built-in targets' checks, loaded up front (none imports cdktf or cdk8s): for the language
 * server, which re-validates on every keystroke and cannot wait for a lazy import. Ids and
 * catalogues come from the same manifests as the registry's.
 */
import type { LoadedCheck } from '../compiler/targets.ts';
import { checkCompose } from './compose/check.ts';
import { COMPOSE_MANIFEST } from './compose/manifest.ts';
import { checkKubernetes } from './kubernetes/check.ts';
import { K8S_MANIFEST } from './kubernetes/manifest.ts';
import { checkServerless } from './serverless/check.ts';
import { SERVERLESS_MANIFEST } from './serverless/manifest.ts';
import { checkTerraform } from './terraform/check.ts';
import { TERRAFORM_MANIFEST } from './terraform/manifest.ts';

const loaded = (manifest: { id: string; clouds?: readonly string[]; diagnostics: LoadedCheck['diagnostics'] }, check: LoadedCheck['check']): LoadedCheck => ({ id: manifest.id, ...(manifest.clouds ? { clouds: manifest.clouds } : {}), check, diagnostics: manifest.diagnostics });

export const BUILTIN_CHECKS: readonly LoadedCheck[] = [
  loaded(SERVERLESS_MANIFEST, checkServerless as LoadedCheck['check']),
  loaded(COMPOSE_MANIFEST, checkCompose as LoadedCheck['check']),
  loaded(K8S_MANIFEST, checkKubernetes as LoadedCheck['check']),
  loaded(TERRAFORM_MANIFEST, checkTerraform as LoadedCheck['check']),
];
