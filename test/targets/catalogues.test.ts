/**
 * The built-in targets' codes are data: every code a target's source reports is in its catalogue
 * (`targets/<target>/diagnostics.ts`), every catalogued code is documented in docs/diagnostics.md
 * with its severity and summary, and a golden fixture shows it as a user sees it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TargetDiagnostics } from '../../compiler/target.ts';
import { COMPOSE_DIAGNOSTICS } from '../../targets/compose/diagnostics.ts';
import { K8S_DIAGNOSTICS } from '../../targets/kubernetes/diagnostics.ts';
import { SERVERLESS_DIAGNOSTICS } from '../../targets/serverless/diagnostics.ts';
import { TERRAFORM_DIAGNOSTICS } from '../../targets/terraform/diagnostics.ts';
import { caseFolders } from '../helpers/golden.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const CATALOGUES: Record<string, TargetDiagnostics> = {
  compose: COMPOSE_DIAGNOSTICS,
  kubernetes: K8S_DIAGNOSTICS,
  serverless: SERVERLESS_DIAGNOSTICS,
  terraform: TERRAFORM_DIAGNOSTICS,
};

/** Codes a target's source reports: `code: 'X'` in a report, `.error('X'` for an error. */
function reportedCodes(target: string): string[] {
  const folder = path.join(ROOT, 'targets', target);
  const codes = readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && file !== 'diagnostics.ts')
    .flatMap((file) => [...readFileSync(path.join(folder, file), 'utf8').matchAll(/(?:[cC]ode: |\.error\()'([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]!));
  return [...new Set(codes)].sort();
}

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const goldens = caseFolders(FIXTURES, path.join('_expected', 'diagnostics.txt'))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name, '_expected', 'diagnostics.txt'), 'utf8') }));
const docs = readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
const sections = new Map(docs.split(/^## /m).slice(1).map((section) => [section.slice(0, section.indexOf('\n')).trim(), section] as const));

describe.each(Object.entries(CATALOGUES))('the %s target', (target, catalogue) => {
  it('reports only catalogued codes, and catalogues only codes it reports', () => {
    expect(reportedCodes(target)).toEqual(Object.keys(catalogue).sort());
  });

  it.each(Object.entries(catalogue))('documents %s with its severity and summary', (code, { severity, summary }) => {
    const section = sections.get(`\`${code}\``);
    expect(section, `docs/diagnostics.md has no "## \`${code}\`" section`).toBeDefined();
    expect(section).toContain(`**${severity}**`);
    expect(section!.replace(/\s+/g, ' ')).toContain(summary);
  });

  it.each(Object.keys(catalogue))('a fixture shows %s', (code) => {
    expect(goldens.filter((golden) => golden.text.includes(`[${code}]`)).map((golden) => golden.name)).not.toEqual([]);
  });
});
