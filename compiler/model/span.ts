/** A 1-based position in a source file (line and column count from 1, offset from 0). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/**
 * Where something was written. `file` is relative to the project root (the folder of the
 * root system.yaml), with forward slashes, so spans are identical on every machine.
 */
export interface SourceSpan {
  file: string;
  start: Position;
  end: Position;
}
