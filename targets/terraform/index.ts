/**
 * The Terraform target: AWS infrastructure as Terraform JSON, through cdktf and
 * @cdktf/provider-aws. One stack per environment × region, written to `<env>/<region>/main.tf.json`;
 * regions with nothing to manage get no file. Provider classes are imported by deep path: the
 * package index costs seconds and hundreds of megabytes on every run.
 */
import { TERRAFORM_MANIFEST } from './manifest.ts';
import type { EmittedFile, EmittedObject, Target } from '../../compiler/plugin-api.ts';
import { completeRecords, environmentRecord, kubernetesPlacement } from '../../compiler/plugin-api.ts';
import { checkTerraform } from './check.ts';
import { TERRAFORM_DIFF, terraformObjects } from './diff.ts';
import { buildRegion } from './region.ts';
import { createRoot, RegionStack } from './stack.ts';
import { withoutTokenStackTraces } from './stack-traces.ts';
import { releaseTokensSince, tokenMark } from './tokens.ts';

const target: Target = {
  ...TERRAFORM_MANIFEST,
  check: checkTerraform,
  diff: TERRAFORM_DIFF,
  emit(model, context) {
    return withoutTokenStackTraces(() => {
      // One construct tree for the whole build; each stack is synthesized in memory.
      const root = createRoot();
      const files: EmittedFile[] = [];
      for (const system of model.environments) {
        const environment = system.environment;
        if (!environment) continue;
        for (const region of environment.regions) {
          const mark = tokenMark();
          const kubernetes = kubernetesPlacement(context.optionsOf('kubernetes', environment.name), model.name);
          const file = regionFile(new RegionStack(root, model, system, environment, region, kubernetes), mark);
          if (file) files.push(file);
        }
      }
      return files;
    });
  },
};

/**
 * One region's file. Stacks never reference each other, so once written each leaves the construct
 * tree, and its tokens (those since `mark`) leave cdktf's token map: its constructs can be
 * collected instead of outliving the build.
 */
function regionFile(stack: RegionStack, mark: number | undefined): EmittedFile | undefined {
  try {
    buildRegion(stack);
    if (stack.sources.size === 0) return undefined;
    const { env: environment, region } = stack;
    const path = `${environment.name}/${region}/main.tf.json`;
    const { document, contents } = stack.synthesize();
    // What no single entity made (the network, providers, the backend, shared keys and data sources) is the environment's.
    const ids = terraformObjects(path, document).map((object) => object.id);
    return { path, contents, sources: [...stack.sources].sort(), objects: completeRecords(inFileOrder(stack.objects, ids), ids, (id) => environmentRecord(id, environment)) };
  } finally {
    stack.stack.node.scope!.node.tryRemoveChild(stack.stack.node.id);
    releaseTokensSince(mark);
  }
}

/**
 * The recorded objects in the order of `ids` (the file's, sorted within each block), the rest after
 * them: completeRecords sorts by id, and a few sorted runs sort in far fewer comparisons than the
 * order the objects were made in (≈ 21,000 objects a stack at 1,000 services).
 */
function inFileOrder(recorded: ReadonlyMap<string, EmittedObject>, ids: readonly string[]): EmittedObject[] {
  const ordered: EmittedObject[] = [];
  for (const id of ids) {
    const record = recorded.get(id);
    if (record) ordered.push(record);
  }
  if (ordered.length < recorded.size) {
    const listed = new Set(ids);
    for (const [id, record] of recorded) if (!listed.has(id)) ordered.push(record);
  }
  return ordered;
}

export default target;
