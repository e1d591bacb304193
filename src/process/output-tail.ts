import { cutOutsideUrlCredentials, redact } from './redact.js';
import { prefixWithin } from './text-cut.js';

/**
 * Keeps the last `maxLines` lines of a stream, secrets masked, and no line longer than
 * `maxLineLength`. A line is masked before it is cut and a cut never falls inside a secret or a
 * URL's credentials, so no piece of one survives a cut.
 */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';
  /** How much of an over-long line is kept until its end: what is shown, plus room to see a secret whole. */
  private readonly keep: number;

  constructor(
    private readonly maxLines: number,
    private readonly secrets: readonly string[] = [],
    private readonly maxLineLength = 2000,
  ) {
    this.keep = maxLineLength + Math.max(0, ...secrets.map((s) => s.length));
  }

  push(chunk: string): void {
    const pieces = (this.partial + chunk).split(/\r?\n/);
    this.partial = pieces.pop() ?? '';
    for (const line of pieces) this.add(line);
    if (this.partial.length > this.keep) this.partial = prefixWithin(this.partial, this.keep, 'chars');
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
    if (line.length <= this.maxLineLength) return redact(line, this.secrets);
    let cut = this.maxLineLength;
    for (let moved = true; moved;) {
      moved = false;
      for (const secret of this.secrets) {
        for (let i = line.indexOf(secret); secret.length >= 4 && i !== -1 && i < cut; i = line.indexOf(secret, i + 1)) {
          if (i + secret.length > cut) {
            cut = i;
            moved = true;
          }
        }
      }
    }
    cut = cutOutsideUrlCredentials(line, cut);
    return `${redact(prefixWithin(line, cut, 'chars'), this.secrets)}…`;
  }
}
