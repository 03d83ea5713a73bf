/**
 * The SSM parameters this target reads that are not `${kind.name.attribute}` wiring values (those
 * follow `ssmParameterName()` of compiler/model/wiring.ts). The Terraform target publishes the two
 * network parameters under exactly these names; the Cognito one is published by whoever owns the
 * user pool (infragen does not create user pools).
 */

/** StringList of the private subnet ids of the environment's VPC in the region. */
export function privateSubnetIdsParameter(system: string, env: string): string {
  return `/${system}/${env}/network/vpc/private-subnet-ids`;
}

/** Id of the security group Terraform creates for functions with `vpc: true`. */
export function lambdaSecurityGroupParameter(system: string, env: string): string {
  return `/${system}/${env}/network/vpc/lambda-security-group-id`;
}

/** ARN of a Cognito user pool named in `authorizer: { cognito: <pool> }`. */
export function cognitoUserPoolArnParameter(system: string, env: string, pool: string): string {
  return `/${system}/${env}/cognito/${pool}/arn`;
}
