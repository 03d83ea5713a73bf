/**
 * The one SSM parameter this target reads that Terraform does not publish (wiring values follow
 * `ssmParameterName()`, network values `networkParameterName()` of compiler/model/wiring.ts): a
 * Cognito user pool's ARN, published by whoever owns the pool (infragen creates no user pools).
 */

/** ARN of a Cognito user pool named in `authorizer: { cognito: <pool> }`. */
export function cognitoUserPoolArnParameter(system: string, env: string, pool: string): string {
  return `/${system}/${env}/cognito/${pool}/arn`;
}
