/**
 * Golden tests of `infragen diff` over pairs of revisions: each `test/diff/<case>/` holds a `base/`
 * and a `head/` system (with includes where the case needs them). Both are compiled with the
 * registered built-in targets, exactly as `infragen build` would write them, and the diff is
 * compared with `_expected/` in every output format. UPDATE=1 rewrites the goldens.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failing } from '../../compiler/cli/diff-command.ts';
import { diffTrees } from '../../compiler/diff/engine.ts';
import { renderGithub, renderJson, renderMarkdown, renderText } from '../../compiler/diff/render.ts';
import type { DiffReport, ObjectChange, OutputTree } from '../../compiler/diff/types.ts';
import { compile } from '../../compiler/pipeline.ts';
import { planOutput } from '../../compiler/write/writer.ts';
import { BUILTIN_TARGETS } from '../../compiler/builtin-targets.ts';
import { diffFormatsOf } from '../../compiler/targets.ts';
import { caseFolders, expectGolden } from '../helpers/golden.ts';

const CASES = path.join(import.meta.dirname);
const cases = caseFolders(CASES, 'base/system.yaml');

async function build(folder: string): Promise<OutputTree> {
  const built = await compile(path.join(folder, 'system.yaml'), { targets: BUILTIN_TARGETS });
  expect(built.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), folder).toEqual([]);
  return planOutput(built.model!.name, built.files, built.loaded);
}

const reports = new Map<string, DiffReport>();

async function reportOf(name: string): Promise<DiffReport> {
  const cached = reports.get(name);
  if (cached) return cached;
  const folder = path.join(CASES, name);
  const report = diffTrees({ base: await build(path.join(folder, 'base')), head: await build(path.join(folder, 'head')), baseLabel: 'base', headLabel: 'head', formats: await diffFormatsOf(BUILTIN_TARGETS) });
  reports.set(name, report);
  return report;
}

const allChanges = (report: DiffReport): Array<ObjectChange & { target: string }> =>
  report.scopes.flatMap((scope) => scope.changes.map((change) => ({ ...change, target: scope.target })));
const has = (target: string) => BUILTIN_TARGETS.some((entry) => entry.id === target);

describe('diff goldens', () => {
  for (const name of cases) {
    it(name, async () => {
      const report = await reportOf(name);
      const expected = path.join(CASES, name, '_expected');
      expectGolden(path.join(expected, 'report.txt'), renderText(report));
      expectGolden(path.join(expected, 'comment.md'), renderMarkdown(report, { sourceUrl: 'https://github.com/acme/shop/blob/HEAD/' }));
      expectGolden(path.join(expected, 'annotations.txt'), renderGithub(report));
      expectGolden(path.join(expected, 'report.json'), renderJson(report));
    });
  }
});

describe('what the cases must show', () => {
  beforeAll(async () => {
    for (const name of cases) await reportOf(name);
  });

  it('identical builds: no changes, exit code 0 even with --exit-code and --fail-on risk', async () => {
    const report = await reportOf('no-change');
    expect(report.scopes).toEqual([]);
    expect(renderText(report)).toContain('no changes');
    expect(failing(report, true, new Set(['risk']))).toBe(false);
  });

  it('a scaled service changes replicas, attributed to the service, without risk', async () => {
    const report = await reportOf('scaled-service');
    const changes = allChanges(report);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((change) => change.attribution?.entity === 'service.api')).toBe(true);
    expect(changes.every((change) => change.risks.length === 0)).toBe(true);
    if (has('kubernetes')) {
      const deployment = changes.find((change) => change.id === 'Deployment/shop/api');
      expect(deployment?.fields).toContainEqual({ path: 'spec.replicas', old: '2', new: '4' });
    }
    expect(failing(report, true, new Set())).toBe(true);
    expect(failing(report, false, new Set(['risk']))).toBe(false);
  });

  it.runIf(has('terraform'))('a renamed queue is flagged as a replacement', async () => {
    const queue = allChanges(await reportOf('renamed-queue')).find((change) => change.type === 'aws_sqs_queue');
    expect(queue?.kind).toBe('replaced');
    expect(queue?.previousId).toBe('aws_sqs_queue.orders');
    expect(queue?.attribution).toMatchObject({ entity: 'queue.purchases', file: 'system.yaml', line: 11, side: 'head' });
    expect(queue?.risks.map((risk) => risk.category)).toContain('replacement');
  });

  it.runIf(has('terraform'))('a deleted database is flagged as data loss', async () => {
    const report = await reportOf('deleted-database');
    const database = allChanges(report).find((change) => change.type === 'aws_db_instance');
    expect(database?.kind).toBe('removed');
    expect(database?.attribution).toMatchObject({ entity: 'database.orders-db', side: 'base', line: 9 });
    expect(database?.risks[0]).toMatchObject({ category: 'data-loss', rule: 'terraform/stateful-delete' });
    expect(failing(report, false, new Set(['data-loss']))).toBe(true);
    expect(failing(report, false, new Set(['security']))).toBe(false);
  });

  it('a newly public port is flagged as a security change', async () => {
    const report = await reportOf('public-port');
    const security = allChanges(report).filter((change) => change.risks.some((risk) => risk.category === 'security'));
    expect(security.length).toBeGreaterThan(0);
    expect(security.every((change) => change.attribution?.entity === 'service.api')).toBe(true);
    expect(renderGithub(report)).toMatch(/^::warning file=system\.yaml,line=13,title=/m);
  });

  it.runIf(has('serverless'))('an added function appears as an added serverless function', async () => {
    const added = allChanges(await reportOf('added-function')).find((change) => change.id === 'functions.orders-api');
    expect(added).toMatchObject({ kind: 'added', type: 'function', attribution: { entity: 'function.orders-api', file: 'system.yaml', line: 24 } });
    expect(added?.risks.map((risk) => risk.rule)).toContain('serverless/public-route');
  });

  it('a change in an included file is attributed to that file and line', async () => {
    const changes = allChanges(await reportOf('included-file'));
    expect(changes.length).toBeGreaterThan(0);
    const queue = changes.filter((change) => change.attribution?.entity === 'queue.orders');
    expect(queue.length).toBeGreaterThan(0);
    expect(queue.every((change) => change.attribution?.file === 'queues/orders.yaml' && change.attribution.line === 3)).toBe(true);
  });

  it('every changed object of every built-in target names the exact line its build recorded', async () => {
    const report = await reportOf('recorded-lines');
    const text = readFileSync(path.join(CASES, 'recorded-lines', 'head', 'system.yaml'), 'utf8').split('\n');
    const lineOf = (key: string) => text.findIndex((line) => line.startsWith(`  ${key}:`)) + 1;
    const networkLine = text.findIndex((line) => line.startsWith('network:')) + 1;
    expect(networkLine).toBeGreaterThan(lineOf('report'));
    const attributed = Object.fromEntries(allChanges(report).filter((change) => change.attribution).map((change) => [`${change.target} ${change.id}`, `${change.attribution!.entity}:${change.attribution!.line}`]));
    expect(attributed).toEqual({
      'compose services.api': `service.api:${lineOf('api')}`,
      'kubernetes Deployment/shop/api': `service.api:${lineOf('api')}`,
      'serverless functions.report': `function.report:${lineOf('report')}`,
      'terraform aws_db_instance.orders_db': `database.orders-db:${lineOf('orders-db')}`,
      'terraform aws_sqs_queue.invoices': `queue.invoices:${lineOf('invoices')}`,
      // A second NAT gateway: the environment's network, at the `network:` line.
      'terraform aws_eip.nat_zone_2': `environment.prod:${networkLine}`,
      'terraform aws_nat_gateway.zone_2': `environment.prod:${networkLine}`,
      'terraform aws_route.private_zone_2_internet': `environment.prod:${networkLine}`,
      // The LocalStack init script several queues share: the system's, at the `system:` line.
      'compose init-aws.sh': 'system.shop:2',
    });
    // The lines are the entities' own, not the first of their section: no guessing by position either.
    expect(new Set(Object.values(attributed).map((value) => value.split(':')[1])).size).toBe(6);
    expect(lineOf('api')).toBeGreaterThan(lineOf('web'));
    // What no single entity made names what it was made for: the environment (its network), the system (the local stand-ins' init script).
    expect(allChanges(report).filter((change) => !change.attribution).map((change) => `${change.target} ${change.id}`)).toEqual([]);
    const github = renderGithub(report);
    expect(github).toContain(`::notice file=system.yaml,line=${lineOf('invoices')},title=infragen diff%3A queue.invoices changes the output::`);
    expect(github).toContain(`::notice file=system.yaml,line=${networkLine},title=infragen diff%3A environment prod changes the output::`);
    expect(github).toContain(`::notice file=system.yaml,line=2,title=infragen diff%3A system shop changes the output::`);
    expect(renderText(report)).toContain(`← environment prod (system.yaml:${networkLine})`);
  });

  it('manifest.json keeps one record per object: id, entity, file and line', async () => {
    const tree = await build(path.join(CASES, 'recorded-lines', 'head'));
    const manifest = tree.get('manifest.json')!;
    expect(manifest).toContain('\n        {"id":"aws_sqs_queue.invoices","entity":"queue.invoices","file":"system.yaml","line":10},\n');
    const parsed = JSON.parse(manifest) as { files: Array<{ path: string; objects?: Array<{ id: string }> }> };
    for (const target of ['compose', 'kubernetes', 'serverless', 'terraform']) {
      expect(parsed.files.some((file) => file.path.startsWith(`${target}/`) && (file.objects?.length ?? 0) > 0), target).toBe(true);
    }
    // Every record names an object its target's diff format finds in the file (else no change could use it).
    const formats = await diffFormatsOf(BUILTIN_TARGETS);
    for (const file of parsed.files) {
      const target = file.path.split('/')[0]!;
      if (!file.objects?.length) continue;
      const format = formats.get(target)!;
      const contents = tree.get(file.path)!;
      // A file the target's format does not read (the init script) is one object, named after the file.
      const ids = new Set(format.matches(file.path.slice(target.length + 1), contents) ? format.parse(file.path, contents).map((object) => object.id) : [file.path.split('/').pop()!]);
      expect(file.objects.filter((object) => !ids.has(object.id)), file.path).toEqual([]);
    }
  });
});
