/**
 * What the mapping found, in one place: diagnostics at the Compose file's line, and the comments
 * the written system.yaml carries where it approximated or dropped something.
 */
import * as catalogue from '../diagnostics/catalogue.ts';
import type { Diagnostic, Severity } from '../diagnostics/types.ts';
import type { DataPath } from '../load/source.ts';
import type { SourceSpan } from '../model/span.ts';
import { spanIn } from './compose-file.ts';
import { locateIn, type ComposeProject, type ComposeService } from './compose-project.ts';

export interface SystemComment {
  /** Path of the commented key in system.yaml. */
  path: string[];
  text: string;
}

export class ImportReport {
  readonly diagnostics: Diagnostic[] = [];
  readonly comments: SystemComment[] = [];

  constructor(private readonly project: ComposeProject) {}

  /** The span of a path under a Compose service. */
  at(service: ComposeService, relative: DataPath, part: 'key' | 'value' = 'value'): { span?: SourceSpan } {
    const span = locateIn(service.origins, relative, part);
    return span ? { span } : {};
  }

  /** The span of a top-level path (`secrets.db-password`), from the last file that writes it. */
  atTop(dataPath: DataPath, part: 'key' | 'value' = 'value'): { span?: SourceSpan } {
    const files = [...this.project.files].reverse();
    const file = files.find((candidate) => hasPath(candidate.data, dataPath)) ?? files[files.length - 1];
    const span = file ? spanIn(file, dataPath, part) : undefined;
    return span ? { span } : {};
  }

  private readonly commentsByPath = new Map<string, SystemComment>();

  comment(systemPath: string[], text: string): void {
    const key = systemPath.join('\0');
    const existing = this.commentsByPath.get(key);
    if (existing) {
      if (!existing.text.split('; ').includes(text)) existing.text += `; ${text}`;
    } else {
      const comment = { path: systemPath, text };
      this.commentsByPath.set(key, comment);
      this.comments.push(comment);
    }
  }

  dropped(what: string, reason: string, at: { span?: SourceSpan }, systemPath?: string[], severity?: Severity): void {
    this.diagnostics.push(catalogue.importDropped(what, reason, at, severity));
    if (systemPath) this.comment(systemPath, `not imported: ${what}`);
  }

  approximated(what: string, how: string, at: { span?: SourceSpan }, systemPath: string[], comment: string): void {
    this.diagnostics.push(catalogue.importApproximated(what, how, at));
    this.comment(systemPath, comment);
  }

  credential(variable: string, instead: string, at: { span?: SourceSpan }): void {
    this.diagnostics.push(catalogue.importCredential(variable, instead, at));
  }

  invalid(message: string, at: { span?: SourceSpan }, hint?: string): void {
    this.diagnostics.push(catalogue.importInvalid(message, at, hint));
  }
}

function hasPath(data: unknown, dataPath: DataPath): boolean {
  let current = data;
  for (const segment of dataPath) {
    if (current === null || typeof current !== 'object' || !(String(segment) in (current as object))) return false;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return true;
}
