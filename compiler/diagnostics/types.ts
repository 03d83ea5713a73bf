import type { SourceSpan } from '../model/span.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInformation {
  message: string;
  span: SourceSpan;
}

/**
 * One finding about the input. Plain data: printing is done by `print.ts`, exit codes by the CLI.
 * `source` says who reported it: `infragen` for the compiler, a target or plugin id otherwise.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span?: SourceSpan;
  /** The path of the offending node inside system.yaml, e.g. `services.api.ports.http.port`. */
  path?: string;
  related?: RelatedInformation[];
  hint?: string;
  source: string;
}
