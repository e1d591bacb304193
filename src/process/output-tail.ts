/** Keeps the last `maxLines` lines of a stream, and no line longer than `maxLineLength`. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines: number,
    private readonly maxLineLength = 2000,
  ) {}

  push(chunk: string): void {
    const pieces = (this.partial + chunk).split(/\r?\n/);
    this.partial = pieces.pop() ?? '';
    for (const line of pieces) this.add(line);
    if (this.partial.length > this.maxLineLength) {
      this.add(this.partial);
      this.partial = '';
    }
  }

  text(): string {
    const all = this.partial ? [...this.lines, this.clip(this.partial)] : this.lines;
    return all.slice(-this.maxLines).join('\n');
  }

  private add(line: string): void {
    this.lines.push(this.clip(line));
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  private clip(line: string): string {
    return line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
  }
}
