/**
 * From a Compose project to a system.yaml document: data stores become managed databases and
 * caches, one-shot containers become jobs, the rest services; secrets are declared, never copied.
 */
import path from 'node:path';
import { isPlainObject } from '../data.ts';
import type { ComposeProject, ComposeService, Data } from './compose-project.ts';
import { keyValueMap } from './compose-project.ts';
import { DATASTORE_VARIABLES, datastoreSettings, recogniseDatastore, type Datastore } from './datastores.ts';
import type { StoreEndpoint } from './env-wiring.ts';
import { parseVolume, WorkloadMapper, type ImportContext } from './map-workload.ts';
import type { ImportReport } from './report.ts';

export interface MapOptions {
  systemName: string;
  /** Absolute folder the system.yaml is written to: build contexts are made relative to it. */
  outputFolder: string;
  region: string;
  readFile: (absolute: string) => string | undefined;
}

/** A Compose name as a system.yaml name: a DNS label (`my_app.web` → `my-app-web`). */
export function entityName(name: string): string {
  const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+/g, '-').slice(0, 40).replace(/-+$/, '');
  return label === '' ? 'x' : label;
}

/** Entity names, unique across every kind: the compose target names its services after them. */
class Names {
  private readonly taken = new Set<string>();
  claim(wanted: string): string {
    let candidate = entityName(wanted);
    for (let index = 2; this.taken.has(candidate); index++) candidate = `${entityName(wanted).slice(0, 36)}-${index}`;
    this.taken.add(candidate);
    return candidate;
  }
}

export function mapProject(project: ComposeProject, report: ImportReport, options: MapOptions): Data {
  const names = new Names();
  const entityOf = new Map<string, string>();
  for (const service of project.services) {
    const name = names.claim(service.name);
    entityOf.set(service.name, name);
  }
  const stores = new Map<string, { store: Datastore; endpoint: StoreEndpoint }>();
  for (const service of project.services) {
    const store = typeof service.data.image === 'string' && service.data.build === undefined ? recogniseDatastore(service.data.image) : undefined;
    if (store) stores.set(service.name, { store, endpoint: endpointOf(service, store, entityOf.get(service.name)!) });
  }

  const system: Data = {
    infragen: 1,
    system: options.systemName,
    description: `Imported from ${project.files.map((file) => file.source.file).join(' + ')} by infragen import compose.`,
    defaults: { region: options.region },
    environments: { production: { regions: [options.region] } },
  };
  const secrets: Data = {};
  const databases: Data = {};
  const caches: Data = {};
  const services: Data = {};
  const jobs: Data = {};
  const before = new Map<string, string[]>();
  const context: ImportContext = {
    project,
    report,
    entityOf,
    stores: new Map([...stores].map(([name, value]) => [name, value.endpoint])),
    secrets,
    jobs: oneShotServices(project, stores),
    buildContext: (context) => buildContextFrom(project.folder, options.outputFolder, context),
    readFile: options.readFile,
    volumeUsers: volumeUsers(project),
    credentialSecret: credentialSecrets(secrets),
    jobBefore: (job, service) => before.set(job, [...(before.get(job) ?? []), service]),
  };
  for (const service of project.services) {
    const name = entityOf.get(service.name)!;
    const found = stores.get(service.name);
    const collection = found ? (found.store.kind === 'database' ? 'databases' : 'caches') : context.jobs.has(service.name) ? 'jobs' : 'services';
    if (name !== service.name) {
      report.approximated(`service "${service.name}"`, `named "${name}": system.yaml names are DNS labels`, report.at(service, [], 'key'), [collection, name], `"${service.name}" in compose`);
    }
    if (found) (collection === 'databases' ? databases : caches)[name] = mapDatastore(service, found.store, found.endpoint, report);
    else (collection === 'jobs' ? jobs : services)[name] = new WorkloadMapper(service, collection as 'jobs' | 'services', context).map();
  }
  for (const [job, waiting] of before) {
    const entity = jobs[job] as Data;
    jobs[job] = { ...entity, before: [...new Set(waiting)].sort() };
  }
  if (project.files.some((file) => file.data.include !== undefined)) {
    report.dropped('"include"', 'included Compose projects are not read; pass their files with -f to merge them', report.atTop(['include'], 'key'));
  }
  for (const service of project.inactive) {
    const profiles = (service.data.profiles as unknown[]).map(String);
    report.dropped(`service "${service.name}"`, `its profile${profiles.length > 1 ? 's' : ''} ${profiles.join(', ')} ${profiles.length > 1 ? 'are' : 'is'} not active; pass --profile ${profiles[0]} to import it`, report.at(service, ['profiles']));
  }
  for (const [key, value] of Object.entries({ secrets, databases, caches, jobs, services })) if (Object.keys(value).length) system[key] = value;
  return withImageTagSource(system, [...Object.values(services), ...Object.values(jobs)] as Data[]);
}

/** The first version to tag images built from source with: images are never an implicit `latest`. */
export const IMPORTED_VERSION = '0.1.0';

/** A system whose containers are built from source gets a `version:` (after `system:`) to tag them. */
function withImageTagSource(system: Data, workloads: Data[]): Data {
  if (!workloads.some((workload) => workload.build !== undefined)) return system;
  const { infragen, system: name, ...rest } = system;
  return { infragen, system: name, version: IMPORTED_VERSION, ...rest };
}

function volumeUsers(project: ComposeProject): Map<string, number> {
  const users = new Map<string, number>();
  for (const service of project.services) {
    const sources = new Set((Array.isArray(service.data.volumes) ? service.data.volumes : []).map((entry) => parseVolume(entry)?.source).filter((source): source is string => Boolean(source)));
    for (const source of sources) users.set(source, (users.get(source) ?? 0) + 1);
  }
  return users;
}

/**
 * Declared secrets for literal credentials, named after the variable (`JWT_SECRET` → `jwt-secret`);
 * the same variable with the same value in several services shares one, another value gets `-2`.
 * The value itself is only compared, never kept.
 */
function credentialSecrets(secrets: Data): (variable: string, value: string) => string {
  const byValue = new Map<string, string>();
  const used = new Map<string, number>();
  return (variable, value) => {
    const key = `${variable}\u0000${value}`;
    const known = byValue.get(key);
    if (known) return known;
    const base = entityName(variable).slice(0, 36) || 'secret';
    let count = used.get(base) ?? 0;
    let name: string;
    do name = ++count === 1 ? base : `${base}-${count}`;
    while (name in secrets);
    used.set(base, count);
    byValue.set(key, name);
    secrets[name] = { description: `${variable}, imported from compose (the value was not copied)` };
    return name;
  };
}

/** The network names a data store answers to, and the user, database and passwords its container was created with. */
function endpointOf(service: ComposeService, store: Datastore, name: string): StoreEndpoint {
  const environment = keyValueMap(service.data.environment);
  const settings = datastoreSettings(store, environment);
  const hosts = new Set([service.name]);
  for (const key of ['hostname', 'container_name'] as const) if (typeof service.data[key] === 'string') hosts.add(service.data[key] as string);
  if (isPlainObject(service.data.networks)) {
    for (const network of Object.values(service.data.networks)) {
      if (isPlainObject(network) && Array.isArray(network.aliases)) for (const alias of network.aliases) hosts.add(String(alias));
    }
  }
  const user = store.kind === 'database' ? settings.user ?? settings.defaultUser : undefined;
  // Postgres names the default database after the user; MySQL creates one only when asked.
  const dbName = settings.dbName ?? (store.engine === 'postgres' ? user : undefined);
  return {
    kind: store.kind,
    name,
    engine: store.engine,
    hosts,
    port: store.port,
    ...(user !== undefined ? { user } : {}),
    ...(dbName !== undefined ? { dbName } : {}),
    passwords: new Set(Object.values(settings.passwords)),
  };
}

const DEFAULT_CLASSES = { database: 'db.t4g.micro', cache: 'cache.t4g.micro' } as const;
const DB_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const DB_USER = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;

function mapDatastore(service: ComposeService, store: Datastore, endpoint: StoreEndpoint, report: ImportReport): Data {
  const collection = store.kind === 'database' ? 'databases' : 'caches';
  const systemPath = [collection, endpoint.name];
  const image = service.data.image as string;
  const entity: Data = { engine: store.engine, version: store.version, class: DEFAULT_CLASSES[store.kind] };
  if (store.imageEngine !== store.engine) {
    report.approximated(`image "${image}"`, `runs as managed ${store.engine} ${store.version}: ${store.imageEngine} has no managed engine of its own here and speaks the ${store.engine} protocol`, report.at(service, ['image']), systemPath, `was ${image}`);
  } else if (store.versionFrom === 'default') {
    report.approximated(`image "${image}"`, `its tag names no version; the managed ${store.engine} is ${store.version}`, report.at(service, ['image']), [...systemPath, 'version'], `was ${image}; pin the version you run`);
  } else if (store.versionFrom === 'variant') {
    report.approximated(`image "${image}"`, `the managed ${store.engine} is version ${store.version}; locally it runs the engine's official image`, report.at(service, ['image']), [...systemPath, 'version'], `was ${image}`);
  }
  if (store.kind === 'database') {
    const environment = keyValueMap(service.data.environment);
    const settings = datastoreSettings(store, environment);
    if (settings.dbName !== undefined) {
      if (DB_NAME.test(settings.dbName)) entity.dbName = settings.dbName;
      else report.approximated(`database name "${settings.dbName}"`, 'it is not a valid managed database name; the default is used', report.at(service, ['environment']), systemPath, `database name was "${settings.dbName}"`);
    } else if (store.engine === 'postgres' && endpoint.dbName && DB_NAME.test(endpoint.dbName)) entity.dbName = endpoint.dbName;
    if (settings.user !== undefined) {
      if (DB_USER.test(settings.user)) entity.user = settings.user;
      else report.approximated(`database user "${settings.user}"`, 'it is not a valid managed database user name; the default "app" is used', report.at(service, ['environment']), systemPath, `user was "${settings.user}"`);
    }
  }
  for (const [variable, value] of Object.entries(keyValueMap(service.data.environment))) {
    if (value && endpoint.passwords.has(value)) {
      report.credential(variable, store.kind === 'database'
        ? `the managed database's password is generated and kept by AWS Secrets Manager; locally it is the file secrets/${endpoint.name}-password beside the compose output`
        : 'the managed cache is reached inside the network without a password; put the value in a declared secret if your clients need one', report.at(service, ['environment', variable]));
    }
  }
  dropDatastoreSettings(service, store, report, systemPath);
  return entity;
}

/** What a data store container sets that the managed one decides itself. */
function dropDatastoreSettings(service: ComposeService, store: Datastore, report: ImportReport, systemPath: string[]): void {
  const data = service.data;
  const engine = store.kind === 'database' ? 'database' : 'cache';
  if (Array.isArray(data.ports) && data.ports.length) {
    report.approximated(`the ports of "${service.name}"`, `the managed ${engine} is reached inside the system at ${service.name}:${store.port}, not on a host port`, report.at(service, ['ports']), systemPath, `compose published ${data.ports.join(', ')}`);
  }
  if (Array.isArray(data.volumes)) {
    data.volumes.forEach((volume, index) => {
      const text = typeof volume === 'string' ? volume : String((volume as Data).source ?? '');
      const bind = /^[./~]/.test(text) || (isPlainObject(volume) && volume.type === 'bind');
      if (bind) report.dropped(`the bind mount "${text}" of "${service.name}"`, `a managed ${engine} runs no init scripts or files from this machine; put schema changes in a migration job`, report.at(service, ['volumes', index]), systemPath);
      else report.dropped(`the volume "${text}" of "${service.name}"`, `the managed ${engine} keeps its own storage (locally a named volume)`, report.at(service, ['volumes', index]), undefined, 'info');
    });
  }
  if (data.command !== undefined) {
    report.dropped(`the command of "${service.name}"`, `the managed ${engine}'s settings are the cloud's (a parameter group)`, report.at(service, ['command']), systemPath);
  }
  for (const variable of Object.keys(keyValueMap(data.environment))) {
    if (DATASTORE_VARIABLES.has(variable)) continue; // read above: user, database, passwords
    report.dropped(`the variable "${variable}" of "${service.name}"`, `the managed ${engine} is configured by the cloud`, report.at(service, ['environment', variable]), undefined, 'info');
  }
  for (const key of Object.keys(data)) {
    if (['image', 'environment', 'ports', 'volumes', 'command', 'healthcheck', 'restart', 'container_name', 'hostname', 'networks', 'profiles', 'labels', 'depends_on', 'expose', 'env_file', 'deploy'].includes(key)) continue;
    report.dropped(`"${key}" of "${service.name}"`, `the managed ${engine} decides it`, report.at(service, [key], 'key'), undefined, 'info');
  }
}

/**
 * Containers that run once: those another service waits for with `service_completed_successfully`,
 * and those written `restart: "no"` (or `on-failure`) that publish nothing and run a command —
 * migrations, seeders.
 */
function oneShotServices(project: ComposeProject, stores: ReadonlyMap<string, unknown>): Set<string> {
  const jobs = new Set<string>();
  for (const service of project.services) {
    for (const [dependency, condition] of Object.entries((service.data.depends_on as Data | undefined) ?? {})) {
      if (isPlainObject(condition) && condition.condition === 'service_completed_successfully' && !stores.has(dependency)) jobs.add(dependency);
    }
  }
  for (const service of project.services) {
    const restart = String(service.data.restart ?? '');
    const publishes = (Array.isArray(service.data.ports) && service.data.ports.length > 0) || (Array.isArray(service.data.expose) && service.data.expose.length > 0);
    const runs = service.data.command !== undefined || service.data.entrypoint !== undefined;
    if ((restart === 'no' || restart.startsWith('on-failure')) && !publishes && runs && !stores.has(service.name)) jobs.add(service.name);
  }
  return jobs;
}

/** A build context relative to the folder system.yaml is written to; URLs (git contexts) stay as they are. */
function buildContextFrom(composeFolder: string, outputFolder: string, context: string): string {
  if (/^[a-z]+:\/\/|^git@/.test(context)) return context;
  const relative = path.relative(outputFolder, path.resolve(composeFolder, context)).split(path.sep).join('/');
  return relative === '' ? '.' : relative.startsWith('.') ? relative : `./${relative}`;
}

