import { prefixWithin, sizeOf, type SizeUnit } from '../process/text-cut.js';

// The cuts of markdown for a size limit (job summaries, issue bodies, comments and titles), on
// the character-safe cut of process/text-cut.ts.

/** One line (a title) within `limit`, cut with an ellipsis. */
export function cutLine(text: string, limit: number, unit: SizeUnit): string {
  const line = text.replace(/\s+/g, ' ');
  if (sizeOf(line, unit) <= limit) return line;
  return `${prefixWithin(line, limit - sizeOf('…', unit), unit)}…`;
}

/**
 * Markdown cut to `limit`, left balanced and inert: cut at the end of a line (so no table row,
 * code span or HTML tag is left half), or inside a fenced block anywhere (its text is inert), then
 * the open fence is closed and every open HTML element closed, innermost first, each after a
 * blank line so no table swallows it. `note` (where the rest is) ends it, when it fits.
 */
export function cutMarkdown(text: string, limit: number, unit: SizeUnit, note = ''): string {
  if (sizeOf(text, unit) <= limit) return text;
  const ending = sizeOf(note, unit) + 2 <= limit ? `\n\n${note}` : '';
  let budget = limit - sizeOf(ending, unit);
  for (;;) {
    const kept = keptPrefix(text, budget, unit);
    const closed = `${kept}${closers(kept)}${ending}`;
    const over = sizeOf(closed, unit) - limit;
    if (over <= 0) return closed;
    budget -= over;
  }
}

/** The start of `text` within `budget`: to a line's end, or mid-line inside a fenced block. */
function keptPrefix(text: string, budget: number, unit: SizeUnit): string {
  const prefix = prefixWithin(text, budget, unit);
  const lineStart = prefix.lastIndexOf('\n') + 1;
  if (lineStart < prefix.length && scan(prefix.slice(0, lineStart)).fence) return prefix;
  return prefix.slice(0, Math.max(0, lineStart - 1));
}

interface OpenState {
  /** The fence of the open fenced block, if one is open. */
  fence?: string;
  /** HTML elements opened and not closed, outermost first. */
  elements: string[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(\/?)>/g;
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'input', 'wbr', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'param']);
/** A code span: its text is no HTML. */
const CODE_SPAN = /(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

function scan(text: string): OpenState {
  const state: OpenState = { elements: [] };
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line)?.[1];
    if (state.fence) {
      if (fence && fence[0] === state.fence[0] && fence.length >= state.fence.length && line.trim() === fence) delete state.fence;
      continue;
    }
    if (fence) {
      state.fence = fence;
      continue;
    }
    for (const [, closing, rawName, selfClosing] of line.replace(CODE_SPAN, '').matchAll(TAG)) {
      const name = rawName!.toLowerCase();
      if (VOID_ELEMENTS.has(name) || selfClosing) continue;
      if (!closing) state.elements.push(name);
      else {
        const at = state.elements.lastIndexOf(name);
        if (at !== -1) state.elements.splice(at);
      }
    }
  }
  return state;
}

/** What closes what `kept` left open. */
function closers(kept: string): string {
  const state = scan(kept);
  const fence = state.fence ? `\n${state.fence}` : '';
  return `${fence}${state.elements
    .reverse()
    .map((name) => `\n\n</${name}>`)
    .join('')}`;
}
