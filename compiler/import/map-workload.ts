/** One Compose service as a system.yaml service or job. */
import path from 'node:path';
import { isPlainObject } from '../data.ts';
import type { DataPath } from '../load/source.ts';
import type { ComposeProject, ComposeService, Data } from './compose-project.ts';
import { keyValueMap } from './compose-project.ts';
import { COSMETIC_KEYS, DROP_REASONS, MAPPED_KEYS } from './compose-spec.ts';
import { CREDENTIAL_NAME, wireAddress, wireDetail, type StoreEndpoint } from './env-wiring.ts';
import { parseDotenv } from './interpolation.ts';
import type { ImportReport } from './report.ts';
import { commandWords, cpuOf, durationSecondsOf, durationText, sizeOf } from './units.ts';

export interface ImportContext {
  project: ComposeProject;
  report: ImportReport;
  /** Compose service name → entity name. */
  entityOf: ReadonlyMap<string, string>;
  /** Compose service name → the managed data store it became. */
  stores: ReadonlyMap<string, StoreEndpoint>;
  /** The declared secrets, filled as workloads need them. */
  secrets: Data;
  /** Compose services that become jobs. */
  jobs: ReadonlySet<string>;
  buildContext: (context: string) => string;
  readFile: (absolute: string) => string | undefined;
  /** Named volume → how many services mount it. */
  volumeUsers: ReadonlyMap<string, number>;
  /** The declared secret that holds a literal credential (one per variable and value). */
  credentialSecret: (variable: string, value: string) => string;
  /** Records that `service` waits for the job `job` (`before:` of the job). */
  jobBefore: (job: string, service: string) => void;
}

/** `scheme://user:password@host…`: the whole value is a credential. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:[^@/\s]+@/i;
const IMAGE_PATTERN = /^[a-z0-9][a-z0-9._/:@-]*$/i;
const MAX_PORTS_PER_ENTRY = 100;

interface PortEntry {
  target: number;
  published?: string;
  protocol: 'tcp' | 'udp';
  hostIp?: string;
  name?: string;
  at: DataPath;
}

export class WorkloadMapper {
  private readonly entity: Data = {};
  private readonly name: string;
  private readonly uses = new Set<string>();

  constructor(
    private readonly service: ComposeService,
    private readonly collection: 'services' | 'jobs',
    private readonly context: ImportContext,
  ) {
    this.name = context.entityOf.get(service.name)!;
  }

  private get data(): Data {
    return this.service.data;
  }

  private get report(): ImportReport {
    return this.context.report;
  }

  private at(relative: DataPath, part: 'key' | 'value' = 'value') {
    return this.report.at(this.service, relative, part);
  }

  private systemPath(...rest: string[]): string[] {
    return [this.collection, this.name, ...rest];
  }

  private label(): string {
    return `${this.collection === 'jobs' ? 'job' : 'service'} "${this.service.name}"`;
  }

  map(): Data {
    this.mapImage();
    this.mapCommand();
    this.mapEnvironment();
    this.mapSecrets();
    if (this.collection === 'services') {
      this.mapPorts();
      this.mapHealth();
      this.mapVolumes();
      this.mapScale();
    } else {
      this.mapJob();
    }
    this.mapDependencies();
    this.mapResources();
    this.mapSecurity();
    this.dropUnmapped();
    if (this.uses.size) this.entity.uses = [...this.uses].sort();
    return orderKeys(this.entity);
  }

  private mapImage(): void {
    const { image, build } = this.data;
    if (build !== undefined) {
      const spec = isPlainObject(build) ? build : {};
      const context = typeof spec.context === 'string' ? spec.context : '.';
      this.entity.build = { context: this.context.buildContext(context), ...(typeof spec.dockerfile === 'string' && spec.dockerfile !== 'Dockerfile' ? { dockerfile: spec.dockerfile } : {}) };
      for (const key of Object.keys(spec)) {
        if (key === 'context' || key === 'dockerfile') continue;
        const reason = key === 'args' ? 'build arguments belong in the Dockerfile (ARG defaults) or the CI build' : key === 'target' ? 'the image is built from the Dockerfile\'s last stage; make the stage you deploy the last one' : 'a build-only detail';
        this.report.dropped(`build.${key} of ${this.label()}`, reason, this.at(['build', key], 'key'), this.systemPath('build'), key === 'args' || key === 'target' || key === 'dockerfile_inline' ? undefined : 'info');
      }
      if (typeof image === 'string') {
        this.report.approximated(`image "${image}" of ${this.label()}`, 'it is built from source, so the image name is the registry repository infragen creates', this.at(['image']), this.systemPath('build'), `compose tagged it ${image}`);
      }
      return;
    }
    if (typeof image !== 'string' || image === '') {
      this.report.invalid(`${this.label()} has neither "image" nor "build"`, this.at([], 'key'), 'Docker Compose needs one of them too');
      return;
    }
    if (!IMAGE_PATTERN.test(image)) {
      this.report.invalid(`${this.label()}: "${image}" is not an image reference`, this.at(['image']));
      return;
    }
    this.entity.image = image;
  }

  private mapCommand(): void {
    for (const [key, target] of [['entrypoint', 'command'], ['command', 'args']] as const) {
      const value = this.data[key];
      if (value === undefined || value === null) continue;
      const words = commandWords(value);
      if (!words) {
        this.report.invalid(`${this.label()}: "${key}" must be a string or a list of strings`, this.at([key]));
        continue;
      }
      if (words.some((word) => word.includes('${'))) {
        this.report.dropped(`"${key}" of ${this.label()}`, 'it holds "${", which system.yaml reads as an interpolation', this.at([key]), this.systemPath());
        continue;
      }
      this.entity[target] = words;
    }
  }

  /** `env_file` entries first, then `environment` over them, as Compose layers them. */
  private mapEnvironment(): void {
    const values = new Map<string, { value: string; at: DataPath }>();
    const files = Array.isArray(this.data.env_file) ? this.data.env_file : [];
    files.forEach((entry, index) => {
      const file = typeof entry === 'string' ? entry : isPlainObject(entry) ? String(entry.path) : '';
      const required = !(isPlainObject(entry) && entry.required === false);
      const absolute = path.resolve(this.context.project.folder, file);
      const text = this.context.readFile(absolute);
      if (text === undefined) {
        if (required) this.report.invalid(`${this.label()}: the env_file "${file}" cannot be read`, this.at(['env_file', index]), 'Docker Compose refuses to start without it; mark it `required: false` if it is optional');
        return;
      }
      for (const { key, value } of parseDotenv(text, this.context.project.variables)) {
        if (value !== undefined) values.set(key, { value, at: ['env_file', index] });
      }
    });
    for (const [key, value] of Object.entries(keyValueMap(this.data.environment))) {
      if (value === null) {
        const inherited = this.context.project.variables.get(key);
        if (inherited === undefined) {
          this.report.dropped(`"${key}" of ${this.label()}`, 'it takes its value from the shell, where it is not set', this.at(['environment', key]), undefined, 'info');
          continue;
        }
        values.set(key, { value: inherited, at: ['environment', key] });
      } else values.set(key, { value, at: ['environment', key] });
    }
    const reached = this.wireEnvironment(values);
    for (const store of reached) this.uses.add(`${store.kind}.${store.name}`);
  }

  private wireEnvironment(values: Map<string, { value: string; at: DataPath }>): StoreEndpoint[] {
    const stores = [...this.context.stores.values()];
    const env: Record<string, string> = {};
    const reached = new Set<StoreEndpoint>();
    for (const store of this.dependedStores()) reached.add(store);
    const pending: Array<[string, { value: string; at: DataPath }]> = [];
    for (const [key, entry] of values) {
      const wired = wireAddress(entry.value, stores);
      if (wired?.kind === 'value') {
        env[key] = wired.value;
        if (wired.store) reached.add(wired.store);
        if (wired.approximation) this.report.approximated(`"${key}" of ${this.label()}`, `it points at ${wired.store!.kind} "${wired.store!.name}": ${wired.approximation}`, this.at(entry.at), this.systemPath('env', key), wired.approximation);
      } else pending.push([key, entry]);
    }
    for (const [key, entry] of pending) {
      const wired = wireDetail(key, entry.value, [...reached]);
      if (wired?.kind === 'password') {
        reached.add(wired.store);
        this.report.credential(key, `the managed database's password is kept by AWS Secrets Manager; the compose output gives it in the file named by ${wired.store.name.toUpperCase().replace(/-/g, '_')}_PASSWORD_FILE`, this.at(entry.at));
        this.report.comment(this.systemPath('uses'), `${key} (the password of ${wired.store.name}) was not copied`);
      } else if (wired?.kind === 'value') {
        env[key] = wired.value;
        if (wired.store) reached.add(wired.store);
      } else if ((CREDENTIAL_NAME.test(key) && entry.value !== '') || URL_WITH_PASSWORD.test(entry.value)) {
        const secret = this.declareSecret(key, entry.value);
        this.report.credential(key, `declared as the secret "${secret}" (its value is not written anywhere); put the value in secrets/${secret} for compose, and in AWS Secrets Manager for the cloud`, this.at(entry.at));
      } else if (entry.value.includes('${')) {
        this.report.dropped(`"${key}" of ${this.label()}`, 'its value holds "${", which system.yaml reads as an interpolation', this.at(entry.at), this.systemPath('env'));
      } else env[key] = entry.value;
    }
    if (Object.keys(env).length) this.entity.env = Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return [...reached];
  }

  /** A declared secret for a literal credential; the same variable with the same value shares one. */
  private declareSecret(variable: string, value: string): string {
    const name = this.context.credentialSecret(variable, value);
    this.entity.secrets = { ...((this.entity.secrets as Data | undefined) ?? {}), [variable]: name };
    return name;
  }

  /** Compose secrets (files mounted at /run/secrets/<name>) as declared secrets, read through `<NAME>_FILE` locally. */
  private mapSecrets(): void {
    const list = Array.isArray(this.data.secrets) ? this.data.secrets : [];
    list.forEach((entry, index) => {
      const source = typeof entry === 'string' ? entry : isPlainObject(entry) && typeof entry.source === 'string' ? entry.source : undefined;
      if (!source) {
        this.report.invalid(`${this.label()}: a secret needs a "source"`, this.at(['secrets', index]));
        return;
      }
      const name = secretName(source);
      const variable = source.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^[^A-Z_]+/, '') || 'SECRET';
      const top = this.context.project.top.secrets[source];
      if (!isPlainObject(top)) {
        this.report.invalid(`${this.label()} uses the secret "${source}", which the top-level "secrets" does not define`, this.at(['secrets', index]));
        return;
      }
      if (!this.context.secrets[name]) {
        const origin = typeof top.file === 'string' ? `the file ${top.file}` : typeof top.environment === 'string' ? `the variable ${top.environment}` : 'an external secret';
        this.context.secrets[name] = { description: `${source}, imported from compose (${origin}; the value was not copied)` };
        this.report.approximated(`the secret "${source}"`, `declared as "${name}": locally it is mounted at /run/secrets/${name} as before (copy ${origin.replace(/^the /, '')} to secrets/${name} beside the compose output); in the cloud it comes from AWS Secrets Manager`, this.report.atTop(['secrets', source], 'key'), ['secrets', name], `compose: ${origin}`);
      }
      const target = isPlainObject(entry) && typeof entry.target === 'string' ? entry.target : undefined;
      if (target && target !== source && target !== `/run/secrets/${source}`) {
        this.report.approximated(`the target "${target}" of the secret "${source}"`, `mounted at /run/secrets/${name}; its path is in ${variable}_FILE`, this.at(['secrets', index]), this.systemPath('secrets', variable), `compose mounted it at ${target}`);
      }
      this.entity.secrets = { ...((this.entity.secrets as Data | undefined) ?? {}), [variable]: name };
    });
    if (Array.isArray(this.data.configs) && this.data.configs.length) {
      this.report.dropped(`the configs of ${this.label()}`, 'system.yaml mounts no config files: copy them into the image, or pass their values in env', this.at(['configs'], 'key'), this.systemPath());
    }
  }

  private mapPorts(): void {
    const entries: PortEntry[] = [];
    const ports = Array.isArray(this.data.ports) ? this.data.ports : [];
    ports.forEach((port, index) => entries.push(...this.parsePort(port, ['ports', index])));
    const expose = Array.isArray(this.data.expose) ? this.data.expose : [];
    expose.forEach((port, index) => {
      const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(String(port));
      if (!match) return this.report.invalid(`${this.label()}: "${port}" is not a port`, this.at(['expose', index]));
      for (const target of range(Number(match[1]), Number(match[2] ?? match[1]))) entries.push({ target, protocol: (match[3] as 'tcp' | 'udp' | undefined) ?? 'tcp', at: ['expose', index] });
    });
    if (!entries.length) return;
    const byNumber = new Map<number, { name: string; protocols: Set<string>; public: boolean }>();
    const taken = new Set<string>();
    for (const entry of entries) {
      let port = byNumber.get(entry.target);
      if (!port) {
        let name = entry.name && /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(entry.name) && !taken.has(entry.name) ? entry.name : `port-${entry.target}`;
        if (taken.has(name)) name = `port-${entry.target}-${entry.protocol}`;
        taken.add(name);
        port = { name, protocols: new Set(), public: false };
        byNumber.set(entry.target, port);
      }
      port.protocols.add(entry.protocol);
      if (entry.published !== undefined) port.public = true;
      const systemPath = this.systemPath('ports', port.name);
      if (entry.published && entry.published !== String(entry.target)) {
        this.report.approximated(`the port "${entry.published}:${entry.target}" of ${this.label()}`, `published on host port ${entry.target} locally (the next free one when taken), not ${entry.published}`, this.at(entry.at), systemPath, `compose published it on host port ${entry.published}`);
      }
      if (entry.hostIp && entry.hostIp !== '0.0.0.0') {
        this.report.approximated(`the host address ${entry.hostIp} of a port of ${this.label()}`, 'locally every published port binds 127.0.0.1; in the cloud a public port is public', this.at(entry.at), systemPath, `compose bound it to ${entry.hostIp}`);
      }
    }
    this.entity.ports = Object.fromEntries(
      [...byNumber].map(([number, port]) => {
        const protocols = [...port.protocols].sort();
        const simple = !port.public && protocols.length === 1 && protocols[0] === 'tcp';
        return [port.name, simple ? number : { port: number, ...(protocols.length === 1 && protocols[0] === 'tcp' ? {} : { protocols }), ...(port.public ? { public: true } : {}) }];
      }),
    );
  }

  /** Short syntax `[ip:][published:]target[/protocol]` with ranges, or the long syntax. */
  private parsePort(port: unknown, at: DataPath): PortEntry[] {
    if (isPlainObject(port)) {
      const target = Number(port.target);
      if (!Number.isInteger(target) || target < 1 || target > 65535) {
        this.report.invalid(`${this.label()}: a port needs a "target" from 1 to 65535`, this.at(at));
        return [];
      }
      const protocol = port.protocol === 'udp' ? 'udp' : 'tcp';
      return [{ target, protocol, at, ...(port.published !== undefined ? { published: String(port.published) } : {}), ...(typeof port.host_ip === 'string' ? { hostIp: port.host_ip } : {}), ...(typeof port.name === 'string' ? { name: port.name } : {}) }];
    }
    const text = String(port);
    const protocol = /\/udp$/.test(text) ? 'udp' : 'tcp';
    if (text.endsWith('/sctp')) {
      this.report.dropped(`the SCTP port "${text}" of ${this.label()}`, 'ports are TCP or UDP', this.at(at), this.systemPath());
      return [];
    }
    const body = text.replace(/\/(tcp|udp)$/, '');
    const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(body);
    const parts = ipv6 ? [ipv6[1]!, ...ipv6[2]!.split(':')] : body.split(':');
    const RANGE = /^\d+(-\d+)?$/;
    const targetText = parts[parts.length - 1]!;
    const publishedText = parts.length >= 2 ? parts[parts.length - 2]! : undefined;
    const hostIp = parts.length === 3 ? parts[0] : undefined;
    if (parts.length > 3 || !RANGE.test(targetText) || (publishedText !== undefined && publishedText !== '' && !RANGE.test(publishedText)) || (publishedText === '' && parts.length !== 3)) {
      this.report.invalid(`${this.label()}: "${text}" is not a port (expected [host_ip:][published:]target[/protocol])`, this.at(at));
      return [];
    }
    const [from, to = from] = targetText.split('-').map(Number) as [number, number?];
    const targets = range(from, to);
    if (targets.length === 0 || from < 1 || to > 65535) {
      this.report.invalid(`${this.label()}: "${text}" is not a port range`, this.at(at));
      return [];
    }
    if (targets.length > MAX_PORTS_PER_ENTRY) {
      this.report.dropped(`the port range "${text}" of ${this.label()}`, `it has ${targets.length} ports; system.yaml names each port, so ranges of more than ${MAX_PORTS_PER_ENTRY} are left out`, this.at(at), this.systemPath('ports'));
      return [];
    }
    // "3000" alone (or "ip::3000") publishes on a host port Docker picks: still published.
    const publishedFrom = publishedText ? Number(publishedText.split('-')[0]) : undefined;
    return targets.map((target, index) => ({
      target,
      protocol,
      at,
      published: publishedFrom === undefined ? String(target) : String(publishedFrom + index),
      ...(hostIp ? { hostIp } : {}),
    }));
  }

  private mapHealth(): void {
    const check = this.data.healthcheck;
    if (!isPlainObject(check) || check.disable === true) return;
    const test = check.test;
    let command: string[] | undefined;
    if (typeof test === 'string') command = ['sh', '-c', test];
    else if (Array.isArray(test)) {
      const [kind, ...rest] = test.map(String);
      if (kind === 'NONE') return;
      command = kind === 'CMD-SHELL' ? ['sh', '-c', rest.join(' ')] : kind === 'CMD' ? rest : undefined;
    }
    if (!command || command.length === 0) {
      if (test !== undefined) this.report.invalid(`${this.label()}: healthcheck.test must be a string, or a list starting with CMD, CMD-SHELL or NONE`, this.at(['healthcheck', 'test']));
      return;
    }
    const health: Data = { command };
    for (const [key, target] of [['interval', 'interval'], ['timeout', 'timeout'], ['start_period', 'startup']] as const) {
      if (check[key] === undefined) continue;
      const seconds = durationSecondsOf(check[key]);
      if (seconds === undefined) this.report.invalid(`${this.label()}: healthcheck.${key} "${String(check[key])}" is not a duration`, this.at(['healthcheck', key]));
      else if (seconds > 0 || target !== 'startup') health[target] = durationText(seconds);
    }
    if (check.retries !== undefined) health.failureThreshold = Math.min(20, Math.max(1, Number(check.retries) || 3));
    this.entity.health = health;
  }

  private mapVolumes(): void {
    const list = Array.isArray(this.data.volumes) ? this.data.volumes : [];
    const volumes: Data = {};
    list.forEach((entry, index) => {
      const spec = parseVolume(entry);
      const at = this.at(['volumes', index]);
      if (!spec) return this.report.invalid(`${this.label()}: "${JSON.stringify(entry)}" is not a volume`, at);
      if (spec.type === 'bind') {
        const socket = spec.source.includes('docker.sock');
        return this.report.dropped(`the bind mount "${spec.source}:${spec.target}" of ${this.label()}`, socket ? 'no workload gets the Docker socket' : 'host folders do not exist in the cloud: copy the files into the image (source code belongs in the build)', at, this.systemPath('volumes'));
      }
      if (spec.type === 'tmpfs') {
        return this.report.dropped(`the tmpfs "${spec.target}" of ${this.label()}`, 'the root filesystem is read-only with a scratch /tmp; write to /tmp', at, this.systemPath(), 'info');
      }
      let name = spec.source ? entityNameOf(spec.source) : `data-${index + 1}`;
      if (name in volumes) name = `${name}-${index + 1}`;
      const top = spec.source ? this.context.project.top.volumes[spec.source] : undefined;
      volumes[name] = { path: spec.target };
      if (!spec.source) {
        this.report.approximated(`the anonymous volume "${spec.target}" of ${this.label()}`, `a persistent volume "${name}" of 10Gi`, at, this.systemPath('volumes', name), 'anonymous in compose');
      } else if (isPlainObject(top) && (top.driver !== undefined || top.external !== undefined || top.driver_opts !== undefined)) {
        this.report.approximated(`the volume "${spec.source}"`, 'a persistent volume of 10Gi; its driver and options are the platform\'s', at, this.systemPath('volumes', name), 'compose set a driver or external');
      } else if (this.sharedVolume(spec.source)) {
        this.report.approximated(`the volume "${spec.source}" of ${this.label()}`, 'each service gets its own volume: shared volumes do not exist in the cloud targets', at, this.systemPath('volumes', name), `shared in compose (${spec.source})`);
      }
      if (spec.readOnly) this.report.approximated(`the read-only mount "${spec.target}" of ${this.label()}`, 'volumes mount read-write', at, this.systemPath('volumes', name), 'read-only in compose');
    });
    if (Object.keys(volumes).length) this.entity.volumes = volumes;
    const tmpfs = Array.isArray(this.data.tmpfs) ? this.data.tmpfs.map(String) : [];
    tmpfs.forEach((mount, index) => {
      if (mount.split(':')[0] !== '/tmp') this.report.dropped(`the tmpfs "${mount}" of ${this.label()}`, 'only /tmp is a scratch folder', this.at(['tmpfs', index]), this.systemPath());
    });
  }

  private sharedVolume(source: string): boolean {
    return (this.context.volumeUsers.get(source) ?? 0) > 1;
  }

  private mapScale(): void {
    const deploy = isPlainObject(this.data.deploy) ? this.data.deploy : {};
    const replicas = deploy.replicas ?? this.data.scale;
    if (replicas === undefined) return;
    const count = Number(replicas);
    if (!Number.isInteger(count) || count < 0) this.report.invalid(`${this.label()}: replicas must be a whole number`, this.at(deploy.replicas !== undefined ? ['deploy', 'replicas'] : ['scale']));
    else this.entity.replicas = Math.min(count, 1000);
  }

  private mapJob(): void {
    const restart = String(this.data.restart ?? '');
    const retries = /^on-failure:(\d+)$/.exec(restart);
    if (retries) this.entity.backoffLimit = Math.min(100, Number(retries[1]));
    this.report.comment(this.systemPath(), 'runs once per deploy (a one-shot container in compose)');
    for (const key of ['ports', 'expose', 'healthcheck', 'volumes'] as const) {
      if (this.data[key] === undefined) continue;
      this.report.dropped(`"${key}" of ${this.label()}`, 'it runs once, as a job: jobs take no ports, health checks or volumes', this.at([key], 'key'), this.systemPath());
    }
    const deploy = isPlainObject(this.data.deploy) ? this.data.deploy : {};
    if (deploy.replicas !== undefined && Number(deploy.replicas) !== 1) this.report.dropped(`deploy.replicas of ${this.label()}`, 'a job runs once', this.at(['deploy', 'replicas']), this.systemPath());
  }

  /** depends_on: services wait for services, jobs run before the services that wait for them, data stores are used. */
  private dependedStores(): StoreEndpoint[] {
    const found: StoreEndpoint[] = [];
    for (const dependency of [...Object.keys((this.data.depends_on as Data | undefined) ?? {}), ...this.links()]) {
      const store = this.context.stores.get(dependency);
      if (store && !found.includes(store)) found.push(store);
    }
    return found;
  }

  private links(): string[] {
    return (Array.isArray(this.data.links) ? this.data.links : []).map((link) => String(link).split(':')[0]!);
  }

  private mapDependencies(): void {
    const dependsOn: string[] = [];
    const dependencies = (this.data.depends_on as Data | undefined) ?? {};
    for (const [dependency, spec] of Object.entries(dependencies)) {
      if (this.context.stores.has(dependency)) continue;
      const condition = isPlainObject(spec) ? String(spec.condition ?? 'service_started') : 'service_started';
      const entity = this.context.entityOf.get(dependency)!;
      if (this.context.jobs.has(dependency)) {
        if (this.collection === 'jobs') {
          this.report.dropped(`"${this.service.name}" waiting for "${dependency}"`, 'jobs do not wait for each other', this.at(['depends_on', dependency]), this.systemPath());
        } else this.context.jobBefore(entity, this.name);
        continue;
      }
      if (this.collection === 'jobs') {
        this.report.dropped(`"${this.service.name}" waiting for "${dependency}"`, 'a job does not wait for services', this.at(['depends_on', dependency]), this.systemPath());
        continue;
      }
      if (condition === 'service_completed_successfully') continue;
      dependsOn.push(entity);
    }
    for (const link of this.links()) {
      if (this.context.stores.has(link) || !this.context.entityOf.has(link)) continue;
      const entity = this.context.entityOf.get(link)!;
      if (this.collection === 'services' && !this.context.jobs.has(link) && !dependsOn.includes(entity)) dependsOn.push(entity);
    }
    if (this.data.links !== undefined) {
      this.report.approximated(`the links of ${this.label()}`, 'services reach each other by name; a link becomes a dependency', this.at(['links'], 'key'), this.systemPath(), 'compose links became dependsOn');
    }
    if (dependsOn.length) this.entity.dependsOn = dependsOn;
  }

  private mapResources(): void {
    const deploy = isPlainObject(this.data.deploy) ? this.data.deploy : {};
    const resources = isPlainObject(deploy.resources) ? deploy.resources : {};
    const limits = isPlainObject(resources.limits) ? resources.limits : {};
    const reservations = isPlainObject(resources.reservations) ? resources.reservations : {};
    const cpuValue = limits.cpus ?? this.data.cpus ?? reservations.cpus;
    const memoryValue = limits.memory ?? this.data.mem_limit ?? reservations.memory;
    const result: Data = {};
    if (cpuValue !== undefined) {
      const cpu = cpuOf(cpuValue);
      if (cpu) result.cpu = cpu;
      else this.report.invalid(`${this.label()}: "${String(cpuValue)}" is not a number of CPUs`, this.at(['deploy', 'resources']));
    }
    if (memoryValue !== undefined) {
      const memory = sizeOf(memoryValue);
      if (memory) result.memory = memory;
      else this.report.invalid(`${this.label()}: "${String(memoryValue)}" is not a memory size`, this.at(['deploy', 'resources']));
    }
    if (Object.keys(result).length) this.entity.resources = result;
    for (const key of Object.keys(deploy)) {
      if (key === 'replicas' || key === 'resources') continue;
      this.report.dropped(`deploy.${key} of ${this.label()}`, 'placement, update and restart policies are the platform\'s', this.at(['deploy', key], 'key'), undefined, 'info');
    }
  }

  private mapSecurity(): void {
    const user = this.data.user;
    if (user !== undefined) {
      const id = String(user).split(':')[0]!;
      if (id === '0' || id === 'root') this.entity.runAsRoot = true;
      else if (/^\d+$/.test(id) && Number(id) >= 1) this.entity.runAsUser = Number(id);
      else this.report.approximated(`the user "${String(user)}" of ${this.label()}`, 'system.yaml takes a numeric user id; it runs as 10001', this.at(['user']), this.systemPath(), `compose ran it as user "${String(user)}"; set runAsUser to its id`);
    }
    if (this.data.read_only === false) this.entity.readOnlyRootFilesystem = false;
  }

  private dropUnmapped(): void {
    for (const key of Object.keys(this.data)) {
      if (MAPPED_KEYS.has(key) || key.startsWith('x-')) continue;
      const cosmetic = COSMETIC_KEYS.has(key);
      const value = this.data[key];
      const what = `"${key}${typeof value === 'string' || typeof value === 'boolean' ? `: ${String(value)}` : ''}" of ${this.label()}`;
      this.report.dropped(what, DROP_REASONS[key] ?? (cosmetic ? 'it changes nothing a deployed workload does' : 'system.yaml has no such setting'), this.at([key], 'key'), cosmetic ? undefined : this.systemPath(), cosmetic ? 'info' : undefined);
    }
  }
}

function range(from: number, to: number): number[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) return [];
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

interface VolumeSpec {
  type: 'volume' | 'bind' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
}

export function parseVolume(entry: unknown): VolumeSpec | undefined {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    if (parts.length === 1) return { type: 'volume', source: '', target: parts[0]!, readOnly: false };
    const [source, target, mode = ''] = parts as [string, string, string?];
    return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source, target, readOnly: mode.split(',').includes('ro') };
  }
  if (isPlainObject(entry) && typeof entry.target === 'string') {
    const type = entry.type === 'bind' || entry.type === 'tmpfs' ? entry.type : 'volume';
    return { type, source: typeof entry.source === 'string' ? entry.source : '', target: entry.target, readOnly: entry.read_only === true };
  }
  return undefined;
}

const entityNameOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 40) || 'data';

export const secretName = (source: string) => entityNameOf(source).replace(/-+$/, '') || 'secret';

/** Keys in the order a person writes them: what runs, then how it is reached, then the rest. */
const KEY_ORDER = ['image', 'build', 'command', 'args', 'ports', 'replicas', 'backoffLimit', 'resources', 'health', 'env', 'secrets', 'uses', 'dependsOn', 'before', 'volumes', 'runAsUser', 'runAsRoot', 'readOnlyRootFilesystem'];
function orderKeys(entity: Data): Data {
  return Object.fromEntries(Object.entries(entity).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b)));
}
