/**
 * ARNs this target builds itself (Lambda functions and their log groups, which the serverless.yml
 * creates, so Terraform cannot publish them). Everything Terraform creates is read from SSM instead.
 */
import { functionName } from '../../compiler/plugin-api.ts';
import type { Scope } from './scope.ts';

/** The AWS partition a region belongs to. */
export function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The environment's account when declared, else resolved by the framework at deploy time. */
export function account(scope: Scope): string {
  return scope.env.account ?? '${aws:accountId}';
}

/** The Lambda function name Terraform's alarms and log metric filters point at. */
export function deployedFunctionName(scope: Scope, name: string): string {
  return functionName(scope.model.name, scope.env.name, name);
}

/** A function's ARN: in this region when it runs here, else in its primary region. */
export function functionArn(scope: Scope, name: string): string {
  const target = scope.resolved.functions[name];
  const region = !target || target.regions.includes(scope.region) ? scope.region : target.regions[0]!;
  return `arn:${partition(region)}:lambda:${region}:${account(scope)}:function:${deployedFunctionName(scope, name)}`;
}

/** The log streams of a function's log group (`/aws/lambda/<function name>`). */
export function logStreamsArn(scope: Scope, name: string): string {
  return `arn:${partition(scope.region)}:logs:${scope.region}:${account(scope)}:log-group:/aws/lambda/${deployedFunctionName(scope, name)}:*`;
}
