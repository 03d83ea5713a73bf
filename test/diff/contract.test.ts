/**
 * The diff side of the target contract: the engine knows no target, a plugin brings its own diff
 * format (objects, noise, risks, records) or gets the generic one, and no report repeats a value
 * that looks like a secret.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../../compiler/diff/engine.ts';
import { renderGithub, renderJson, renderMarkdown, renderText } from '../../compiler/diff/render.ts';
import type { DiffReport, ObjectChange } from '../../compiler/diff/types.ts';
import { compile } from '../../compiler/pipeline.ts';
import { defineTarget, objectRecord, toStableJson, toStableYaml, type DiffFormat, type Target } from '../../compiler/plugin-api.ts';
import { diffFormatsOf, type TargetEntry } from '../../compiler/targets.ts';
import { planOutput } from '../../compiler/write/writer.ts';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import { tempFolder } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const changes = (report: DiffReport): ObjectChange[] => report.scopes.flatMap((scope) => scope.changes);

describe('the engine knows no target', () => {
  /** The source of a file without its comments: what it does, not what it mentions. */
  const code = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const TARGET_NAME = /\b(terraform|kubernetes|serverless|compose|docker-compose|cdktf|cdk8s)\b/i;

  it('compiler/diff holds no per-target file and names no target in its code', () => {
    const files = fg.sync('compiler/diff/**/*.ts', { cwd: ROOT }).sort();
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((file) => TARGET_NAME.test(path.basename(file)))).toEqual([]);
    expect(files.filter((file) => TARGET_NAME.test(code(file))).map((file) => `${file}: ${TARGET_NAME.exec(code(file))![0]}`)).toEqual([]);
  });

  it('the check itself finds a special case (it can fail)', () => {
    expect(TARGET_NAME.test("if (target === 'kubernetes') return;")).toBe(true);
    expect(TARGET_NAME.test(code('compiler/builtin-targets.ts'))).toBe(true);
    // What a comment mentions is not code.
    expect(TARGET_NAME.test(code('compiler/diff/format.ts'))).toBe(false);
    expect(TARGET_NAME.test(readFileSync(path.join(ROOT, 'compiler/diff/format.ts'), 'utf8'))).toBe(true);
  });

  it('the built-ins register their formats through the registry, without loading the targets', async () => {
    const formats = await diffFormatsOf(BUILTIN_TARGETS);
    expect([...formats.keys()].sort()).toEqual(['compose', 'kubernetes', 'serverless', 'terraform']);
    expect(BUILTIN_TARGETS.every((entry) => entry.loadDiff !== undefined)).toBe(true);
  });
});

/** A plugin's task file: one `task <name> <image> [KEY=value …]` line per object. */
const taskFormat: DiffFormat = {
  matches: (relative) => relative.endsWith('.tasks'),
  parse: (file, contents) =>
    contents.split('\n').filter(Boolean).map((line) => {
      const [, name, image, ...env] = line.split(' ');
      return { id: `task ${name}`, type: 'task', file, value: { image, env: Object.fromEntries(env.map((pair) => pair.split('=') as [string, string])) } };
    }),
  environment: (object) => [{ path: 'env', variables: (object.value as { env: Record<string, string> }).env }],
  risks: [{ id: 'tasks/latest', category: 'replacement', on: ['changed'], check: ({ after }) => ((after!.value as { image: string }).image.endsWith(':latest') ? { field: 'image', message: 'runs :latest: every deploy may replace it' } : undefined) }],
};

function taskPlugin(withFormat: boolean): Target {
  return defineTarget({
    id: 'tasks',
    description: 'tasks for a made-up runner',
    emit: (model) => {
      const services = Object.values(model.base.services);
      const line = (service: (typeof services)[number]) => `task ${service.name} ${service.image} ${Object.entries(service.env).map(([key, value]) => `${key}=${value.text}`).join(' ')}`.trim();
      return [
        { path: 'all.tasks', contents: `${services.map(line).join('\n')}\n`, sources: services.map((service) => `service.${service.name}`), objects: services.map((service) => objectRecord(`task ${service.name}`, service)) },
        // Without a format of its own, JSON is compared as data, one object per file.
        ...services.map((service) => ({ path: `defs/${service.name}.json`, contents: toStableJson({ image: service.image, environment: Object.entries(service.env).map(([name, value]) => ({ name, value: value.text })) }), sources: [`service.${service.name}`] })),
      ];
    },
    ...(withFormat ? { diff: taskFormat } : {}),
  });
}

const SYSTEM = (api: { image: string; env?: Record<string, string> }) =>
  `infragen: 1\nsystem: shop\nenvironments:\n  prod: { regions: [eu-west-1] }\nservices:\n  web:\n    image: shop/web:1\n  api:\n    image: ${api.image}\n${api.env ? `    env:\n${Object.entries(api.env).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}\n`).join('')}` : ''}`;

async function pluginDiff(withFormat: boolean, base: Parameters<typeof SYSTEM>[0], head: Parameters<typeof SYSTEM>[0]): Promise<DiffReport> {
  const target = taskPlugin(withFormat);
  const entry: TargetEntry = { id: target.id, description: target.description, origin: './tasks.mjs', load: async () => target };
  const folder = tempFolder('infragen-plugin-diff-');
  const tree = async (name: string, system: string) => {
    const file = path.join(folder, name, 'system.yaml');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, system);
    const built = await compile(file, { targets: [entry] });
    expect(built.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    return planOutput(built.model!.name, built.files, built.loaded);
  };
  return diffTrees({ base: await tree('base', SYSTEM(base)), head: await tree('head', SYSTEM(head)), baseLabel: 'base', headLabel: 'head', formats: await diffFormatsOf([entry]) });
}

describe('a plugin and the diff', () => {
  it('with a diff format of its own: its objects, its risk rules, its records', async () => {
    const report = await pluginDiff(true, { image: 'shop/api:1' }, { image: 'shop/api:latest' });
    const task = changes(report).find((change) => change.id === 'task api');
    expect(task).toMatchObject({ kind: 'changed', type: 'task', fields: [{ path: 'image', old: '"shop/api:1"', new: '"shop/api:latest"' }] });
    expect(task!.risks).toEqual([{ category: 'replacement', rule: 'tasks/latest', message: 'runs :latest: every deploy may replace it', field: 'image' }]);
    expect(task!.attribution).toEqual({ entity: 'service.api', file: 'system.yaml', line: 8, side: 'head' });
    expect(changes(report).some((change) => change.id === 'task web')).toBe(false);
  });

  it('without one: the generic format, the file-level source, and the generic secret rule', async () => {
    const report = await pluginDiff(false, { image: 'shop/api:1' }, { image: 'shop/api:1', env: { API_TOKEN: 'tok-9f8e7d6c5b4a', LOG_LEVEL: 'debug' } });
    const definition = changes(report).find((change) => change.id === 'api.json');
    expect(definition).toMatchObject({ kind: 'changed', type: 'file', attribution: { entity: 'service.api', line: 8 } });
    expect(definition!.risks.map((risk) => `${risk.rule} ${risk.field}`)).toEqual(['plain-secret environment[name=API_TOKEN].value']);
    // The task file is text to the generic format; it has several sources and no records it could use.
    expect(changes(report).find((change) => change.id === 'all.tasks')).toMatchObject({ kind: 'changed', type: 'file' });
    expect(changes(report).find((change) => change.id === 'all.tasks')!.attribution).toBeUndefined();
  });
});

describe('object records from a target', () => {
  it('are checked like the rest of a file: a malformed list is TARGET_FAILED naming the file', async () => {
    const { runTargets } = await import('../../compiler/targets.ts');
    const validated = (await import('../../compiler/pipeline.ts')).validateSystem(path.join(ROOT, 'test/diff/recorded-lines/head/system.yaml'));
    const bad = defineTarget({ id: 'bad', description: 'records without ids', emit: () => [{ path: 'a.json', contents: '{}\n', sources: [], objects: [{ source: 'service.api' } as never] }] });
    const result = await runTargets(validated.model!, [{ id: 'bad', description: 'x', origin: 'test', load: async () => bad }], {});
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`)).toEqual([expect.stringMatching(/^TARGET_FAILED: .*"objects" for a\.json that is not a list of \{ id, source, span\? \}/)]);
  });
});

describe('secrets in the report', () => {
  const K8S = 'kubernetes/prod/eu-west-1/shop/api.yaml';
  const deployment = (env: Array<Record<string, unknown>>) => toStableYaml({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1', env }] } } } });

  it('never repeats a secret-looking value, in any format, and still flags it', async () => {
    const formats = await diffFormatsOf(BUILTIN_TARGETS);
    const base = new Map([[K8S, deployment([{ name: 'DB_HOST', value: 'db' }])], ['compose/docker-compose.yml', toStableYaml({ services: { api: { image: 'api:1', environment: { MODE: 'a' } } } })]]);
    const head = new Map([
      [K8S, deployment([{ name: 'DB_HOST', value: 'db' }, { name: 'DB_PASSWORD', value: 'hunter2-hunter2' }, { name: 'UPSTREAM', value: 'https://bot:pa55w0rd@example.com/x' }])],
      ['compose/docker-compose.yml', toStableYaml({ services: { api: { image: 'api:1', environment: { MODE: 'a', GITHUB: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' } } } })],
    ]);
    const report = diffTrees({ base, head, baseLabel: 'base', headLabel: 'head', formats });
    for (const rendered of [renderMarkdown(report), renderText(report), renderJson(report), renderGithub(report)]) {
      for (const secret of ['hunter2', 'pa55w0rd', 'ghp_abcdefghijklmnopqrstuvwxyz']) expect(rendered).not.toContain(secret);
    }
    const comment = renderMarkdown(report);
    expect(comment).toContain('(masked)');
    expect(comment).toContain('DB_PASSWORD');
    expect(changes(report).flatMap((change) => change.risks.map((risk) => `${change.id} ${risk.rule} ${risk.field}`)).sort()).toEqual([
      'Deployment/shop/api plain-secret spec.template.spec.containers[name=api].env[name=DB_PASSWORD].value',
      'Deployment/shop/api plain-secret spec.template.spec.containers[name=api].env[name=UPSTREAM].value',
      'services.api plain-secret environment.GITHUB',
    ]);
  });
});
