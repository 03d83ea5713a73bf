/**
 * Synthesis through cdk8s: every file is one Chart of plain `ApiObject`s with explicit names
 * (no generated names, no construct paths in names or selectors), rendered in memory with
 * `chart.toJson()` and serialized with the compiler's stable YAML writer. The objects are
 * `PlainApiObject`s: cdk8s's own rendering, minus its per-value resolution for plain data; an
 * object without a merge patch is written from its own fields, without the sanitized copy.
 *
 * One App serves the whole build. `chart.toJson()` prepares the entire App (dependency
 * resolution and validation walk every construct), so each chart is removed from the App once
 * rendered: synthesis stays linear in the number of files instead of quadratic.
 */
import { App, Chart } from './cdk8s.ts';
import { toStableYaml, toStableYamlOfPlainData, applyMergePatch } from '../../compiler/plugin-api.ts';
import { PlainApiObject, rendersPlainData, UnsanitizedJson } from './plain-api-object.ts';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** An object of a file, with the user's `overrides.kubernetes` merge patch when it has one. */
export interface Manifest {
  object: KubeObject;
  mergePatch?: unknown;
}

const CHART_ID = 'file';

export class ManifestSynthesizer {
  private readonly app = new App();
  private readonly plainData = rendersPlainData(this.app);

  /** The YAML documents of one file, in the order given. */
  render(manifests: readonly Manifest[]): string {
    const chart = new Chart(this.app, CHART_ID);
    try {
      // An object without a patch is written from its fields: the writer drops what sanitizing drops.
      // Its sanitized copy (and any lazy value in it) is made only if the writer gives up on it, so
      // after chart.toJson(): with several objects cdk8s refuses, a different one may be named.
      manifests.forEach((manifest, index) => new PlainApiObject(chart, String(index), manifest.object, this.plainData, manifest.mergePatch === undefined));
      const rendered = chart.toJson();
      const documents = rendered.map((json: unknown, index: number) => {
        if (json instanceof UnsanitizedJson) return toStableYamlOfPlainData(json.fields) ?? toStableYaml(json.sanitized());
        const patch = manifests[index]!.mergePatch;
        // applyMergePatch copies what it changes and never writes to the patch: no clone needed
        return toStableYaml(patch === undefined ? json : applyMergePatch(json, patch));
      });
      return documents.join('---\n');
    } finally {
      this.app.node.tryRemoveChild(CHART_ID);
    }
  }
}
