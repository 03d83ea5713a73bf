/**
 * Every finding the terraform target reports, by code: the catalogue docs/diagnostics.md is checked
 * against (test/targets/catalogues.test.ts), exported on the target as `diagnostics`.
 */
import type { TargetDiagnostics } from '../../compiler/plugin-api.ts';

export const TERRAFORM_DIAGNOSTICS = {
  TERRAFORM_ALARM_PERIOD: { severity: 'error', summary: 'An alarm period CloudWatch does not offer: 10s, 30s or a multiple of 60s.' },
  TERRAFORM_ALARM_THRESHOLD: { severity: 'error', summary: 'A metric or log alarm without a threshold, or with a comparison CloudWatch lacks.' },
  TERRAFORM_ALARM_NO_DEAD_LETTER_QUEUE: { severity: 'error', summary: 'An alarm on `dead-letters` of a queue that has no `deadLetter`.' },
  TERRAFORM_PROBE_URL: { severity: 'error', summary: 'A probe URL that a Route53 health check cannot probe.' },
  TERRAFORM_DATABASE_STORAGE: { severity: 'error', summary: 'Database storage outside what RDS allocates (20 to 65536 GiB).' },
  TERRAFORM_BUCKET_NOTIFY_FIFO: { severity: 'error', summary: 'A bucket notifies a FIFO queue or topic, which S3 cannot send to.' },
  TERRAFORM_BUCKET_NOTIFY_REGION: { severity: 'error', summary: 'A bucket notifies a queue or topic that does not live in each of its regions.' },
  TERRAFORM_BUCKET_NOTIFY_OVERLAP: { severity: 'error', summary: "Two of a bucket's queue/topic notifications match the same keys for the same events." },
  TERRAFORM_CDN_HOST: { severity: 'error', summary: "A CDN alias, or the ingress host of a CDN's origin service, is not a DNS name." },
  TERRAFORM_SEARCH_ZONES: { severity: 'error', summary: 'A search cluster of several nodes needs private subnets in two availability zones.' },
  TERRAFORM_SUBSCRIPTION_OUTSIDE_REGION: { severity: 'warning', summary: "A topic subscribes a queue that does not live in one of the topic's regions." },
  TERRAFORM_NO_CLUSTER: { severity: 'warning', summary: 'Kubernetes workloads need IAM roles, but the environment names no cluster to trust.' },
  TERRAFORM_SLACK_UNSUPPORTED: { severity: 'warning', summary: "A notification channel's `slack` cannot receive CloudWatch alarms through SNS." },
  TERRAFORM_OVERRIDE_UNKNOWN_OBJECT: { severity: 'error', summary: '`overrides.terraform` names a resource address the entity is not built as.' },
  TERRAFORM_OVERRIDE_UNKNOWN_FIELD: { severity: 'error', summary: 'A patch under `overrides.terraform` sets an argument the resource type does not have (or that only the provider computes).' },
  TERRAFORM_OVERRIDE_WRONG_TYPE: { severity: 'error', summary: 'A patch under `overrides.terraform` sets an argument to a value of the wrong type.' },
  TERRAFORM_OVERRIDE_IDENTITY: { severity: 'error', summary: 'A patch under `overrides.terraform` sets `provider`, `count` or `for_each`, which would make the resource other resources.' },
} as const satisfies TargetDiagnostics;
