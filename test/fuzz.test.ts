/**
 * Seeded fuzzing of the front end: thousands of random mutations of the example systems go through
 * `validateSystem` (load → schema → semantic checks → normalize). Whatever the input, the compiler
 * must not throw, and every diagnostic must be well formed: a known code, a severity, a message and
 * a span that lies inside the file it names. The PRNG is seeded, so a failure prints everything
 * needed to replay it (`FUZZ_SEED=<seed> FUZZ_RUNS=1`, plus `FUZZ_DUMP=<file>` to write the mutated text).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../compiler/diagnostics/catalogue.ts';
import { formatText } from '../compiler/diagnostics/print.ts';
import type { Diagnostic } from '../compiler/diagnostics/types.ts';
import { memoryHost } from '../compiler/load/host.ts';
import type { SourceSpan } from '../compiler/model/span.ts';
import { checkWithTargets, compile, hasErrors, validateSystem } from '../compiler/pipeline.ts';
import { BUILTIN_TARGETS } from '../compiler/builtin-targets.ts';
import { mulberry32 } from './helpers/random.ts';
import { byTier } from './helpers/tiers.ts';

const EXAMPLES = ['atala-credentials', 'coda-testnet', 'event-pipeline', 'guardian-partner', 'hathor-wallet', 'hitsave', 'k8s-saas', 'social-app'];
const ROOT = path.join(import.meta.dirname, '..');
const PROJECT = path.resolve('/fuzz/project');
const ENTRY = path.join(PROJECT, 'system.yaml');

const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 20240601);
/** A short run by default, the long one in the slow tier (test/helpers/tiers.ts); FUZZ_RUNS sets any count. */
const RUNS = Number(process.env.FUZZ_RUNS ?? byTier(150, 2000));
/** Builds (every target emitting) of mutated inputs that `validate` passes; FUZZ_BUILDS=500 for a longer run. */
const BUILDS = Number(process.env.FUZZ_BUILDS ?? byTier(2, 20));

type Random = () => number;
const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

const JUNK_VALUES = [
  'null', '~', '[]', '{}', '42', '-1', '0', '3.14', '1e999', 'true', 'no', '""', "''", '"   "', 'yes please',
  '99999999999999999999', '0x1F', '.inf', '.nan', '!!binary aGVsbG8=', '"\\u0000"', '[1, [2, [3]]]', '{ a: { b: { c: 1 } } }',
  'kind.name', 'queue.', '.jobs', 'Ünïcödé ✓', '"${"', '"${}"', '"${env}"', '"${env.name.extra}"', '"${database..host}"',
  '"${queue.tx-events.url}${"', '"${system}${system}"', '"$${x}"', '"${ a . b . c }"', '"${function.x.arn}"', '&anchor value', '*undefined-alias',
  '|\n  literal block', '>\n  folded', "'unterminated", '"unterminated', '- a\n- b', '? complex\n: key', '<<: { a: 1 }',
];
const JUNK_KEYS = [
  'replica', 'image', 'x-plugin', 'x-', 'environments', 'regions', 'ports', 'uses', 'Name', 'weird key', '"quoted: key"',
  '123', 'null', 'true', 'ünïcödé', '$schema', '<<', 'infragen', 'system', 'include', 'a'.repeat(60),
];
const JUNK_REFERENCES = ['database.nope', 'queue', 'queue.', 'QUEUE.JOBS', 'service.x.y', 'kind.name', 'function.', 'notification.ops', 'testnet.a'];

interface Mutation {
  name: string;
  apply(text: string, random: Random): string;
}

const lineMutation = (name: string, change: (lines: string[], index: number, random: Random) => void): Mutation => ({
  name,
  apply(text, random) {
    const lines = text.split('\n');
    change(lines, int(random, lines.length), random);
    return lines.join('\n');
  },
});

const indentOf = (line: string) => /^\s*/.exec(line)![0];

const MUTATIONS: Mutation[] = [
  lineMutation('delete a line', (lines, index) => void lines.splice(index, 1)),
  lineMutation('delete a block', (lines, index, random) => void lines.splice(index, 1 + int(random, 8))),
  lineMutation('change a value', (lines, index, random) => {
    lines[index] = lines[index]!.replace(/:(\s+).*$/, `:$1${pick(random, JUNK_VALUES)}`);
  }),
  lineMutation('nudge a number', (lines, index, random) => {
    // Plausible values that the schema accepts and a target may not (a 45s period, 10Gi of storage).
    lines[index] = lines[index]!.replace(/\b(\d+)(s|m|h|d|Gi|Mi)?\b/, (_, digits: string, unit = '') => `${Math.max(0, Number(digits) + pick(random, [-15, -1, 1, 7, 45, 1000]))}${unit}`);
  }),
  lineMutation('change a list item', (lines, index, random) => {
    lines[index] = lines[index]!.replace(/^(\s*-\s+).*$/, `$1${pick(random, JUNK_VALUES)}`);
  }),
  lineMutation('insert a line', (lines, index, random) => {
    const indent = ' '.repeat(2 * int(random, 5));
    lines.splice(index, 0, `${indent}${pick(random, JUNK_KEYS)}: ${pick(random, JUNK_VALUES)}`);
  }),
  lineMutation('add an unknown key at the same indentation', (lines, index, random) => {
    lines.splice(index, 0, `${indentOf(lines[index]!)}${pick(random, JUNK_KEYS)}${int(random, 100)}: ${pick(random, JUNK_VALUES)}`);
  }),
  lineMutation('duplicate a line', (lines, index) => void lines.splice(index, 0, lines[index]!)),
  lineMutation('swap two lines', (lines, index, random) => {
    const other = int(random, lines.length);
    [lines[index], lines[other]] = [lines[other]!, lines[index]!];
  }),
  lineMutation('indent deeper', (lines, index, random) => {
    lines[index] = ' '.repeat(1 + int(random, 4)) + lines[index];
  }),
  lineMutation('outdent', (lines, index) => {
    lines[index] = lines[index]!.replace(/^ {1,2}/, '');
  }),
  lineMutation('indent with a tab', (lines, index) => {
    lines[index] = lines[index]!.replace(/^ +/, '\t');
  }),
  lineMutation('replace a reference', (lines, index, random) => {
    lines[index] = lines[index]!.replace(/\b(database|cache|queue|topic|table|bucket|secret|service|function|notification)\.[a-z0-9-]+/, pick(random, JUNK_REFERENCES));
  }),
  lineMutation('inject ${…} junk', (lines, index, random) => {
    const junk = pick(random, ['${', '}', '${env.nope}', '${queue.x.y}', '${a.b.c.d}', '${}', '${system', '${ }', '${database.wallet-db.password}']);
    lines[index] = lines[index]!.replace(/:\s+"?([^"\n]*)"?\s*$/, (_, value: string) => `: "${value}${junk}"`);
  }),
  lineMutation('insert a random character', (lines, index, random) => {
    const line = lines[index]!;
    const at = int(random, line.length + 1);
    lines[index] = line.slice(0, at) + pick(random, [':', '-', '#', '{', '[', ']', '}', '"', "'", '&', '*', '!', '|', '>', '%', '@', '`', ',', '?', ' ', '\t', '\\']) + line.slice(at);
  }),
  lineMutation('add an anchor and aliases', (lines, index) => {
    lines.splice(index, 0, 'x-anchor: &shared { image: a/b:1 }', 'x-alias: *shared', 'x-merge: { <<: *shared }');
  }),
  lineMutation('start a second document', (lines, index) => void lines.splice(index, 0, '---')),
  {
    name: 'truncate',
    apply: (text, random) => text.slice(0, int(random, text.length + 1)),
  },
  {
    name: 'replace the whole file',
    apply: (_text, random) => pick(random, ['', '# only a comment\n', '[]', '42', 'null', '"text"', '---\n---\n', 'infragen: 1\n', '{', ': :', '\u0000', '\uFEFFinfragen: 1\nsystem: a\n']),
  },
  {
    name: 'include patterns',
    apply: (text, random) => `include: [${pick(random, ['"../x/*.yaml"', '"/etc/*.yaml"', '"**/*.yaml"', '"fragments/*.yaml"', '"*.yml"', '42', '"C:/x.yaml"', '"./"', '""'])}]\n${text}`,
  },
];

/** Fragments beside every mutated system, for the include patterns to find (keyed by absolute path). */
const FRAGMENTS: Record<string, string> = {
  [path.join(PROJECT, 'fragments/extra.yaml')]: 'queues:\n  fuzz-queue: { visibilityTimeout: 1m }\nsystem: not-allowed\n',
  [path.join(PROJECT, 'fragments/broken.yaml')]: 'services:\n  api: { image: [\n',
  [path.join(PROJECT, 'fragments/dup.yaml')]: 'services:\n  api: { image: fuzz/api:1 }\n',
};

function problemsOf(diagnostic: Diagnostic, files: Record<string, string>): string[] {
  const problems: string[] = [];
  if (!(diagnostic.code in CODES)) problems.push(`unknown code ${diagnostic.code}`);
  if (!['error', 'warning', 'info'].includes(diagnostic.severity)) problems.push(`bad severity ${diagnostic.severity}`);
  if (typeof diagnostic.message !== 'string' || diagnostic.message.trim() === '') problems.push('empty message');
  const spans: SourceSpan[] = [...(diagnostic.span ? [diagnostic.span] : []), ...(diagnostic.related ?? []).map((related) => related.span)];
  for (const span of spans) {
    const text = files[path.join(PROJECT, span.file)];
    if (text === undefined) {
      problems.push(`span in unknown file ${span.file}`);
      continue;
    }
    const lines = text.split('\n');
    const inside = (position: SourceSpan['start']) =>
      position.line >= 1 && position.line <= lines.length && position.column >= 1 && position.column <= lines[position.line - 1]!.length + 1 &&
      position.offset >= 0 && position.offset <= text.length;
    if (!inside(span.start)) problems.push(`span start ${span.start.line}:${span.start.column} outside ${span.file}`);
    if (!inside(span.end)) problems.push(`span end ${span.end.line}:${span.end.column} outside ${span.file}`);
    if (span.end.offset < span.start.offset) problems.push('span ends before it starts');
  }
  return problems;
}

const SOURCES = EXAMPLES.map((name) => ({ name, text: readFileSync(path.join(ROOT, 'examples', name, 'system.yaml'), 'utf8') }));

/** One to three seeded mutations of one example, with the fragments beside it and how to replay it. */
function mutated(seed: number): { text: string; files: Record<string, string>; replay: string } {
  const random = mulberry32(seed);
  const example = pick(random, SOURCES);
  const applied: string[] = [];
  let text = example.text;
  for (let count = 1 + int(random, 3); count > 0; count--) {
    const mutation = pick(random, MUTATIONS);
    applied.push(mutation.name);
    text = mutation.apply(text, random);
  }
  return { text, files: { [ENTRY]: text, ...FRAGMENTS }, replay: `seed ${seed} (${example.name}: ${applied.join(', ')})` };
}

describe('fuzz: mutated examples never crash the front end', () => {

  it(`${RUNS} seeded mutations (seed ${FIRST_SEED})`, () => {
    const failures: string[] = [];
    const codes = new Set<string>();
    let clean = 0;
    let runs = 0;
    const started = performance.now();
    for (let run = 0; run < RUNS; run++) {
      runs++;
      const { text, files, replay } = mutated(FIRST_SEED + run);
      if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, text);
      try {
        const result = validateSystem(ENTRY, { host: memoryHost(files) });
        for (const diagnostic of result.diagnostics) {
          codes.add(diagnostic.code);
          for (const problem of problemsOf(diagnostic, files)) failures.push(`${replay}: ${diagnostic.code}: ${problem}\n  ${JSON.stringify(diagnostic)}`);
        }
        if (!hasErrors(result.diagnostics)) {
          clean++;
          if (!result.model) failures.push(`${replay}: no errors but no model`);
        }
        formatText(result.diagnostics, { sources: result.sources, color: false });
      } catch (error) {
        failures.push(`${replay}: threw ${error instanceof Error ? error.stack : String(error)}`);
      }
      if (failures.length >= 10) break;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${runs} mutations in ${seconds.toFixed(1)}s, ${clean} still valid, ${codes.size} distinct codes: ${[...codes].sort().join(' ')}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 180_000);
});

describe('fuzz: validate and build agree on mutated examples', () => {
  it(`every input validate passes builds with every target (${BUILDS} builds, seed ${FIRST_SEED})`, async () => {
    const failures: string[] = [];
    let builds = 0;
    let checked = 0;
    for (let run = 0; builds < BUILDS && run < BUILDS * 100; run++) {
      const { files, replay } = mutated(FIRST_SEED + 1_000_000 + run);
      const host = memoryHost(files);
      try {
        // validate: the front end and every target's check, nothing emitted.
        const validated = await checkWithTargets(validateSystem(ENTRY, { host }), BUILTIN_TARGETS);
        checked++;
        if (hasErrors(validated.diagnostics)) continue;
        builds++;
        const built = await compile(ENTRY, { host, targets: BUILTIN_TARGETS });
        const errors = built.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
        if (errors.length) failures.push(`${replay}: validate passed, build failed:\n  ${errors.map((error) => `${error.code}: ${error.message}`).join('\n  ')}`);
      } catch (error) {
        failures.push(`${replay}: threw ${error instanceof Error ? error.stack : String(error)}`);
      }
      if (failures.length >= 5) break;
    }
    console.log(`fuzz: ${checked} mutations validated with target checks, ${builds} built`);
    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(builds).toBe(BUILDS);
  }, 600_000);
});
