/**
 * One compose project from one resolved system: the base definitions give `docker-compose.yml`,
 * each environment gives the project its override file is computed against. Services and jobs
 * become compose services; databases, caches, LocalStack and Prometheus are the local stand-ins.
 */
import type {
  Container,
  EmittedObject,
  EntityKind,
  SourceSpan,
  Database,
  Cache,
  Environment,
  Job,
  ResolvedSystem,
  Search,
  Service,
  SystemModel,
  TemplateReference,
} from '../../compiler/plugin-api.ts';
import { DATABASE_URL_WITH_PASSWORD, objectRecord, refString, secretAttributeOf, snakeCase, applyMergePatch, cpuCores, templateReferences } from '../../compiler/plugin-api.ts';
import { allocateHostPorts, allocatedRange, rangeText, type PortClaim } from './host-ports.ts';
import { initScript, localStackService, needsLocalStack } from './localstack.ts';
import { LOCALSTACK_SERVICE, LOCALSTACK_URL, LocalNames, PROMETHEUS_SERVICE, databasePasswordSecret, databaseUrlSecret } from './local-names.ts';
import { PROMETHEUS_PORT, exprAlarms, prometheusConfigs, prometheusService, rulesFile } from './prometheus.ts';
import { servicePatch } from './overrides.ts';
import { composeMemory } from './units.ts';
import { LocalWiring, SEARCH_PORT } from './wiring.ts';

/** Where build contexts are resolved from: the folder of system.yaml (see the file header). */
export const SOURCE_DIR = '${INFRAGEN_SOURCE_DIR:-../..}';
const LOOPBACK = '127.0.0.1';
const LOCALSTACK_KINDS = new Set(['queue', 'topic', 'table', 'bucket']);

/** Generated files the project mounts; the caller decides where each lives. */
export type AssetKind = 'localstack-init' | 'prometheus-rules';

export interface ComposeProject {
  document: Record<string, unknown>;
  /** Per compose service, the system.yaml entities that produced it (`kind.name`). */
  sources: Record<string, string[]>;
  /** The services and volumes of one entity each, with it (the stand-ins shared by several have none). */
  objects: EmittedObject[];
  assets: Partial<Record<AssetKind, { path: string; contents: string }>>;
}

export interface ProjectInput {
  model: SystemModel;
  system: ResolvedSystem;
  /** Path (relative to the compose file) for a generated file with these contents. */
  assetPath(kind: AssetKind, contents: string): string;
}

/** Compose interpolates `$` in values: a literal one is written `$$`. */
const escape = (text: string) => (text.includes('$') ? text.replace(/\$/g, '$$$$') : text);

function buildContext(context: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('/')) return context;
  const relative = context.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return relative ? `${SOURCE_DIR}/${relative}` : SOURCE_DIR;
}

/** Whether an ingress path goes to the port (compose has no reverse proxy: the port itself is published). */
const ingressPort = (service: Service, portName: string) => service.ingress?.paths.some((entry) => entry.port === portName) ?? false;

/** The ports of a service published on the host: public ports and its ingress ports. */
const published = (service: Service) => service.ports.filter((port) => port.public || ingressPort(service, port.name));

/** The compose profile of scheduled jobs: `up` leaves them out; `docker compose run` starts one. */
export const SCHEDULED_PROFILE = 'scheduled';

/** Every host port claim: the published ports of each service, plus Prometheus' UI. */
export function hostPortClaims(system: ResolvedSystem): PortClaim[] {
  const claims: PortClaim[] = Object.values(system.services).flatMap((service) =>
    published(service).map((port) => ({ key: `${service.name}/${port.name}`, port: port.port, count: service.replicas })),
  );
  if (exprAlarms(system).length) claims.push({ key: `${PROMETHEUS_SERVICE}/http`, port: PROMETHEUS_PORT, count: 1 });
  return claims;
}

/**
 * The name compose gives an image it builds: the build's tag (`--image-tag`, `image.tag`,
 * `version`), or `local` when there is none, so that a local build is never an implicit `latest`.
 */
export const builtImage = (system: string, container: string, tag: string | undefined) => `${system}-${container}:${tag ?? 'local'}`;

export function buildProject(input: ProjectInput): ComposeProject {
  const { model, system } = input;
  const environment: Environment | undefined = system.environment;
  const names = new LocalNames(model);
  // `${env.region}`: the local stack's region, or, in an environment's project, its primary region.
  const localRegion = environment?.regions[0] ?? model.defaults.region;
  const services: Record<string, Record<string, unknown>> = {};
  const sources: Record<string, string[]> = {};
  const objects: EmittedObject[] = [];
  const volumes: Record<string, Record<string, unknown>> = {};
  const secrets: Record<string, { file: string }> = {};
  const restart = environment?.protect ? 'always' : 'unless-stopped';
  /** Declares the secret file `name`; `owner` is the entity whose secret it is. */
  const secretFile = (name: string, owner: { kind: EntityKind; name: string; span: SourceSpan } | undefined) => {
    secrets[name] = { file: `./secrets/${name}` };
    if (owner) objects.push(objectRecord(`secrets.${name}`, owner));
    return name;
  };

  const containers: Container[] = [...Object.values(system.services), ...Object.values(system.jobs)];
  const references = new Map<Container, TemplateReference[]>(containers.map((c) => [c, Object.values(c.env).flatMap(templateReferences)]));
  /** Everything a container reaches: `uses`, `publishes`, `consumes` and the references of its env. */
  const reached = (container: Container) => [...container.uses, ...container.publishes, ...container.consumes, ...references.get(container)!];
  const secretsByReference = [...new Set(containers.flatMap((c) => references.get(c)!.filter((r) => r.kind === 'secret').map((r) => r.name)))].sort();
  const localstack = needsLocalStack(system, secretsByReference);

  const alarms = exprAlarms(system);
  const hostPorts = allocateHostPorts(hostPortClaims(system));

  /** Per service, the jobs that run before it, in the jobs' order. */
  const jobsBefore = new Map<string, Job[]>();
  for (const job of Object.values(system.jobs)) {
    for (const name of new Set(job.before.map((ref) => ref.name))) {
      const jobs = jobsBefore.get(name) ?? [];
      jobsBefore.set(name, jobs);
      jobs.push(job);
    }
  }
  const databases = Object.values(system.databases);
  const databaseIndex = new Map(databases.map((database, index) => [database.name, index]));
  /** The databases a container uses or refers to, in the system's order. */
  const databasesOf = (container: Container): Database[] => {
    const indexes = new Set<number>();
    for (const ref of [...container.uses, ...references.get(container)!]) {
      const index = ref.kind === 'database' ? databaseIndex.get(ref.name) : undefined;
      if (index !== undefined) indexes.add(index);
    }
    return [...indexes].sort((a, b) => a - b).map((index) => databases[index]!);
  };
  const wiring = new LocalWiring(system, names);

  const dependsOnFor = (container: Container, targets: ReadonlyArray<{ kind: string; name: string }>): Record<string, { condition: string }> => {
    const deps: Record<string, { condition: string }> = {};
    for (const ref of targets) {
      if (ref.kind === 'database' || ref.kind === 'cache' || ref.kind === 'search') deps[ref.name] = { condition: 'service_healthy' };
      if (localstack && (LOCALSTACK_KINDS.has(ref.kind) || (ref.kind === 'secret' && secretsByReference.includes(ref.name)))) {
        deps[LOCALSTACK_SERVICE] = { condition: 'service_healthy' };
      }
    }
    if (container.kind === 'service') {
      for (const dep of (container as Service).dependsOn) {
        deps[dep.name] = { condition: system.services[dep.name]!.health ? 'service_healthy' : 'service_started' };
      }
      for (const job of jobsBefore.get(container.name) ?? []) deps[job.name] = { condition: 'service_completed_successfully' };
    }
    return deps;
  };

  const containerService = (container: Container): Record<string, unknown> => {
    const environmentVars: Record<string, string> = { ...(environment?.vars ?? {}) };
    const mounted: string[] = [];
    for (const [key, template] of Object.entries(container.env)) {
      const secret = secretAttributeOf(template);
      if (!secret) {
        environmentVars[key] = wiring.render(template, localRegion);
        continue;
      }
      // A database password (or URL with it) is a secret variable: its file, like `secrets:` (docs/deploy.md).
      const file = secretFile(secret.attribute === DATABASE_URL_WITH_PASSWORD ? databaseUrlSecret(secret.name) : databasePasswordSecret(secret.name), system.databases[secret.name]);
      environmentVars[`${key}_FILE`] = `/run/secrets/${file}`;
      mounted.push(file);
    }
    for (const [variable, secret] of Object.entries(container.secrets)) {
      environmentVars[`${variable}_FILE`] = `/run/secrets/${secretFile(secret.name, system.secrets[secret.name])}`;
      mounted.push(secret.name);
    }
    for (const database of databasesOf(container)) {
      const secret = secretFile(databasePasswordSecret(database.name), database);
      // `app-db` → `APP_DB_PASSWORD_FILE`
      environmentVars[`${snakeCase(database.name).toUpperCase()}_PASSWORD_FILE`] = `/run/secrets/${secret}`;
      mounted.push(secret);
    }
    const targets = reached(container);
    if (localstack && targets.some((ref) => LOCALSTACK_KINDS.has(ref.kind) || ref.kind === 'secret')) {
      // AWS SDKs and the CLI talk to LocalStack; it accepts any credentials ("test" is its documented dummy).
      environmentVars.AWS_ENDPOINT_URL = LOCALSTACK_URL;
      environmentVars.AWS_REGION = names.region;
      environmentVars.AWS_DEFAULT_REGION = names.region;
      for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        if (!(key in container.env) && !(key in container.secrets)) environmentVars[key] = 'test';
      }
    }
    const deps = dependsOnFor(container, targets);
    // Assigned one by one, not spread from conditional literals: V8 gives every object built from
    // spreads its own hidden class (≈ 20× the time; bench/README.md, "Sixth round").
    const document: Record<string, unknown> = {};
    if (container.image) document.image = container.image;
    if (container.build) {
      document.image = builtImage(model.name, container.name, system.imageTag);
      document.build = { context: buildContext(container.build.context), dockerfile: container.build.dockerfile };
    }
    if (container.command) document.entrypoint = container.command.map(escape);
    if (container.args) document.command = container.args.map(escape);
    if (Object.keys(environmentVars).length) {
      const escaped: Record<string, string> = {};
      for (const key of Object.keys(environmentVars)) escaped[key] = escape(environmentVars[key]!);
      document.environment = escaped;
    }
    if (mounted.length) document.secrets = [...new Set(mounted)].sort();
    if (Object.keys(deps).length) document.depends_on = deps;
    document.deploy = { resources: { limits: { cpus: cpuCores(container.resources.cpu), memory: composeMemory(container.resources.memory) } } };
    if (!container.runAsRoot) document.user = String(container.runAsUser);
    if (container.readOnlyRootFilesystem) {
      document.read_only = true;
      document.tmpfs = ['/tmp'];
    }
    document.cap_drop = ['ALL'];
    document.security_opt = ['no-new-privileges:true'];
    return document;
  };

  const publicPort = (service: Service, portName: string) =>
    service.ports.find((p) => p.name === portName)!.public || (ingressPort(service, portName) && service.ingress!.visibility === 'public');

  for (const service of Object.values(system.services)) {
    const ports = published(service).flatMap((port) =>
      port.protocols.map((protocol) => ({
        target: port.port,
        published: rangeText(allocatedRange(hostPorts, `${service.name}/${port.name}`)),
        protocol,
        // Locally only this machine reaches the stack; an environment's host serves its public ports.
        ...(environment && publicPort(service, port.name) ? {} : { host_ip: LOOPBACK }),
      })),
    );
    const health = service.health;
    const healthPort = health?.http !== undefined ? service.ports.find((p) => p.name === health.port)?.port : undefined;
    const url = `http://127.0.0.1:${healthPort}${health?.http ?? ''}`;
    const document = containerService(service);
    if (ports.length) document.ports = ports;
    if (health) {
      const healthcheck: Record<string, unknown> = {
        test: health.command
          ? ['CMD', ...health.command.map(escape)]
          : ['CMD-SHELL', `wget -q -O /dev/null ${url} || curl -fsS -o /dev/null ${url}`],
        interval: `${health.intervalSeconds}s`,
        timeout: `${health.timeoutSeconds}s`,
        retries: health.failureThreshold,
      };
      if (health.startupSeconds) healthcheck.start_period = `${health.startupSeconds}s`;
      document.healthcheck = healthcheck;
    }
    if (service.volumes.length) {
      document.volumes = service.volumes.map((volume) => ({ type: 'volume', source: `${service.name}-${volume.name}`, target: volume.path }));
    }
    (document.deploy as Record<string, unknown>).replicas = service.replicas;
    document.restart = restart;
    for (const volume of service.volumes) volumes[`${service.name}-${volume.name}`] = {};
    services[service.name] = applyMergePatch(document, servicePatch(service)) as Record<string, unknown>;
    sources[service.name] = [refString(service)];
    objects.push(objectRecord(`services.${service.name}`, service), ...service.volumes.map((volume) => objectRecord(`volumes.${service.name}-${volume.name}`, service)));
  }

  for (const job of Object.values(system.jobs) as Job[]) {
    // One-shot: runs to completion once per `up`; services listed in `before` wait for its success.
    // A scheduled job has no clock here: it waits in a profile for `docker compose run`.
    const document = containerService(job);
    if (job.schedule) document.profiles = [SCHEDULED_PROFILE];
    document.restart = 'no';
    services[job.name] = applyMergePatch(document, servicePatch(job)) as Record<string, unknown>;
    sources[job.name] = [refString(job)];
    objects.push(objectRecord(`services.${job.name}`, job));
  }

  for (const database of Object.values(system.databases)) {
    services[database.name] = applyMergePatch(databaseService(database, secretFile(databasePasswordSecret(database.name), database), restart), servicePatch(database)) as Record<string, unknown>;
    volumes[`${database.name}-data`] = {};
    sources[database.name] = [refString(database)];
    objects.push(objectRecord(`services.${database.name}`, database), objectRecord(`volumes.${database.name}-data`, database));
  }
  for (const cache of Object.values(system.caches)) {
    services[cache.name] = applyMergePatch(cacheService(cache, restart), servicePatch(cache)) as Record<string, unknown>;
    sources[cache.name] = [refString(cache)];
    objects.push(objectRecord(`services.${cache.name}`, cache));
  }
  for (const search of Object.values(system.search)) {
    services[search.name] = searchService(search, restart);
    volumes[`${search.name}-data`] = {};
    sources[search.name] = [refString(search)];
    objects.push(objectRecord(`services.${search.name}`, search), objectRecord(`volumes.${search.name}-data`, search));
  }

  const assets: ComposeProject['assets'] = {};
  if (localstack) {
    const needs = { secrets: secretsByReference };
    for (const secret of needs.secrets) secretFile(secret, system.secrets[secret]);
    const contents = initScript(system, model.name, names, needs);
    const path = input.assetPath('localstack-init', contents);
    assets['localstack-init'] = { path, contents };
    services[LOCALSTACK_SERVICE] = { ...localStackService(system, names, needs, path), restart };
    sources[LOCALSTACK_SERVICE] = ['queues', 'topics', 'tables', 'buckets'].flatMap((collection) =>
      Object.values(system[collection as 'queues']).map(refString),
    ).concat(needs.secrets.map((name) => `secret.${name}`));
  }
  let configs: Record<string, unknown> | undefined;
  if (alarms.length) {
    const contents = rulesFile(model.name, alarms);
    const path = input.assetPath('prometheus-rules', contents);
    assets['prometheus-rules'] = { path, contents };
    services[PROMETHEUS_SERVICE] = {
      ...prometheusService(path),
      ports: [{ target: PROMETHEUS_PORT, published: rangeText(allocatedRange(hostPorts, `${PROMETHEUS_SERVICE}/http`)), protocol: 'tcp', host_ip: LOOPBACK }],
      restart,
    };
    volumes['prometheus-data'] = {};
    configs = prometheusConfigs(system);
    sources[PROMETHEUS_SERVICE] = alarms.map(refString);
  }

  const document: Record<string, unknown> = {
    name: model.name,
    services,
    ...(Object.keys(volumes).length ? { volumes } : {}),
    ...(Object.keys(secrets).length ? { secrets } : {}),
    ...(configs ? { configs } : {}),
  };
  return { document, sources, objects, assets };
}

const DATABASE_IMAGES = {
  postgres: { image: 'postgres', data: '/var/lib/postgresql/data' },
  mysql: { image: 'mysql', data: '/var/lib/mysql' },
} as const;

/** Capabilities the official database and cache images need to chown their data and drop to their own user. */
const ENTRYPOINT_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

function databaseService(database: Database, passwordSecret: string, restart: string): Record<string, unknown> {
  const engine = DATABASE_IMAGES[database.engine];
  const password = `/run/secrets/${passwordSecret}`;
  return {
    image: `${engine.image}:${database.version}`,
    environment:
      database.engine === 'postgres'
        ? { POSTGRES_DB: database.dbName, POSTGRES_PASSWORD_FILE: password, POSTGRES_USER: database.user }
        : // root gets a random password printed once in the log: the application never needs it.
          { MYSQL_DATABASE: database.dbName, MYSQL_PASSWORD_FILE: password, MYSQL_RANDOM_ROOT_PASSWORD: 'yes', MYSQL_USER: database.user },
    secrets: [passwordSecret],
    volumes: [{ type: 'volume', source: `${database.name}-data`, target: engine.data }],
    healthcheck: {
      test:
        database.engine === 'postgres'
          ? ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', String(database.port), '-U', database.user, '-d', database.dbName]
          : // TCP to 127.0.0.1: the temporary server of the first start listens on the socket only.
            ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '-P', String(database.port), '--silent'],
      interval: '5s',
      timeout: '5s',
      retries: 20,
      start_period: '30s',
    },
    cap_drop: ['ALL'],
    cap_add: ENTRYPOINT_CAPABILITIES,
    security_opt: ['no-new-privileges:true'],
    restart,
  };
}

/** ElastiCache versions with no upstream release of that number, and the upstream image that matches them. */
const UPSTREAM_CACHE_VERSIONS: Record<string, string> = { 'redis:7.1': '7.2' };

const CACHE_IMAGES = { redis: 'redis', valkey: 'valkey/valkey' } as const;

function cacheImage(cache: Cache): string {
  return `${CACHE_IMAGES[cache.engine]}:${UPSTREAM_CACHE_VERSIONS[`${cache.engine}:${cache.version}`] ?? cache.version}`;
}

function cacheService(cache: Cache, restart: string): Record<string, unknown> {
  return {
    image: cacheImage(cache),
    healthcheck: { test: ['CMD', `${cache.engine}-cli`, 'ping'], interval: '5s', timeout: '5s', retries: 10 },
    cap_drop: ['ALL'],
    cap_add: ENTRYPOINT_CAPABILITIES,
    security_opt: ['no-new-privileges:true'],
    restart,
  };
}

/**
 * A single-node OpenSearch of the same version, security plugin off (plain HTTP, no users): a
 * stand-in for development, never a copy of the domain's access control. `2.13` → image `2.13.0`.
 */
function searchService(search: Search, restart: string): Record<string, unknown> {
  const tag = search.version.split('.').length === 2 ? `${search.version}.0` : search.version;
  return {
    image: `opensearchproject/opensearch:${tag}`,
    environment: {
      'discovery.type': 'single-node',
      DISABLE_INSTALL_DEMO_CONFIG: 'true',
      DISABLE_SECURITY_PLUGIN: 'true',
      OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
    },
    volumes: [{ type: 'volume', source: `${search.name}-data`, target: '/usr/share/opensearch/data' }],
    healthcheck: {
      test: ['CMD-SHELL', `curl -fsS -o /dev/null http://127.0.0.1:${SEARCH_PORT}/_cluster/health`],
      interval: '10s',
      timeout: '5s',
      retries: 30,
      start_period: '60s',
    },
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    restart,
  };
}
