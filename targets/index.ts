/**
 * The built-in targets. Each loads lazily, so `validate` and a build of one target never pay
 * for the libraries of the others (cdktf alone costs hundreds of milliseconds).
 */
import type { TargetEntry } from '../compiler/targets.ts';
import { COMPOSE_USER_PATHS } from './compose/user-paths.ts';
import { SERVERLESS_USER_PATHS } from './serverless/user-paths.ts';
import { TERRAFORM_USER_PATHS } from './terraform/user-paths.ts';

export const BUILTIN_TARGETS: TargetEntry[] = [
  { id: 'serverless', description: 'serverless.yml per environment and region: Lambda functions, API Gateway, queues, schedules', origin: 'built-in', userPaths: SERVERLESS_USER_PATHS, load: async () => (await import('./serverless/index.ts')).default },
  { id: 'compose', description: 'docker-compose files: the whole system locally, plus one override file per environment', origin: 'built-in', userPaths: COMPOSE_USER_PATHS, load: async () => (await import('./compose/index.ts')).default },
  { id: 'kubernetes', description: 'Kubernetes manifests (cdk8s) for services, jobs and testnets, per environment, region and namespace', origin: 'built-in', load: async () => (await import('./kubernetes/index.ts')).default },
  { id: 'terraform', description: 'Terraform JSON (cdktf) for the AWS resources: one stack per environment and region, wiring published as SSM parameters', origin: 'built-in', userPaths: TERRAFORM_USER_PATHS, load: async () => (await import('./terraform/index.ts')).default },
];
