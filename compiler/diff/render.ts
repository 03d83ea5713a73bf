/**
 * Printing a `DiffReport`: a terminal view (`text`), a pull-request comment (`markdown`, within
 * GitHub's 65,536-character limit), workflow annotations on the system.yaml lines (`github`) and
 * the report itself (`json`). The data is sorted already; printing adds no order of its own.
 */
import { escapeData, escapeProperty, joinFile } from '../diagnostics/print.ts';
import { toStableJson } from '../serialize.ts';
import type { Attribution, DiffReport, ObjectChange, RiskCategory, ScopeDiff } from './types.ts';

export const COMMENT_MARKER = '<!-- infragen-diff -->';
/** GitHub refuses comments longer than this. */
const GITHUB_COMMENT_LIMIT = 65_536;

const SYMBOL: Record<ObjectChange['kind'], string> = { added: '+', removed: '-', changed: '~', replaced: '-/+' };
const CATEGORY_LABEL: Record<RiskCategory, string> = { 'data-loss': 'data loss', replacement: 'replacement', security: 'security' };
const CATEGORY_ICON: Record<RiskCategory, string> = { 'data-loss': '🗑️', replacement: '♻️', security: '🔓' };

export interface RenderOptions {
  /** Prefix of system.yaml paths as shown (the system file's folder relative to the working directory). */
  fileBase?: string;
  /** URL prefix for links to the head revision's files, e.g. `https://github.com/o/r/blob/<sha>/`. */
  sourceUrl?: string;
  color?: boolean;
  /** Character budget of the markdown comment (default GitHub's limit). */
  limit?: number;
  /** A Mermaid flowchart of the changed entities (`diff --graph`), shown after the summary. */
  picture?: string;
}

/** The picture takes at most this share of the comment; a larger one is left out with a note. */
const PICTURE_SHARE = 0.4;


/** How a source reads: an entity as written (`queue.orders`); an environment or the system in words (`environment prod`). */
function sourceLabel(entity: string): string {
  const dot = entity.indexOf('.');
  const kind = entity.slice(0, dot);
  return dot > 0 && (kind === 'environment' || kind === 'system') ? `${kind} ${entity.slice(dot + 1)}` : entity;
}

function where(scope: ScopeDiff): string {
  return [scope.env, scope.region].filter((part) => part && part !== '-').join('/') || scope.scope;
}

/** The scope's own name when it is a single file or folder that `where` does not already say. */
function scopeDetail(scope: ScopeDiff): string {
  return scope.scope === `${scope.target}/${where(scope)}` || scope.scope.startsWith(`${scope.target}/${where(scope)}/`) ? '' : scope.scope;
}

function origin(attribution: Attribution | undefined, options: RenderOptions): string {
  if (!attribution) return '';
  const file = joinFile(options.fileBase, attribution.file);
  const line = attribution.line > 0 ? `${file}:${attribution.line}` : file;
  return `${sourceLabel(attribution.entity)} (${line}${attribution.side === 'base' ? ', base' : ''})`;
}

function countsText(counts: { added: number; changed: number; removed: number; risky: number }): string {
  return `${counts.added} added, ${counts.changed} changed, ${counts.removed} removed${counts.risky ? `, ${counts.risky} risky` : ''}`;
}

function fieldLines(change: ObjectChange): string[] {
  const lines = change.fields.map((field) =>
    field.old === undefined ? `${field.path}: + ${field.new}` : field.new === undefined ? `${field.path}: - ${field.old}` : `${field.path}: ${field.old} → ${field.new}`,
  );
  if (change.moreFields) lines.push(`… ${change.moreFields} more field${change.moreFields === 1 ? '' : 's'}`);
  return lines;
}

// ── text ────────────────────────────────────────────────────────────────────────────────────────

export function renderText(report: DiffReport, options: RenderOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const tone: Record<ObjectChange['kind'], string> = { added: '32', removed: '31', changed: '33', replaced: '35' };
  const out: string[] = [`infragen diff ${report.base} → ${report.head}`];
  for (const note of report.notes) out.push(`note: ${note}`);
  if (report.scopes.length === 0) {
    out.push('no changes');
    return `${out.join('\n')}\n`;
  }
  out.push(`${countsText(report.totals)}${report.totals.risks ? ` (${report.totals.risks} risk flag${report.totals.risks === 1 ? '' : 's'})` : ''}`);
  for (const scope of report.scopes) {
    out.push('', `${paint('1', `${scope.target}  ${where(scope)}`)}${scopeDetail(scope) ? `  (${scopeDetail(scope)})` : ''}`);
    for (const change of scope.changes) {
      const from = origin(change.attribution, options);
      out.push(`  ${paint(tone[change.kind], `${SYMBOL[change.kind].padEnd(3)} ${change.id}`)}${from ? `  ← ${from}` : ''}`);
      if (change.previousId) out.push(`        was ${change.previousId}`);
      for (const risk of change.risks) out.push(`        ${paint('31;1', `! ${CATEGORY_LABEL[risk.category]}:`)} ${risk.message}`);
      for (const line of fieldLines(change)) out.push(`        ${line}`);
    }
  }
  return `${out.join('\n')}\n`;
}

// ── json ────────────────────────────────────────────────────────────────────────────────────────

export const renderJson = (report: DiffReport) => toStableJson(report, { sortKeys: false });

// ── github annotations ──────────────────────────────────────────────────────────────────────────


/**
 * One annotation per entity and line (an environment's network objects sit on the `network:`
 * line, its other objects on its own): a warning when any of its changes is risky, a notice otherwise.
 */
export function renderGithub(report: DiffReport, options: RenderOptions = {}): string {
  const byEntity = new Map<string, { attribution: Attribution; lines: string[]; risks: string[] }>();
  const unattributed: string[] = [];
  for (const scope of report.scopes) {
    for (const change of scope.changes) {
      const summary = `${scope.target} ${where(scope)}: ${SYMBOL[change.kind]} ${change.id}`;
      if (!change.attribution) {
        if (change.risks.length) unattributed.push(`${summary}: ${change.risks.map((risk) => risk.message).join('; ')}`);
        continue;
      }
      const key = `${change.attribution.entity}\u0000${change.attribution.file}\u0000${String(change.attribution.line).padStart(9, '0')}`;
      const entry = byEntity.get(key) ?? { attribution: change.attribution, lines: [], risks: [] };
      byEntity.set(key, entry);
      entry.lines.push(summary);
      for (const risk of change.risks) entry.risks.push(`${CATEGORY_LABEL[risk.category]}: ${risk.message} (${scope.target} ${where(scope)} ${change.id})`);
    }
  }
  const entries = [...byEntity.entries()].sort(([keyA, a], [keyB, b]) => Number(b.risks.length > 0) - Number(a.risks.length > 0) || (keyA < keyB ? -1 : 1)).map(([, entry]) => entry);
  const out: string[] = [];
  for (const { attribution, lines, risks } of entries) {
    const level = risks.length ? 'warning' : 'notice';
    const file = joinFile(options.fileBase, attribution.file);
    const position = attribution.side === 'head' && attribution.line > 0 ? `,line=${attribution.line}` : '';
    const source = sourceLabel(attribution.entity);
    const title = risks.length ? `infragen diff: ${risks.length} risk${risks.length === 1 ? '' : 's'} in ${source}` : `infragen diff: ${source} changes the output`;
    const body = [...risks.map((risk) => `⚠ ${risk}`), ...lines.slice(0, 20), ...(lines.length > 20 ? [`… ${lines.length - 20} more`] : [])];
    out.push(`::${level} file=${escapeProperty(file)}${position},title=${escapeProperty(title)}::${escapeData(body.join('\n'))}`);
  }
  for (const line of unattributed) out.push(`::warning title=${escapeProperty('infragen diff: risk')}::${escapeData(line)}`);
  return out.length ? `${out.join('\n')}\n` : '';
}

// ── markdown ────────────────────────────────────────────────────────────────────────────────────

const code = (text: string) => {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${text}${longest ? ' ' : ''}${fence}`;
};
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function originMarkdown(attribution: Attribution | undefined, options: RenderOptions): string {
  if (!attribution) return '';
  const file = joinFile(options.fileBase, attribution.file);
  const label = attribution.line > 0 ? `${file}:${attribution.line}` : file;
  const linked =
    options.sourceUrl && attribution.side === 'head' ? `[${label}](${options.sourceUrl.replace(/\/?$/, '/')}${file}${attribution.line > 0 ? `#L${attribution.line}` : ''})` : code(label);
  return `${code(sourceLabel(attribution.entity))} ${linked}${attribution.side === 'base' ? ' (base)' : ''}`;
}

function fenced(lines: string[]): string {
  const body = lines.join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/~+/g)].map((match) => match[0].length));
  const fence = '~'.repeat(longest + 1);
  return `${fence}\n${body}\n${fence}`;
}

function changeBlock(change: ObjectChange, options: RenderOptions, compact: boolean): string {
  const from = originMarkdown(change.attribution, options);
  const head = `- ${code(`${SYMBOL[change.kind]} ${change.id}`)}${change.previousId ? ` (was ${code(change.previousId)})` : ''}${from ? ` ← ${from}` : ''}`;
  const risks = change.risks.map((risk) => `  - ${CATEGORY_ICON[risk.category]} **${CATEGORY_LABEL[risk.category]}**: ${risk.message}`);
  const fields = fieldLines(change);
  if (compact || fields.length === 0) return [head, ...risks].join('\n');
  const body = fenced(fields).split('\n').map((line) => `  ${line}`).join('\n');
  return [head, ...risks, body].join('\n');
}

/** A pull-request comment: the summary table, the risks, then one collapsible section per target. */
export function renderMarkdown(report: DiffReport, options: RenderOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const { totals } = report;
  const parts: string[] = [COMMENT_MARKER];
  const headline = report.scopes.length === 0
    ? '### infragen diff: no changes'
    : `### infragen diff: ${totals.added} added · ${totals.changed} changed · ${totals.removed} removed${totals.risky ? ` · ⚠️ ${totals.risky} risky` : ''}`;
  parts.push(headline, '', `Generated output of ${code(report.base)} → ${code(report.head)}.`);
  for (const note of report.notes) parts.push('', `> **Note:** ${note}`);
  if (report.scopes.length === 0) return `${parts.join('\n')}\n`;

  parts.push('', '| target | environment | added | changed | removed | risky |', '|---|---|--:|--:|--:|--:|');
  for (const row of report.summary) {
    parts.push(`| ${cell(row.target)} | ${cell(row.env)} | ${row.added} | ${row.changed} | ${row.removed} | ${row.risky ? `⚠️ ${row.risky}` : '0'} |`);
  }

  if (options.picture !== undefined) {
    parts.push('', '#### Architecture: changed entities and their neighbours', '');
    if (options.picture.length <= limit * PICTURE_SHARE) parts.push('```mermaid', options.picture.trimEnd(), '```', '', '_Marked: **+** added · **~** changed · **−** removed._');
    else parts.push('_The picture is too large for a comment; run `infragen graph` to see the system._');
  }

  const risky = report.scopes.flatMap((scope) => scope.changes.flatMap((change) => change.risks.map((risk) => ({ scope, change, risk }))));
  if (risky.length) {
    parts.push('', `#### ⚠️ Review first (${risky.length})`, '', '| risk | object | where | why | from |', '|---|---|---|---|---|');
    const shown = risky.slice(0, 60);
    for (const { scope, change, risk } of shown) {
      parts.push(`| ${CATEGORY_ICON[risk.category]} ${CATEGORY_LABEL[risk.category]} | ${code(`${SYMBOL[change.kind]} ${change.id}`)} | ${cell(`${scope.target} ${where(scope)}`)} | ${cell(risk.message)} | ${cell(originMarkdown(change.attribution, options))} |`);
    }
    if (risky.length > shown.length) parts.push('', `_…and ${risky.length - shown.length} more risk flags in the sections below._`);
  }

  const closingNote = (omitted: number) =>
    `\n\n> **Truncated:** ${omitted} more change${omitted === 1 ? '' : 's'} not shown (GitHub comments are limited to ${limit.toLocaleString('en-US')} characters). Run \`infragen diff\` locally or see the workflow log for the full report.`;
  const reserve = closingNote(99_999).length + 64;
  let text = parts.join('\n');
  let omitted = 0;
  let compactFrom = false;

  const targets = [...new Set(report.scopes.map((scope) => scope.target))];
  for (const target of targets) {
    const scopes = report.scopes.filter((scope) => scope.target === target);
    const counts = { added: 0, changed: 0, removed: 0, risky: 0 };
    for (const change of scopes.flatMap((scope) => scope.changes)) {
      counts[change.kind === 'replaced' ? 'changed' : change.kind]++;
      if (change.risks.length) counts.risky++;
    }
    const open = `\n\n<details${counts.risky ? ' open' : ''}><summary><b>${target}</b> — ${countsText(counts)}</summary>\n`;
    const close = '\n\n</details>';
    if (text.length + open.length + close.length + reserve > limit) {
      omitted += scopes.reduce((sum, scope) => sum + scope.changes.length, 0);
      continue;
    }
    let section = open;
    for (const scope of scopes) {
      const heading = `\n\n**${cell(where(scope))}**${scopeDetail(scope) ? ` · ${code(scopeDetail(scope))}` : ''}\n`;
      let wroteHeading = false;
      for (const change of scope.changes) {
        const full = `${wroteHeading ? '' : heading}\n${changeBlock(change, options, compactFrom)}`;
        const compact = `${wroteHeading ? '' : heading}\n${changeBlock(change, options, true)}`;
        const room = limit - reserve - text.length - section.length - close.length;
        if (full.length <= room) section += full;
        else if (compact.length <= room) {
          section += compact;
          compactFrom = true;
        } else {
          omitted++;
          continue;
        }
        wroteHeading = true;
      }
    }
    text += section + close;
  }
  if (omitted) text += closingNote(omitted);
  return `${text}\n`;
}
