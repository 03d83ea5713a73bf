/** The programmatic API: compile a system without the CLI. */
export { compile, emitTargets, validateSystem, hasErrors } from './pipeline.ts';
export type { CompileOptions, CompileResult, ValidateResult, StageTimings } from './pipeline.ts';
export { diskHost, memoryHost, type SourceHost } from './load/host.ts';
export { planOutput, writeOutput, compareOutput } from './write/writer.ts';
export { formatText, formatJson, formatGithub } from './diagnostics/print.ts';
export type { Diagnostic } from './diagnostics/types.ts';
export type { TargetEntry, OutputFile } from './targets.ts';
export * from './model/types.ts';
