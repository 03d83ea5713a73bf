/** What the registry and the target share: one copy of the terraform target's id, description, codes and user paths. */
import { TERRAFORM_DIAGNOSTICS } from './diagnostics.ts';
import { TERRAFORM_USER_PATHS } from './user-paths.ts';

export const TERRAFORM_MANIFEST = {
  id: 'terraform',
  description: 'AWS resources as Terraform JSON (cdktf): one stack per environment and region, wiring published as SSM parameters',
  clouds: ['aws'],
  diagnostics: TERRAFORM_DIAGNOSTICS,
  userPaths: TERRAFORM_USER_PATHS,
} as const;
