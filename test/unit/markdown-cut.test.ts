import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/aggregate/aggregate.js';
import { aggregateMarkdown } from '../../src/aggregate/summary.js';
import { firstErrorLine } from '../../src/process/expect-success.js';
import { OutputTail } from '../../src/process/output-tail.js';
import { prefixWithin, sizeOf, type SizeUnit } from '../../src/process/text-cut.js';
import { cutLine, cutMarkdown } from '../../src/report/cut.js';
import { code, fenced, jobSummary, SUMMARY_CUT_NOTE, SUMMARY_LIMIT_BYTES } from '../../src/report/markdown.js';
import { markdownSummary } from '../../src/report/summary.js';
import { command, phase, runReport } from '../helpers/report.js';

const md = new MarkdownIt({ html: true });
const SENTINEL = 'SENTINEL-PARAGRAPH';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What GitHub's renderer would see, checked with another parser than the cut's: text added
 * after the cut is a paragraph of its own (no fence, table or HTML block swallows it), and every
 * `<details>` and other element opened in HTML outside code is closed.
 */
function expectBalancedAndInert(text: string): void {
  const tokens = md.parse(`${text}\n\n${SENTINEL}`, {});
  const last = tokens.at(-2)!;
  expect(last.type).toBe('inline');
  expect(last.content).toBe(SENTINEL);
  expect(tokens.at(-3)?.type).toBe('paragraph_open');
  const html = tokens
    .flatMap((t) =>
      t.type === 'html_block' ? [t.content] : t.type === 'inline' ? (t.children ?? []).filter((c) => c.type === 'html_inline').map((c) => c.content) : [],
    )
    .join('');
  for (const name of ['details', 'summary', 'b', 'code']) {
    expect(html.split(`<${name}>`).length + html.split(`<${name} `).length - 2, name).toBe(html.split(`</${name}>`).length - 1);
  }
}

/** Within the limit, and no character split: no lone surrogate, no replacement character the source did not have. */
function expectWithin(text: string, limit: number, unit: SizeUnit, source = ''): void {
  expect(sizeOf(text, unit)).toBeLessThanOrEqual(limit);
  expect(text).not.toMatch(LONE_SURROGATE);
  expect(text.split('\uFFFD').length).toBeLessThanOrEqual(source.split('\uFFFD').length);
}

/** Markdown as the summaries write it: headings, tables, code spans, details with fenced output, multi-byte text. */
const block = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((t) => `Text ${code(t)} ✅ 日本語 🛑`),
  fc
    .array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 1, maxLength: 6 })
    .map((cells) => ['| A | B |', '| --- | --- |', ...cells.map((c) => `| ${code(c).replace(/\|/g, '\\|')} | 💥 |`)].join('\n')),
  fc
    .string({ unit: 'grapheme', maxLength: 300 })
    .map((t) => [`<details><summary>❌ <b><code>x</code></b>: é</summary>`, '', ...fenced(`${t}\n\`\`\`\n<details>\n| a |`), '', '</details>'].join('\n')),
  fc.string({ unit: 'grapheme', maxLength: 200 }).map((t) => fenced(`\`\`\`\`\n${t}`, 'mermaid').join('\n')),
);
const document = fc.array(block, { minLength: 1, maxLength: 12 }).map((blocks) => `${blocks.join('\n\n')}\n`);

describe('cutMarkdown', () => {
  for (const unit of ['bytes', 'chars'] as const) {
    it(`leaves any summary-like markdown balanced, inert and within a limit in ${unit}`, () => {
      fc.assert(
        fc.property(document, fc.integer({ min: 0, max: 4000 }), (text, limit) => {
          const cut = cutMarkdown(text, limit, unit, '(cut)');
          expectWithin(cut, limit, unit, text);
          expectBalancedAndInert(cut);
          if (sizeOf(text, unit) <= limit) expect(cut).toBe(text);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('cuts a huge fenced output mid-line and closes its fence, keeping what fits', () => {
    const text = ['<details><summary>x</summary>', '', ...fenced(`${'ü'.repeat(10_000)}\n| not | a row |`), '', '</details>'].join('\n');
    const cut = cutMarkdown(text, 1000, 'bytes', '(cut)');
    expectWithin(cut, 1000, 'bytes');
    expectBalancedAndInert(cut);
    expect(cut).toMatch(/^<details><summary>x<\/summary>\n\n```\nü+\n```\n\n<\/details>\n\n\(cut\)$/);
    expect(sizeOf(cut, 'bytes')).toBeGreaterThan(950);
  });

  it('drops a table row that does not fit whole and keeps the note out of the table', () => {
    const text = ['| A |', '| --- |', ...Array.from({ length: 50 }, (_, i) => `| ${code(`row ${i} ${'é'.repeat(10)}`)} |`)].join('\n');
    const cut = cutMarkdown(text, 300, 'chars', '(cut)');
    expect(
      cut
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .every((l) => /^\| `row \d+ é{10}` \|$|^\| A \||^\| --- \|/.test(l)),
    ).toBe(true);
    expectBalancedAndInert(cut);
  });

  it('drops the note when even it does not fit', () => {
    expect(cutMarkdown('x'.repeat(100), 4, 'bytes', 'a long note')).toBe('');
  });
});

describe('prefixWithin and cutLine never split a character', () => {
  it('in bytes: UTF-8 sequences of 2, 3 and 4 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 0, max: 400 }), (text, limit) => {
        const prefix = prefixWithin(text, limit, 'bytes');
        expect(Buffer.byteLength(prefix)).toBeLessThanOrEqual(limit);
        expect(text.startsWith(prefix)).toBe(true);
        expect(prefix).not.toMatch(LONE_SURROGATE);
        // Nothing more fits: the next whole character would pass the limit.
        const next = [...text.slice(prefix.length)][0];
        if (next) expect(Buffer.byteLength(prefix + next)).toBeGreaterThan(limit);
      }),
    );
  });

  it("in an output tail's long lines, however the output comes in chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', '\n', 'é', '日', '🔁', '👩‍👩‍👧'), maxLength: 60 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        (chunks, maxLineLength) => {
          const tail = new OutputTail(10, [], maxLineLength);
          for (const chunk of chunks) tail.push(chunk);
          expect(tail.text()).not.toMatch(LONE_SURROGATE);
        },
      ),
    );
  });

  it('in the error line a failed command is known by', () => {
    for (const pad of ['', 'x']) {
      expect(firstErrorLine({ stdout: '', stderr: `Error: ${pad}${'🔁'.repeat(300)}` })).not.toMatch(LONE_SURROGATE);
      expect(firstErrorLine({ stdout: '', stderr: `${pad}${'🔁'.repeat(300)}` })).not.toMatch(LONE_SURROGATE);
    }
  });

  it('in characters: surrogate pairs (emoji) stay whole', () => {
    const title = cutLine(`edge-canary: upgrade path ${'🔁'.repeat(300)} fails`, 256, 'chars');
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title).not.toMatch(LONE_SURROGATE);
    expect(title.endsWith('🔁…')).toBe(true);
  });
});

describe('the summaries and issue bodies are cut by it', () => {
  const hostileReason = (i: number) => `${'💥'.repeat(20_000)} \`\`\`\n<details>\n| ${i} |`;

  it("a run's job summary too large even without output tails", () => {
    const phases = Array.from({ length: 20 }, (_, i) =>
      phase(`check-proxies@edge-26.8.${i}`, {
        verdict: 'fail',
        reason: hostileReason(i),
        failedCommand: command({ exitCode: 1, outputTail: '```\n</details>' }),
      }),
    );
    const summary = markdownSummary(runReport({ result: 'fail', phases }));
    expectWithin(summary, SUMMARY_LIMIT_BYTES, 'bytes');
    expectBalancedAndInert(summary);
    expect(summary.endsWith(SUMMARY_CUT_NOTE)).toBe(true);
  });

  it("the nightly's summary of many paths", () => {
    const reports = Array.from({ length: 20 }, (_, i) =>
      runReport({ pathKey: `p${i}`, result: 'fail', phases: [phase('install-from', { verdict: 'fail', reason: hostileReason(i) })] }),
    );
    const summary = aggregateMarkdown(aggregate(reports));
    expectWithin(summary, SUMMARY_LIMIT_BYTES, 'bytes');
    expectBalancedAndInert(summary);
  });

  it('the summaries the action publishes as they are (matrix, bisect)', () => {
    const table = [
      '| Probe | Reason |',
      '| --- | --- |',
      ...Array.from({ length: 20_000 }, (_, i) => `| ${i} | ${code(`${'ß'.repeat(40)} \`\`\` <details>`)} |`),
    ].join('\n');
    const summary = jobSummary(table);
    expectWithin(summary, SUMMARY_LIMIT_BYTES, 'bytes', table);
    expectBalancedAndInert(summary);
    expect(summary.endsWith(`\n\n${SUMMARY_CUT_NOTE}`)).toBe(true);
  });
});
