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
import { TERRAFORM_DIFF, terraformObjectIds } from './diff.ts';
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
    return { path, contents, sources: [...stack.sources].sort(), objects: fileRecords(stack.objects, terraformObjectIds(document), (id) => environmentRecord(id, environment)) };
  } finally {
    stack.stack.node.scope!.node.tryRemoveChild(stack.stack.node.id);
    releaseTokensSince(mark);
  }
}

/**
 * `completeRecords([...recorded.values()], ids, fallback)`: a record for each object of the file,
 * the recorded one or `fallback(id)`, sorted by id. Here without a map of every id or a sort from
 * scratch (≈ 21,000 objects a stack at 1,000 services): the ids come in file order, a few sorted
 * runs, and every recorded object is in the file, unless an override removed one (then
 * completeRecords decides).
 */
function fileRecords(recorded: ReadonlyMap<string, EmittedObject>, ids: string[], fallback: (id: string) => EmittedObject): EmittedObject[] {
  ids.sort();
  const records: EmittedObject[] = [];
  let found = 0;
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index]!;
    if (index > 0 && id === ids[index - 1]) continue;
    const record = recorded.get(id);
    if (record) found++;
    records.push(record ?? fallback(id));
  }
  return found === recorded.size ? records : completeRecords([...recorded.values()], ids, fallback);
}

export default target;
