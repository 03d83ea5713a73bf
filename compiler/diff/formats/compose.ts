/**
 * docker-compose files: each service, named volume, network, secret and config is an object
 * (`services.api`, `volumes.db-data`); any other top-level key is one object of its own. Each file
 * is its own scope (the base file and each environment's override file).
 */
import { parse } from 'yaml';
import { isPlainObject } from '../../data.ts';
import { COMPOSE_RULES } from '../rules/compose.ts';
import type { FormatHandler, OutputObject } from './format.ts';

const SECTIONS: Record<string, string> = { services: 'service', volumes: 'volume', networks: 'network', secrets: 'secret', configs: 'config' };

export const composeFormat: FormatHandler = {
  id: 'compose',
  matches: (relative, target) =>
    /\.ya?ml$/.test(relative) && (/(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(relative) || (target === 'compose' && /override/.test(relative))),
  entityKind: (type) => (type === 'service' ? 'service' : undefined),
  parse(file, contents) {
    const document = parse(contents, { maxAliasCount: 100, logLevel: 'error' }) as unknown;
    if (document === null || document === undefined) return [];
    if (!isPlainObject(document)) throw new Error('not a compose file');
    const objects: OutputObject[] = [];
    for (const key of Object.keys(document).sort()) {
      const section = document[key];
      const type = SECTIONS[key];
      if (type && isPlainObject(section)) {
        for (const name of Object.keys(section).sort()) {
          const value = section[name];
          const names = [name];
          if (isPlainObject(value) && typeof value.container_name === 'string') names.push(value.container_name);
          objects.push({ id: `${key}.${name}`, type, names, value, file });
        }
      } else {
        objects.push({ id: key, type: key, names: [], value: section, file });
      }
    }
    return objects;
  },
  rules: COMPOSE_RULES,
};
