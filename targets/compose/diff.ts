/**
 * How `infragen diff` reads docker-compose files: each service, named volume, network, secret and
 * config is an object (`services.api`, `volumes.db-data`); any other top-level key is one object of
 * its own. Each file is its own scope; the base file is environment `local`, an override file
 * (`docker-compose.<env>.override.yml`) names its environment.
 */
import type { DiffFormat, DiffObject } from '../../compiler/plugin-api.ts';
import { asList, isPlainObject, parseYaml } from '../../compiler/plugin-api.ts';
import { COMPOSE_RISKS } from './diff-risks.ts';

const SECTIONS: Record<string, string> = { services: 'service', volumes: 'volume', networks: 'network', secrets: 'secret', configs: 'config' };
const OVERRIDE = /^docker-compose\.([^./]+)\.override\.ya?ml$/;

/** The objects of one compose document. */
export function composeObjects(file: string, document: unknown): DiffObject[] {
  if (document === null || document === undefined) return [];
  if (!isPlainObject(document)) throw new Error('not a compose file');
  const objects: DiffObject[] = [];
  for (const key of Object.keys(document).sort()) {
    const section = document[key];
    const type = SECTIONS[key];
    if (type && isPlainObject(section)) {
      for (const name of Object.keys(section).sort()) objects.push({ id: `${key}.${name}`, type, value: section[name], file });
    } else {
      objects.push({ id: key, type: key, value: section, file });
    }
  }
  return objects;
}

/** Variable names a service reads from compose secrets (`*_FILE` → /run/secrets, or the secret's name). */
function secretNames(object: DiffObject): Set<string> {
  const names = new Set<string>();
  const value = isPlainObject(object.value) ? object.value : {};
  const env = value.environment;
  const entries = isPlainObject(env) ? Object.entries(env) : asList(env).filter((item): item is string => typeof item === 'string').map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]);
  for (const [name, setting] of entries) if (typeof setting === 'string' && setting.startsWith('/run/secrets/')) names.add(String(name).replace(/_FILE$/, ''));
  for (const secret of asList(value.secrets)) {
    const name = typeof secret === 'string' ? secret : isPlainObject(secret) ? String(secret.target ?? secret.source ?? '') : '';
    if (name) names.add(name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase());
  }
  return names;
}

export const COMPOSE_DIFF: DiffFormat = {
  matches: (relative) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(relative),
  place: (relative) => ({ env: OVERRIDE.exec(relative)?.[1] ?? 'local' }),
  parse: (file, contents) => composeObjects(file, parseYaml(contents)),
  secretNames,
  risks: COMPOSE_RISKS,
};
