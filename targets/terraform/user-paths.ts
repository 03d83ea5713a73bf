/** What in a stack folder is the user's: Terraform's state and working files after `terraform init`/`apply`, and variable files. */
export const TERRAFORM_USER_PATHS = [
  '**/.terraform/**',
  '**/.terraform.lock.hcl',
  '**/.terraform.tfstate.lock.info',
  '**/terraform.tfstate',
  '**/terraform.tfstate.*',
  '**/terraform.tfstate.d/**',
  '**/*.tfvars',
  '**/*.tfvars.json',
  '**/*.tfplan',
] as const;
