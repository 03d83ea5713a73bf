/** Diagnostics as a golden file holds them. */
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import { formatReport } from '../../compiler/diagnostics/print.ts';

/** The diagnostics exactly as `infragen validate` prints them (colour off), with the summary line. */
export function printedDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  return formatReport(diagnostics, { sources, color: false });
}
