/**
 * Every finding the kubernetes target reports, by code: the catalogue docs/diagnostics.md is checked
 * against (test/targets/catalogues.test.ts), exported on the target as `diagnostics`.
 */
import type { TargetDiagnostics } from '../../compiler/plugin-api.ts';

export const K8S_DIAGNOSTICS = {
  K8S_ACCOUNT_REQUIRED: { severity: 'error', summary: 'An environment names a cluster whose workloads get IAM roles, but no `account` for their ARNs.' },
  K8S_NAME_COLLISION: { severity: 'error', summary: 'Two workloads of one namespace would have the same object names.' },
  K8S_SHARED_NAMESPACE: { severity: 'error', summary: 'Two environments deploy to the same namespace of the same cluster.' },
  K8S_TESTNET_NO_DOMAIN: { severity: 'error', summary: 'A testnet spans several regions, but its environment has no domain for seed DNS names.' },
  K8S_TESTNET_NO_SEED: { severity: 'error', summary: 'A workload refers to a testnet port, but the testnet has no seed node to point at.' },
  K8S_TESTNET_NO_PUBLIC_PORT: { severity: 'warning', summary: 'A public testnet without a public port gets no load balancer.' },
  K8S_SERVICE_NOT_IN_REGION: { severity: 'warning', summary: 'A workload uses a service that does not run in its region.' },
  K8S_NO_CERT_ISSUER: { severity: 'warning', summary: 'An ingress asks for TLS, but the environment names no cert-manager issuer.' },
  K8S_IMAGE_NO_ACCOUNT: { severity: 'warning', summary: 'An image built from source in an environment without `account`: its ECR address is unknown.' },
  K8S_DATABASE_SECRET_NO_ACCOUNT: { severity: 'error', summary: 'A workload reads a database password in an environment without `account`: the secret RDS manages is found by the instance ARN.' },
  K8S_CDN_NOT_IN_TARGET: { severity: 'info', summary: 'CDNs are CloudFront distributions the Terraform target creates; Kubernetes only reads their values.' },
  K8S_OVERRIDE_UNKNOWN_OBJECT: { severity: 'error', summary: '`overrides.kubernetes` names an object (`Kind/name`) the workload\'s file does not have.' },
  K8S_OVERRIDE_UNKNOWN_FIELD: { severity: 'error', summary: 'A patch under `overrides.kubernetes` sets a field the object\'s schema does not have.' },
  K8S_OVERRIDE_WRONG_TYPE: { severity: 'error', summary: 'A patch under `overrides.kubernetes` sets a field to a value of the wrong type.' },
  K8S_OVERRIDE_IDENTITY: { severity: 'error', summary: 'A patch under `overrides.kubernetes` changes what makes the object itself: apiVersion, kind, name or namespace.' },
  K8S_OVERRIDE_UNNAMED: { severity: 'warning', summary: '`overrides.kubernetes` names no object (the deprecated form): it patches the workload object.' },
} as const satisfies TargetDiagnostics;
