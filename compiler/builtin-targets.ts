/**
 * The built-in targets. Each loads lazily, so `validate` and a build of one target never pay
 * for the libraries of the others (cdktf alone costs hundreds of milliseconds); their checks
 * and diff formats live in modules of their own, so `validate` and `diff` use them without cdktf
 * or cdk8s.
 */
import type { TargetEntry } from './targets.ts';
import { COMPOSE_MANIFEST } from '../targets/compose/manifest.ts';
import { K8S_MANIFEST } from '../targets/kubernetes/manifest.ts';
import { SERVERLESS_MANIFEST } from '../targets/serverless/manifest.ts';
import { TERRAFORM_MANIFEST } from '../targets/terraform/manifest.ts';
import type { Target } from './target.ts';

/** The registry entry of a built-in: its manifest, its module and its check module, both lazy. */
const builtin = (
  manifest: { id: string; description: string; userPaths?: readonly string[]; clouds?: readonly string[]; optionsSchema?: Target['optionsSchema'] },
  load: TargetEntry['load'],
  loadCheck: NonNullable<TargetEntry['loadCheck']>,
  loadDiff: NonNullable<TargetEntry['loadDiff']>,
): TargetEntry => ({
  id: manifest.id,
  description: manifest.description,
  origin: 'built-in',
  ...(manifest.userPaths ? { userPaths: manifest.userPaths } : {}),
  ...(manifest.clouds ? { clouds: manifest.clouds } : {}),
  ...(manifest.optionsSchema ? { optionsSchema: manifest.optionsSchema } : {}),
  load,
  loadCheck,
  loadDiff,
});

export const BUILTIN_TARGETS: TargetEntry[] = [
  builtin(SERVERLESS_MANIFEST, async () => (await import('../targets/serverless/index.ts')).default, async () => ({ check: (await import('../targets/serverless/check.ts')).checkServerless, diagnostics: SERVERLESS_MANIFEST.diagnostics }), async () => (await import('../targets/serverless/diff.ts')).SERVERLESS_DIFF),
  builtin(COMPOSE_MANIFEST, async () => (await import('../targets/compose/index.ts')).default, async () => ({ check: (await import('../targets/compose/check.ts')).checkCompose, diagnostics: COMPOSE_MANIFEST.diagnostics }), async () => (await import('../targets/compose/diff.ts')).COMPOSE_DIFF),
  builtin(K8S_MANIFEST, async () => (await import('../targets/kubernetes/index.ts')).default, async () => ({ check: (await import('../targets/kubernetes/check.ts')).checkKubernetes, diagnostics: K8S_MANIFEST.diagnostics }), async () => (await import('../targets/kubernetes/diff.ts')).KUBERNETES_DIFF),
  builtin(TERRAFORM_MANIFEST, async () => (await import('../targets/terraform/index.ts')).default, async () => ({ check: (await import('../targets/terraform/check.ts')).checkTerraform, diagnostics: TERRAFORM_MANIFEST.diagnostics }), async () => (await import('../targets/terraform/diff.ts')).TERRAFORM_DIFF),
];
