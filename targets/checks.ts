/**
 * The built-in targets' checks, loaded up front (none imports cdktf or cdk8s): for the language
 * server, which re-validates on every keystroke and cannot wait for a lazy import.
 */
import type { LoadedCheck } from '../compiler/targets.ts';
import { checkCompose } from './compose/check.ts';
import { COMPOSE_DIAGNOSTICS } from './compose/diagnostics.ts';
import { checkKubernetes } from './kubernetes/check.ts';
import { K8S_DIAGNOSTICS } from './kubernetes/diagnostics.ts';
import { checkServerless } from './serverless/check.ts';
import { SERVERLESS_DIAGNOSTICS } from './serverless/diagnostics.ts';
import { checkTerraform } from './terraform/check.ts';
import { TERRAFORM_DIAGNOSTICS } from './terraform/diagnostics.ts';

export const BUILTIN_CHECKS: readonly LoadedCheck[] = [
  { id: 'serverless', check: checkServerless as LoadedCheck['check'], diagnostics: SERVERLESS_DIAGNOSTICS },
  { id: 'compose', check: checkCompose as LoadedCheck['check'], diagnostics: COMPOSE_DIAGNOSTICS },
  { id: 'kubernetes', check: checkKubernetes as LoadedCheck['check'], diagnostics: K8S_DIAGNOSTICS },
  { id: 'terraform', check: checkTerraform as LoadedCheck['check'], diagnostics: TERRAFORM_DIAGNOSTICS },
];
