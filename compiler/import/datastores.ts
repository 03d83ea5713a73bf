/**
 * Data stores recognised by image: the official Postgres, MySQL, MariaDB, Redis and Valkey images
 * (and their Bitnami builds) become managed `databases` and `caches`, with the version from the tag.
 */

export interface Datastore {
  kind: 'database' | 'cache';
  engine: 'postgres' | 'mysql' | 'redis' | 'valkey';
  /** The image's own engine, when it differs from the managed one (MariaDB runs as MySQL). */
  imageEngine: string;
  /** The version from the tag, or the default when the tag names none. */
  version: string;
  /** How the tag was read: `exact` (the tag is the version), `variant` (`16-alpine`), `default` (no version in the tag). */
  versionFrom: 'exact' | 'variant' | 'default';
  port: number;
}

const ENGINES: Record<string, { kind: Datastore['kind']; engine: Datastore['engine']; defaultVersion: string; port: number }> = {
  postgres: { kind: 'database', engine: 'postgres', defaultVersion: '16', port: 5432 },
  postgresql: { kind: 'database', engine: 'postgres', defaultVersion: '16', port: 5432 },
  mysql: { kind: 'database', engine: 'mysql', defaultVersion: '8.0', port: 3306 },
  mariadb: { kind: 'database', engine: 'mysql', defaultVersion: '8.0', port: 3306 },
  redis: { kind: 'cache', engine: 'redis', defaultVersion: '7.1', port: 6379 },
  valkey: { kind: 'cache', engine: 'valkey', defaultVersion: '8.0', port: 6379 },
};

/** `[registry/]repository[:tag][@digest]` → the repository's last two parts and the tag. */
function parseImage(image: string): { owner?: string; name: string; tag?: string } {
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
  const repository = (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).split('/');
  const first = repository[0]!;
  // A first part with a dot or a port is a registry: docker.io/library/postgres.
  const parts = repository.length > 1 && (/[.:]/.test(first) || first === 'localhost') ? repository.slice(1) : repository;
  return { ...(parts.length > 1 ? { owner: parts[parts.length - 2] } : {}), name: parts[parts.length - 1]!, ...(tag ? { tag } : {}) };
}

/** The data store an image runs, or undefined when it is an application image. */
export function recogniseDatastore(image: string): Datastore | undefined {
  const { owner, name, tag } = parseImage(image.toLowerCase());
  const official = owner === undefined || owner === 'library' || owner === 'bitnami' || (owner === 'valkey' && name === 'valkey');
  const engine = official ? ENGINES[name] : undefined;
  if (!engine) return undefined;
  const version = /^(\d+(?:\.\d+)*)(.*)$/.exec(tag ?? '');
  const imageEngine = name === 'postgresql' ? 'postgres' : name;
  // MariaDB's version numbers are its own: the managed MySQL takes its default version.
  if (!version || imageEngine !== engine.engine) return { ...engine, imageEngine, version: engine.defaultVersion, versionFrom: 'default', port: engine.port };
  // Managed engines take major.minor at most: 16.3 stays, 8.0.36 becomes 8.0.
  const numbers = version[1]!.split('.').slice(0, 2).join('.');
  const versionFrom = version[2] === '' && numbers === version[1] ? 'exact' : 'variant';
  return { ...engine, imageEngine, version: numbers, versionFrom, port: engine.port };
}

/** What a data store container's environment says about it: the names others use to reach it. */
export interface DatastoreSettings {
  user?: string;
  dbName?: string;
  /** Literal passwords, by the variable that held them. */
  passwords: Record<string, string>;
}

const DATABASE_VARIABLES: Record<string, { user: string[]; db: string[]; password: string[]; defaultUser: string }> = {
  postgres: { user: ['POSTGRES_USER', 'POSTGRESQL_USERNAME'], db: ['POSTGRES_DB', 'POSTGRESQL_DATABASE'], password: ['POSTGRES_PASSWORD', 'POSTGRESQL_PASSWORD', 'POSTGRESQL_POSTGRES_PASSWORD'], defaultUser: 'postgres' },
  mysql: { user: ['MYSQL_USER', 'MARIADB_USER'], db: ['MYSQL_DATABASE', 'MARIADB_DATABASE'], password: ['MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MARIADB_PASSWORD', 'MARIADB_ROOT_PASSWORD'], defaultUser: 'root' },
  redis: { user: [], db: [], password: ['REDIS_PASSWORD', 'VALKEY_PASSWORD'], defaultUser: '' },
  valkey: { user: [], db: [], password: ['REDIS_PASSWORD', 'VALKEY_PASSWORD'], defaultUser: '' },
};

/** Every variable a data store container is configured with that the import reads. */
export const DATASTORE_VARIABLES: ReadonlySet<string> = new Set(Object.values(DATABASE_VARIABLES).flatMap((names) => [...names.user, ...names.db, ...names.password]));

export function datastoreSettings(store: Datastore, environment: Record<string, string | null>): DatastoreSettings & { defaultUser: string } {
  const names = DATABASE_VARIABLES[store.engine]!;
  const first = (keys: string[]) => keys.map((key) => environment[key]).find((value): value is string => typeof value === 'string' && value !== '');
  const passwords: Record<string, string> = {};
  for (const key of names.password) if (environment[key]) passwords[key] = environment[key]!;
  const user = first(names.user);
  const dbName = first(names.db);
  return { ...(user ? { user } : {}), ...(dbName ? { dbName } : {}), passwords, defaultUser: names.defaultUser };
}
