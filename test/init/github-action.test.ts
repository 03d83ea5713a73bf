/** The reusable GitHub Action (action.yml) and the example workflow that uses it are consistent. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.join(import.meta.dirname, '..', '..');
const actionText = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionText) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Array<{ id?: string; uses?: string; run?: string; shell?: string }> };
};

describe('action.yml', () => {
  it('is a composite action whose run steps name their shell', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.run.slice(0, 40)).toBe('bash');
  });

  it('uses only inputs it declares, and outputs of steps that exist', () => {
    const inputs = [...actionText.matchAll(/inputs\.([a-z-]+)/g)].map((match) => match[1]!);
    expect(inputs.filter((input) => !(input in action.inputs))).toEqual([]);
    const ids = action.runs.steps.map((step) => step.id).filter(Boolean);
    const stepRefs = [...actionText.matchAll(/steps\.([a-z-]+)\.outputs/g)].map((match) => match[1]!);
    expect(stepRefs.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('builds head and base, annotates, and posts or updates the comment', () => {
    expect(actionText).toContain('build "$SYSTEM" -o "$RUNNER_TEMP/infragen-head"');
    expect(actionText).toContain('git worktree add');
    expect(actionText).toContain('--format github');
    expect(actionText).toContain('--format markdown');
    expect(actionText).toContain('updateComment');
    expect(actionText).toContain('createComment');
  });

  it('the example workflow is one uses: step after checkout, with inputs the action has', () => {
    const workflow = parse(readFileSync(path.join(ROOT, 'examples', 'github-actions', 'infragen-diff-action.yml'), 'utf8')) as {
      jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    expect(steps.map((step) => step.uses)).toEqual(['actions/checkout@v4', 'OWNER/infragen@v0']);
    expect(Object.keys(steps[1]!.with ?? {}).filter((key) => !(key in action.inputs))).toEqual([]);
  });
});
