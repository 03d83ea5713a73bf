/**
 * The clouds the example plugins contribute (`gcp`, from examples/plugins/gcp-cloud-run), for
 * tests that validate the examples without loading their plugins: examples/gcp-shop needs it.
 */
import path from 'node:path';
import type { CloudCatalogue } from '../../compiler/clouds/types.ts';
import { loadPlugin } from '../../compiler/plugins/load.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function exampleClouds(): Promise<CloudCatalogue[]> {
  const loaded = await loadPlugin('template:examples/plugins/gcp-cloud-run', ROOT);
  if (!('target' in loaded)) throw new Error(`the example GCP plugin does not load: ${JSON.stringify(loaded)}`);
  return [...(loaded.target.cloudCatalogues ?? [])];
}

export const EXAMPLE_CLOUDS: readonly CloudCatalogue[] = await exampleClouds();

/** Whether a model has an environment on one of `clouds` (what a target serving them sees). */
export const servesAny = (model: { environments: ReadonlyArray<{ environment?: { cloud: string } }> }, clouds: readonly string[]) =>
  model.environments.some((resolved) => clouds.includes(resolved.environment!.cloud));
