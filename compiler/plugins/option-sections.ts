/**
 * Where system.yaml writes a target's options: `targets.<id>` system-wide and
 * `environments.<env>.targets.<id>` per environment. Kept free of ajv, so a build that writes no
 * options never loads it.
 */

import { isPlainObject } from '../data.ts';
import { deepMerge } from '../validate/views.ts';

type Data = Record<string, unknown>;


/**
 * Per-environment sections that moved into a target's options and are still read for one
 * release: `environments.<env>.kubernetes` is now `environments.<env>.targets.kubernetes`
 * (ENV_KUBERNETES_MOVED warns about it).
 */
const MOVED_ENVIRONMENT_SECTIONS: Readonly<Record<string, string>> = { kubernetes: 'kubernetes' };

/** One environment's sections for target `id`, each with the path it was written at; later ones win. */
export function environmentSections(data: Data, id: string, env: string): Array<{ at: string[]; value: Data }> {
  const environment = isPlainObject(data.environments) ? data.environments[env] : undefined;
  if (!isPlainObject(environment)) return [];
  const moved = MOVED_ENVIRONMENT_SECTIONS[id];
  const sections = [
    ...(moved ? [{ at: ['environments', env, moved], value: environment[moved] }] : []),
    { at: ['environments', env, 'targets', id], value: isPlainObject(environment.targets) ? environment.targets[id] : undefined },
  ];
  return sections.filter((section): section is { at: string[]; value: Data } => isPlainObject(section.value));
}

/** Whether system.yaml writes any options for target `id`, system-wide or for an environment. */
export function hasWrittenOptions(data: Data | undefined, id: string): boolean {
  if (!data) return false;
  if (isPlainObject(data.targets) && data.targets[id] !== undefined) return true;
  return Object.keys(isPlainObject(data.environments) ? data.environments : {}).some((env) => environmentSections(data, id, env).length > 0);
}

/**
 * Target `id`'s options for `env` as written, not checked: `targets.<id>` with the environment's
 * section(s) merged over it. Read where the target itself is not configured (a build of another
 * target alone still sees the Kubernetes cluster), undefined when nothing is written.
 */
export function writtenOptions(data: Data | undefined, id: string, env: string): Data | undefined {
  if (!data || !hasWrittenOptions(data, id)) return undefined;
  const base = isPlainObject(data.targets) && isPlainObject(data.targets[id]) ? data.targets[id] : {};
  return environmentSections(data, id, env).reduce<Data>((merged, section) => deepMerge(merged, section.value) as Data, base);
}
