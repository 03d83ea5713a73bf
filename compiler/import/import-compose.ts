/**
 * `infragen import compose`: read a Compose project, map it, and write system.yaml text. Returns
 * text and diagnostics; never writes (the CLI does). That the text validates with zero errors is
 * held by the corpus tests (test/import/), not re-checked here: a second parse and validation
 * would double the cost of a large import.
 */
import path from 'node:path';
import { sortDiagnostics } from '../diagnostics/order.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { diskHost, type SourceHost } from '../load/host.ts';
import { hasErrors } from '../pipeline.ts';
import { composeFiles } from './compose-file.ts';
import { ProjectReader } from './compose-project.ts';
import { entityName, mapProject } from './map-project.ts';
import { ImportReport } from './report.ts';
import { writeSystemYaml } from './write-system.ts';

export interface ImportRequest {
  /** The Compose file, or a folder holding compose.yaml / docker-compose.yml. */
  composeFile: string;
  /** `-f` override files, merged in order. */
  overrides: readonly string[];
  /** Where system.yaml goes (default: beside the Compose file). */
  output?: string;
  name?: string;
  profiles?: readonly string[];
  /** Variables for `${VAR}` (the process environment); `.env` beside the Compose file is under them. */
  environment?: Readonly<Record<string, string | undefined>>;
  host?: SourceHost;
  region?: string;
  /** `$schema` for the first line, relative to the output folder. */
  schema?: string;
}

export interface ImportSummary {
  services: number;
  jobs: number;
  databases: number;
  caches: number;
  secrets: number;
  dropped: number;
  approximated: number;
  credentials: number;
}

export interface ImportResult {
  diagnostics: Diagnostic[];
  /** Compose file (relative to `root`) → text, for code frames. */
  sources: Map<string, string>;
  /** Folder the spans are relative to. */
  root: string;
  outputPath: string;
  /** The system.yaml text; undefined when anything is an error. */
  text?: string;
  summary?: ImportSummary;
}

export function importCompose(request: ImportRequest): ImportResult {
  const host = request.host ?? diskHost;
  const files = composeFiles(host, request.composeFile, request.overrides);
  const root = path.dirname(files[0]!);
  const outputPath = path.resolve(request.output ?? path.join(root, 'system.yaml'));
  const reader = new ProjectReader({ host, files, environment: request.environment ?? {}, profiles: request.profiles ?? [], root });
  // The project is read even past mistakes (the mapping finds more of them); any error means nothing is written.
  const project = reader.read();
  const result: ImportResult = { diagnostics: reader.diagnostics, sources: reader.sources, root, outputPath };
  if (!project) return { ...result, diagnostics: sortDiagnostics(reader.diagnostics) };

  const report = new ImportReport(project);
  const systemName = entityName(request.name ?? project.name ?? path.basename(root));
  const system = mapProject(project, report, {
    systemName,
    outputFolder: path.dirname(outputPath),
    region: request.region ?? 'us-east-1',
    readFile: (absolute) => host.readFile(absolute),
  });
  const diagnostics = sortDiagnostics([...reader.diagnostics, ...report.diagnostics]);
  if (hasErrors(diagnostics)) return { ...result, diagnostics };

  const summary = summarize(system, diagnostics);
  const text = writeSystemYaml(system, {
    header: header(files.map((file) => path.relative(path.dirname(outputPath), file).split(path.sep).join('/')), summary, request.schema),
    comments: report.comments,
    sectionComments: {
      environments: ['Before deploying to the cloud: set `account`, and `targets.kubernetes.cluster` for Kubernetes.'],
    },
  });
  return { ...result, diagnostics, text, summary };
}

function summarize(system: Record<string, unknown>, diagnostics: readonly Diagnostic[]): ImportSummary {
  const count = (key: string) => Object.keys((system[key] as object | undefined) ?? {}).length;
  const codes = (code: string) => diagnostics.filter((diagnostic) => diagnostic.code === code && diagnostic.severity !== 'info').length;
  return {
    services: count('services'),
    jobs: count('jobs'),
    databases: count('databases'),
    caches: count('caches'),
    secrets: count('secrets'),
    dropped: codes('IMPORT_DROPPED'),
    approximated: codes('IMPORT_APPROXIMATED'),
    credentials: codes('IMPORT_CREDENTIAL'),
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : word.endsWith('h') ? 'es' : 's'}`;

/** One line: what was imported and what needs a look. */
export function summaryLine(summary: ImportSummary): string {
  const made = [plural(summary.services, 'service'), plural(summary.jobs, 'job'), plural(summary.databases, 'database'), plural(summary.caches, 'cache'), plural(summary.secrets, 'secret')];
  const review = [`${summary.approximated} approximated`, `${summary.dropped} dropped`, `${plural(summary.credentials, 'credential')} not copied`];
  return `${made.join(', ')}; ${review.join(', ')}`;
}

function header(files: string[], summary: ImportSummary, schema: string | undefined): string[] {
  return [
    ...(schema ? [`yaml-language-server: $schema=${schema}`] : []),
    `Imported from ${files.join(' + ')} by \`infragen import compose\`:`,
    `${summaryLine(summary)}.`,
    'Comments below mark what was approximated or left out; `infragen import compose` printed each',
    'with its Compose file line. Data stores became managed databases and caches; literal credentials',
    'became declared secrets, whose values go in secrets/<name> (compose) or AWS Secrets Manager.',
    'Containers run as user 10001 with a read-only root filesystem and a scratch /tmp unless a',
    'service says otherwise (runAsRoot: true, runAsUser, readOnlyRootFilesystem: false).',
  ];
}
