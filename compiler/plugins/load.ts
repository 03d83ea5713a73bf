/**
 * Loading plugin targets named in `plugins:` (relative to the system file) or with `--plugin`
 * (relative to the current folder), and binding every target to its checked `targets.<id>`
 * options. A plugin that is missing, invalid or takes an id already in use becomes a diagnostic
 * naming it; the other targets still load.
 *
 * Every CLI run imports this module, so ajv (`./options.ts`) and handlebars (`./template-plugin.ts`)
 * are imported only once a target has options to check or a template plugin is named.
 */
import { BUILTIN_CLOUDS } from '../clouds/registry.ts';
import { isPlainObject } from '../data.ts';
import * as catalogue from '../diagnostics/catalogue.ts';
import type { At } from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import { PLUGIN_API_VERSION, type OptionsLookup, type Target } from '../target.ts';
import type { TargetEntry } from '../targets.ts';
import { loadCodePlugin, type PluginLoad } from './code-plugin.ts';
import { hasWrittenOptions, writtenOptions } from './option-sections.ts';
import type { CheckedSettings } from './options.ts';
import { unknownOverrideTargets } from './override-targets.ts';
import { resolveSpec } from './resolve.ts';

/** A loaded plugin: its target is already imported (its id is only known once it is). */
export interface PluginEntry extends TargetEntry {
  target: Target;
  /** Where the plugin is named: its `plugins:` item or the `--plugin` argument. */
  at: At;
}

export interface PluginRequest {
  spec: string;
  /** The folder the spec is relative to. */
  base: string;
  at: At;
}

/** The plugin requests of a system file and the command line, in that order. */
export function pluginRequests(loaded: LoadedSystem | undefined, cliSpecs: readonly string[], cwd = process.cwd()): PluginRequest[] {
  const fromFile = loaded && Array.isArray(loaded.data.plugins) ? (loaded.data.plugins as unknown[]).filter((spec): spec is string => typeof spec === 'string') : [];
  return [
    ...fromFile.map((spec, index) => ({ spec, base: loaded!.root, at: { span: locate(loaded!, ['plugins', index]) } })),
    ...cliSpecs.map((spec) => ({ spec, base: cwd, at: { path: `--plugin ${spec}` } })),
  ];
}

/** Loads one plugin spec into a target, or says why it cannot. */
export async function loadPlugin(spec: string, base: string): Promise<PluginLoad> {
  const resolved = resolveSpec(spec, base);
  if (resolved.kind === 'missing') return { notFound: resolved.reason };
  if (resolved.kind === 'module') return loadCodePlugin(resolved.file);
  const { loadTemplatePlugin } = await import('./template-plugin.ts');
  return loadTemplatePlugin(resolved.folder);
}

export async function loadPlugins(
  requests: readonly PluginRequest[],
  builtinIds: readonly string[],
): Promise<{ entries: PluginEntry[]; diagnostics: Diagnostic[] }> {
  const entries: PluginEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const takenClouds = new Map(BUILTIN_CLOUDS.map((cloud) => [cloud.id, 'the built-in catalogue']));
  for (const { spec, base, at } of requests) {
    const result = await loadPlugin(spec, base);
    if ('notFound' in result) {
      diagnostics.push(catalogue.pluginNotFound(spec, result.notFound, at));
      continue;
    }
    if ('incompatible' in result) {
      const { target, reason } = result.incompatible;
      diagnostics.push(catalogue.pluginApiVersion(spec, reason, at, (target.apiVersion ?? 0) > PLUGIN_API_VERSION));
      continue;
    }
    if ('invalid' in result) {
      const hint = spec.startsWith('template:') ? 'see "Template plugins → Manifest" in docs/plugins.md for what the manifest holds' : undefined;
      diagnostics.push(catalogue.pluginInvalid(spec, result.invalid, at, hint));
      continue;
    }
    const { target } = result;
    const earlier = entries.find((entry) => entry.id === target.id);
    const owner = builtinIds.includes(target.id) ? 'the built-in target' : earlier && `plugin "${earlier.origin}"`;
    if (owner) {
      diagnostics.push(catalogue.pluginInvalid(spec, `its id "${target.id}" is already taken by ${owner}`, at, 'target ids are unique: give the plugin another id'));
      continue;
    }
    const taken = (target.cloudCatalogues ?? []).map((cloud) => cloud.id).find((id) => takenClouds.has(id));
    if (taken) {
      diagnostics.push(catalogue.pluginInvalid(spec, `it contributes cloud "${taken}", which ${takenClouds.get(taken)} already describes`, at, 'cloud ids are unique: give the catalogue another id'));
      continue;
    }
    for (const cloud of target.cloudCatalogues ?? []) takenClouds.set(cloud.id, `plugin "${spec}"`);
    entries.push({ id: target.id, description: target.description, origin: spec, ...(target.userPaths ? { userPaths: target.userPaths } : {}), ...(target.clouds ? { clouds: target.clouds } : {}), target, at, load: async () => target });
  }
  return { entries, diagnostics };
}

/**
 * Checks every `targets.<id>` section against the targets there are, and each target's options
 * (system-wide and per environment) against its schema; binds every entry to one lookup of all
 * the checked options (`TargetEntry.optionsOf`). Built-ins are only loaded when a section names them. Targets whose options
 * are wrong are left out (their diagnostics fail the build).
 */
export async function configureTargets(
  loaded: LoadedSystem | undefined,
  entries: readonly (TargetEntry | PluginEntry)[],
  { allTargets = true }: { allTargets?: boolean } = {},
): Promise<{ entries: TargetEntry[]; diagnostics: Diagnostic[] }> {
  // Sections of targets left out of a partial list are not unknown.
  const known = entries.map((entry) => entry.id);
  const diagnostics = loaded && allTargets ? [...unknownTargetSections(loaded, known), ...unknownOverrideTargets(loaded, known)] : [];
  const configured: TargetEntry[] = [];
  const settings = new Map<string, CheckedSettings>();
  // A target left out of a partial list (a test's, the API's) is read as written.
  const optionsOf: OptionsLookup = (target, environment) => {
    const found = settings.get(target);
    if (found) return found.environments[environment] ?? found.options;
    return entries.some((entry) => entry.id === target) ? undefined : writtenOptions(loaded?.data, target, environment);
  };
  for (const entry of entries) {
    const plugin = 'target' in entry ? entry : undefined;
    if (!plugin && !hasWrittenOptions(loaded?.data, entry.id)) {
      configured.push({ ...registered(entry), optionsOf });
      continue;
    }
    const { checkTargetSettings, isZodSchema, loadJsonSchemaSupport } = await import('./options.ts');
    let target: Pick<Target, 'id' | 'optionsSchema'>;
    try {
      // A built-in's manifest carries its schema: checking options never loads cdktf or cdk8s.
      target = plugin?.target ?? (entry.optionsSchema ? entry : await entry.load());
    } catch {
      configured.push({ ...registered(entry), optionsOf }); // running it reports the failure as TARGET_FAILED
      continue;
    }
    if (target.optionsSchema && !isZodSchema(target.optionsSchema)) await loadJsonSchemaSupport();
    const check = checkTargetSettings(target, { ...(loaded ? { loaded } : {}), ...(plugin ? { fallback: plugin.at } : {}) });
    if ('diagnostics' in check) {
      diagnostics.push(...check.diagnostics);
      continue;
    }
    settings.set(entry.id, check);
    configured.push({ ...registered(entry), options: check.options, optionsOf });
  }
  return { entries: configured, diagnostics };
}

/** The registry entry of a target, without what only loading a plugin needed. */
const registered = (entry: TargetEntry | PluginEntry): TargetEntry => {
  if (!('target' in entry)) return entry;
  const { target, at: _at, ...rest } = entry;
  return { ...rest, load: async () => target };
};

/** `targets.<id>` and `environments.<env>.targets.<id>` sections that name no known target: PLUGIN_UNKNOWN_TARGET at the key. */
function unknownTargetSections(loaded: LoadedSystem, known: readonly string[]): Diagnostic[] {
  const environments = isPlainObject(loaded.data.environments) ? loaded.data.environments : {};
  const places = [
    { at: ['targets'], sections: loaded.data.targets },
    ...Object.entries(environments).map(([env, environment]) => ({ at: ['environments', env, 'targets'], sections: isPlainObject(environment) ? environment.targets : undefined })),
  ];
  return places.flatMap(({ at, sections }) => (isPlainObject(sections) ? Object.keys(sections) : [])
    .filter((id) => !known.includes(id))
    .map((id) => catalogue.pluginUnknownTarget(id, known, { span: locate(loaded, [...at, id], 'key') }, closest(id, known))));
}
