/** Loading plugin targets named in `plugins:` or with `--plugin`. */
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { SystemModel } from '../model/types.ts';
import type { TargetEntry } from '../targets.ts';

export async function loadPlugins(
  loaded: LoadedSystem | undefined,
  _model: SystemModel | undefined,
  cliSpecs: string[],
): Promise<{ entries: TargetEntry[]; diagnostics: Diagnostic[] }> {
  const fromFile = Array.isArray(loaded?.data.plugins) ? (loaded.data.plugins as string[]) : [];
  const diagnostics = [
    ...fromFile.map((spec, index) => catalogue.pluginNotFound(spec, 'plugin loading is not implemented yet', { span: loaded && locate(loaded, ['plugins', index]) })),
    ...cliSpecs.map((spec) => catalogue.pluginNotFound(spec, 'plugin loading is not implemented yet', { path: `--plugin ${spec}` })),
  ];
  return { entries: [], diagnostics };
}
