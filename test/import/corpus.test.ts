/**
 * `infragen import compose` on a corpus of Compose projects in the shapes the Compose
 * Specification allows (test/import/corpus/<case>/, options in import.json). Each case has goldens
 * (the written system.yaml and the printed diagnostics); every valid case must validate with zero
 * errors and build back to compose running the same services, images, ports and dependencies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSystem } from '../../compiler/cli/build-system.ts';
import { composeFiles } from '../../compiler/import/compose-file.ts';
import { ProjectReader, type ComposeProject } from '../../compiler/import/compose-project.ts';
import { recogniseDatastore } from '../../compiler/import/datastores.ts';
import { importCompose } from '../../compiler/import/import-compose.ts';
import { entityName } from '../../compiler/import/map-project.ts';
import { diskHost, memoryHost } from '../../compiler/load/host.ts';
import { validateSystem } from '../../compiler/pipeline.ts';
import { printedDiagnostics } from '../helpers/diagnostics.ts';
import { expectGolden } from '../helpers/golden.ts';

const CORPUS = path.join(import.meta.dirname, 'corpus');
const CASES = readdirSync(CORPUS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

interface CaseOptions {
  file?: string;
  overrides?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
}

function runCase(name: string) {
  const folder = path.join(CORPUS, name);
  const optionsFile = path.join(folder, 'import.json');
  const options: CaseOptions = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  const request = {
    composeFile: path.join(folder, options.file ?? ''),
    overrides: (options.overrides ?? []).map((file) => path.join(folder, file)),
    profiles: options.profiles ?? [],
    environment: options.environment ?? {},
    output: path.join(folder, 'system.yaml'),
  };
  return { folder, request, result: importCompose(request) };
}

/** The project as Docker Compose would run it, read again (the expectation side of the round trip). */
function readProject(request: ReturnType<typeof runCase>['request']): ComposeProject {
  const files = composeFiles(diskHost, request.composeFile, request.overrides);
  const project = new ProjectReader({ host: diskHost, files, environment: request.environment, profiles: request.profiles, root: path.dirname(files[0]!) }).read();
  expect(project).toBeDefined();
  return project!;
}

/** Published container ports as `<port>/<protocol>`, read independently of the importer. */
function publishedPorts(ports: unknown): string[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((port) => {
    if (typeof port === 'object' && port !== null) {
      const long = port as { target: number; protocol?: string };
      return [`${long.target}/${long.protocol ?? 'tcp'}`];
    }
    const text = String(port);
    const protocol = text.endsWith('/udp') ? 'udp' : 'tcp';
    const target = text.replace(/\/(tcp|udp)$/, '').split(':').pop()!;
    const [from, to = from] = target.split('-').map(Number) as [number, number?];
    return Array.from({ length: to - from + 1 }, (_, index) => `${from + index}/${protocol}`);
  });
}

async function expectRoundTrip(folder: string, text: string, project: ComposeProject): Promise<void> {
  const systemFile = path.join(folder, 'system.yaml');
  const build = await buildSystem({ systemFile, host: memoryHost({ [systemFile]: text }), environments: [], only: ['compose'], plugins: [] });
  expect(build.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  const emitted = parse(build.tree!.get('compose/docker-compose.yml')!) as { services: Record<string, Record<string, unknown>> };
  for (const service of project.services) {
    const name = entityName(service.name);
    const out = emitted.services[name];
    expect(out, `compose service "${name}" (from "${service.name}")`).toBeDefined();
    const image = service.data.image as string | undefined;
    const store = image && !service.data.build ? recogniseDatastore(image) : undefined;
    if (service.data.build) expect(out!.build, `${name} is built`).toBeDefined();
    else if (store?.versionFrom === 'exact' && store.imageEngine === store.engine) expect(out!.image, `${name} image`).toBe(image!.replace(/^docker\.io\/library\//, ''));
    else if (store) expect(String(out!.image), `${name} image`).toMatch(new RegExp(`${store.engine === 'valkey' ? 'valkey/valkey' : store.engine}:`));
    else expect(out!.image, `${name} image`).toBe(image);

    const isJob = out!.restart === 'no';
    if (!store && !isJob) {
      const emittedPorts = ((out!.ports as Array<{ target: number; protocol: string }> | undefined) ?? []).map((port) => `${port.target}/${port.protocol}`);
      expect(new Set(emittedPorts), `${name} ports`).toEqual(new Set(publishedPorts(service.data.ports)));
    }
    const dependencies = [
      ...Object.keys((service.data.depends_on as object | undefined) ?? {}),
      ...((service.data.links as string[] | undefined) ?? []).map((link) => link.split(':')[0]!),
    ];
    for (const dependency of dependencies) {
      const dependencyImage = project.services.find((candidate) => candidate.name === dependency)?.data.image;
      const toStore = typeof dependencyImage === 'string' && recogniseDatastore(dependencyImage) !== undefined;
      if (isJob && !toStore) continue; // a job waits for nothing but data stores (reported as dropped)
      expect(Object.keys((out!.depends_on as object | undefined) ?? {}), `${name} depends on ${dependency}`).toContain(entityName(dependency));
    }
  }
}

describe('import compose: the corpus', () => {
  it.each(CASES.filter((name) => !name.startsWith('bad-')))('%s imports, validates and builds back to compose', async (name) => {
    const { folder, request, result } = runCase(name);
    expectGolden(path.join(folder, '_expected', 'diagnostics.txt'), printedDiagnostics(result.diagnostics, result.sources));
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(result.text).toBeDefined();
    expectGolden(path.join(folder, '_expected', 'system.yaml'), result.text!);

    const systemFile = path.join(folder, 'system.yaml');
    const validated = validateSystem(systemFile, { host: memoryHost({ [systemFile]: result.text! }) });
    expect(validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    await expectRoundTrip(folder, result.text!, readProject(request));
  });

  it.each(CASES.filter((name) => name.startsWith('bad-')))('%s is refused with coded diagnostics at the Compose lines', (name) => {
    const { folder, result } = runCase(name);
    expectGolden(path.join(folder, '_expected', 'diagnostics.txt'), printedDiagnostics(result.diagnostics, result.sources));
    expect(result.text).toBeUndefined();
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.span, `${error.code} has a span`).toBeDefined();
  });

  it('the same input gives byte-identical output', () => {
    expect(runCase('web-db-cache').result.text).toBe(runCase('web-db-cache').result.text);
  });
});
