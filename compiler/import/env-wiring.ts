/**
 * Environment variables that point at an imported data store become interpolations of the managed
 * one (`${database.db.url}`, `${cache.cache.host}`, …) and a `uses:` entry; literal credentials
 * are never copied.
 */

export interface StoreEndpoint {
  kind: 'database' | 'cache';
  /** The entity name in system.yaml. */
  name: string;
  engine: 'postgres' | 'mysql' | 'redis' | 'valkey';
  /** Names the Compose network resolves to it: the service name, hostname, container_name, aliases. */
  hosts: ReadonlySet<string>;
  port: number;
  /** The user and database name the Compose container was created with (its defaults included). */
  user?: string;
  dbName?: string;
  passwords: ReadonlySet<string>;
}

export type WiredValue =
  | { kind: 'value'; value: string; store?: StoreEndpoint; approximation?: string }
  | { kind: 'password'; store: StoreEndpoint };

/** Names whose plain value is a credential (the compiler's PLAIN_SECRET rule, plus a few more spellings). */
export const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

const URL_PATTERN = /^(jdbc:)?([a-z][a-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#@]+)(?::(\d+))?(\/[^?#]*)?([?#].*)?$/i;

const STANDARD_SCHEMES: Record<string, string[]> = {
  postgres: ['postgres', 'postgresql'],
  mysql: ['mysql'],
  redis: ['redis'],
  valkey: ['redis', 'valkey'],
};

const ref = (store: StoreEndpoint, attribute: string) => `\${${store.kind}.${store.name}.${attribute}}`;

/** First pass: URLs and host names, which say unambiguously which store a variable points at. */
export function wireAddress(value: string, stores: readonly StoreEndpoint[]): WiredValue | undefined {
  const url = URL_PATTERN.exec(value);
  if (url) {
    const [, jdbc = '', scheme, user, password, host, , pathPart = '', rest = ''] = url;
    const store = stores.find((candidate) => candidate.hosts.has(host!));
    if (!store) return undefined;
    const lostPassword = password !== undefined && password !== '' ? 'the password in it is not copied' : undefined;
    if (store.kind === 'cache') {
      const standard = STANDARD_SCHEMES[store.engine]!.includes(scheme!.toLowerCase()) && !jdbc;
      const base = standard ? ref(store, 'url') : `${jdbc}${scheme}://${ref(store, 'host')}:${ref(store, 'port')}`;
      return { kind: 'value', value: `${base}${pathPart}${rest}`, store, ...(lostPassword ? { approximation: lostPassword } : {}) };
    }
    const database = pathPart.replace(/^\//, '');
    const standard = !jdbc && STANDARD_SCHEMES[store.engine]!.includes(scheme!.toLowerCase()) && (database === '' || database === store.dbName) && rest === '';
    const userPart = user ? `${ref(store, 'user')}@` : '';
    const value_ = standard
      ? ref(store, 'url')
      : `${jdbc}${scheme}://${userPart}${ref(store, 'host')}:${ref(store, 'port')}${database === store.dbName ? `/${ref(store, 'name')}` : pathPart}${rest}`;
    const notes = [lostPassword, user && store.user !== undefined && user !== store.user ? `the user "${user}" became the database's own user` : undefined].filter(Boolean);
    return { kind: 'value', value: value_, store, ...(notes.length ? { approximation: notes.join('; ') } : {}) };
  }
  const hostPort = /^([^:/\s]+)(?::(\d+))?$/.exec(value.trim());
  if (hostPort) {
    const store = stores.find((candidate) => candidate.hosts.has(hostPort[1]!));
    if (!store) return undefined;
    return { kind: 'value', value: hostPort[2] ? `${ref(store, 'host')}:${ref(store, 'port')}` : ref(store, 'host'), store };
  }
  return undefined;
}

/**
 * Second pass, for the stores a workload is already known to reach: ports, users, database names
 * and passwords given in separate variables (`DB_PORT=5432`, `POSTGRES_USER=app`).
 */
export function wireDetail(variable: string, value: string, reached: readonly StoreEndpoint[]): WiredValue | undefined {
  const password = reached.find((store) => store.passwords.has(value));
  if (password && value !== '') return { kind: 'password', store: password };
  const upper = variable.toUpperCase();
  const candidates = (test: (store: StoreEndpoint) => boolean) => {
    const matching = reached.filter(test);
    // With several, the one whose kind or engine the variable names (PG_PORT, REDIS_PORT).
    return matching.length <= 1 ? matching[0] : matching.find((store) => upper.includes(store.engine.toUpperCase().slice(0, 2)) || upper.includes(store.name.toUpperCase().replace(/-/g, '_')));
  };
  if (/PORT$/.test(upper) && /^\d+$/.test(value)) {
    const store = candidates((candidate) => String(candidate.port) === value);
    if (store) return { kind: 'value', value: ref(store, 'port'), store };
  }
  if (/USER(NAME)?$/.test(upper)) {
    const store = candidates((candidate) => candidate.kind === 'database' && candidate.user === value);
    if (store) return { kind: 'value', value: ref(store, 'user'), store };
  }
  if (/(DB|DATABASE|NAME)$/.test(upper)) {
    const store = candidates((candidate) => candidate.kind === 'database' && candidate.dbName === value);
    if (store) return { kind: 'value', value: ref(store, 'name'), store };
  }
  return undefined;
}
