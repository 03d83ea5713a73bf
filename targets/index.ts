/**
 * The built-in targets. Each loads lazily, so `validate` and a build of one target never pay
 * for the libraries of the others (cdktf alone costs hundreds of milliseconds); their checks live
 * in modules of their own, so `validate` runs them without cdktf or cdk8s.
 */
import type { TargetEntry } from '../compiler/targets.ts';
import { TERRAFORM_DIAGNOSTICS } from './terraform/diagnostics.ts';
import { K8S_DIAGNOSTICS } from './kubernetes/diagnostics.ts';
import { COMPOSE_DIAGNOSTICS } from './compose/diagnostics.ts';
import { SERVERLESS_DIAGNOSTICS } from './serverless/diagnostics.ts';
import { COMPOSE_USER_PATHS } from './compose/user-paths.ts';
import { SERVERLESS_USER_PATHS } from './serverless/user-paths.ts';
import { TERRAFORM_USER_PATHS } from './terraform/user-paths.ts';

export const BUILTIN_TARGETS: TargetEntry[] = [
  { id: 'serverless', description: 'serverless.yml per environment and region: Lambda functions, API Gateway, queues, schedules', origin: 'built-in', userPaths: SERVERLESS_USER_PATHS, load: async () => (await import('./serverless/index.ts')).default, loadCheck: async () => ({ check: (await import('./serverless/check.ts')).checkServerless, diagnostics: SERVERLESS_DIAGNOSTICS }) },
  { id: 'compose', description: 'docker-compose files: the whole system locally, plus one override file per environment', origin: 'built-in', userPaths: COMPOSE_USER_PATHS, load: async () => (await import('./compose/index.ts')).default, loadCheck: async () => ({ check: (await import('./compose/check.ts')).checkCompose, diagnostics: COMPOSE_DIAGNOSTICS }) },
  { id: 'kubernetes', description: 'Kubernetes manifests (cdk8s) for services, jobs and testnets, per environment, region and namespace', origin: 'built-in', load: async () => (await import('./kubernetes/index.ts')).default, loadCheck: async () => ({ check: (await import('./kubernetes/check.ts')).checkKubernetes, diagnostics: K8S_DIAGNOSTICS }) },
  { id: 'terraform', description: 'Terraform JSON (cdktf) for the AWS resources: one stack per environment and region, wiring published as SSM parameters', origin: 'built-in', userPaths: TERRAFORM_USER_PATHS, load: async () => (await import('./terraform/index.ts')).default, loadCheck: async () => ({ check: (await import('./terraform/check.ts')).checkTerraform, diagnostics: TERRAFORM_DIAGNOSTICS }) },
];
