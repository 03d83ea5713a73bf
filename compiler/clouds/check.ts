/**
 * The cloud checks of one view: the environment's cloud is known; its regions, its account and
 * the classes of its databases, caches and search clusters are that cloud's; sizes exist there.
 * The base definitions are checked against `defaults.cloud`. Each finding points at the value as
 * written (in the override when the override set it).
 */
import * as catalogue from '../diagnostics/catalogue.ts';
import type { At } from '../diagnostics/catalogue.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { locate, type LoadedSystem } from '../load/load.ts';
import type { DataPath } from '../load/source.ts';
import type { DocumentView } from '../validate/views.ts';
import { classChoice } from './choice.ts';
import type { CloudCatalogues } from './registry.ts';
import { CLASSED_KINDS, type ClassedKind, type CloudCatalogue, type InstanceSize } from './types.ts';

const COLLECTION_OF: Record<ClassedKind, 'databases' | 'caches' | 'search'> = { database: 'databases', cache: 'caches', search: 'search' };

export interface CloudCheckOptions {
  /** True while plugins are not loaded yet: a cloud no built-in catalogue knows is left for later. */
  deferUnknown: boolean;
}

/** The cloud a view runs on, and where that is said. */
export function cloudOf(view: DocumentView): { id: string; path: DataPath } {
  const env = view.env !== undefined ? view.document.environments[view.env] : undefined;
  if (env?.cloud !== undefined) return { id: env.cloud, path: ['environments', view.env!, 'cloud'] };
  return { id: view.document.defaults.cloud, path: ['defaults', 'cloud'] };
}

export function checkClouds(loaded: LoadedSystem, view: DocumentView, clouds: CloudCatalogues, options: CloudCheckOptions, report: (diagnostic: Diagnostic) => void): void {
  const at = (path: DataPath, part: 'key' | 'value' = 'value'): At => {
    const source = view.sourcePath(path);
    return { span: locate(loaded, source, part), path: source.map(String).join('.') };
  };
  const { id, path } = cloudOf(view);
  const cloud = clouds.get(id);
  if (!cloud) {
    if (!options.deferUnknown) report(catalogue.unknownCloud(id, clouds.ids, at(path), closest(id, clouds.ids)));
    return;
  }
  const checkRegion = (region: string, regionPath: DataPath) => {
    if (!cloud.regions.includes(region)) report(catalogue.cloudRegion(region, cloud.id, clouds.regionOwners(region, cloud.id), closest(region, cloud.regions), at(regionPath)));
  };
  if (view.env === undefined) {
    const region = view.document.defaults.region;
    if (region !== undefined) checkRegion(region, ['defaults', 'region']);
  } else {
    const env = view.document.environments[view.env]!;
    env.regions.forEach((region, index) => checkRegion(region, ['environments', view.env!, 'regions', index]));
    if (env.account !== undefined && !clouds.isAccount(cloud, env.account)) {
      report(catalogue.cloudAccount(env.account, cloud.id, cloud.account.label, cloud.account.example, at(['environments', view.env, 'account'])));
    }
  }
  for (const kind of CLASSED_KINDS) checkClasses(view, kind, cloud, clouds, at, report);
  checkServiceSizes(view, cloud, at, report);
}

function checkClasses(view: DocumentView, kind: ClassedKind, cloud: CloudCatalogue, clouds: CloudCatalogues, at: (path: DataPath, part?: 'key' | 'value') => At, report: (diagnostic: Diagnostic) => void): void {
  const collection = COLLECTION_OF[kind];
  const entities = (view.document[collection] ?? {}) as Record<string, { class?: string; size?: InstanceSize }>;
  for (const [name, entity] of Object.entries(entities)) {
    const choice = classChoice(view, collection, name, entity);
    if ('missing' in choice) report(catalogue.classOrSize(`${kind} "${name}"`, false, at([collection, name], 'key')));
    else if ('both' in choice) report(catalogue.classOrSize(`${kind} "${name}"`, true, at([collection, name, 'size'])));
    else if (!cloud.classes[kind]) report(catalogue.cloudClass('class' in choice ? choice.class : `size ${choice.size}`, kind, cloud.id, undefined, [], at([collection, name, 'class' in choice ? 'class' : 'size'])));
    else if ('class' in choice && !clouds.isClass(cloud, kind, choice.class)) {
      report(catalogue.cloudClass(choice.class, kind, cloud.id, cloud.classes[kind], clouds.classOwners(kind, choice.class, cloud.id), at([collection, name, 'class'])));
    }
  }
}

function checkServiceSizes(view: DocumentView, cloud: CloudCatalogue, at: (path: DataPath) => At, report: (diagnostic: Diagnostic) => void): void {
  if (cloud.serviceSizes) return;
  for (const [name, service] of Object.entries(view.document.services ?? {})) {
    if (service.size !== undefined) report(catalogue.cloudClass(`size ${service.size}`, 'service', cloud.id, undefined, [], at(['services', name, 'size'])));
  }
}
