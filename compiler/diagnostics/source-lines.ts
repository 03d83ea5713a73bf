/**
 * The lines of the source files, for code frames. Each file is indexed once, on first use (the
 * offsets where its lines start), and a line is then one slice: printing costs the size of the
 * files plus the number of diagnostics, not their product.
 */

/** Where each line of `text` starts (`\n` and `\r\n` endings alike). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    this.starts = lineStarts(text);
  }

  /** Line `number` (1-based) without its line ending, or undefined past the end. */
  line(number: number): string | undefined {
    const start = this.starts[number - 1];
    if (start === undefined) return undefined;
    const next = this.starts[number];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end > start && this.text[end - 1] === '\r' ? end - 1 : end);
  }
}

export class SourceLines {
  private readonly indexes = new Map<string, LineIndex>();
  /** Characters indexed so far: each file's length, counted once (what tests hold printing to). */
  charactersIndexed = 0;

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  /** Line `number` (1-based) of `file`, or undefined when the file or the line is unknown. */
  line(file: string, number: number): string | undefined {
    let index = this.indexes.get(file);
    if (!index) {
      const text = this.sources.get(file);
      if (text === undefined) return undefined;
      index = new LineIndex(text);
      this.indexes.set(file, index);
      this.charactersIndexed += text.length;
    }
    return index.line(number);
  }
}
