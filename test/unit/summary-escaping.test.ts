import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/aggregate/aggregate.js';
import { aggregateMarkdown } from '../../src/aggregate/summary.js';
import { trackIssues } from '../../src/issues/track.js';
import { code, link } from '../../src/report/markdown.js';
import { markdownSummary } from '../../src/report/summary.js';
import type { RunReport } from '../../src/report/model.js';
import type { ScenarioReport } from '../../src/scenarios/model.js';
import { command, phase, runReport } from '../helpers/report.js';

/** GitHub's flavour as far as it matters here: raw HTML passes, URLs become links, tables. */
const markdown = new MarkdownIt({ html: true, linkify: true });

/** The rendered page with the inside of every code span and block emptied: what GitHub would interpret. */
function skeleton(text: string): string {
  return markdown
    .render(text)
    .replace(/<pre>[\s\S]*?<\/pre>/g, '<pre></pre>')
    .replace(/<code>[\s\S]*?<\/code>/g, '<code></code>');
}

/** Text written by someone hostile: fences, pipes, HTML, mentions, references, links, line breaks, anything. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom('`', '``', '```', '````', '~~~', '|', '\\', '\\|', '\n', '\r\n', '\r', ' ', '<', '>', '&', '"', '@octocat', '#123', 'o/r#1', 'GH-1'),
      fc.constantFrom(
        'https://evil.example/x',
        'www.evil.example',
        '</details>',
        '</summary>',
        '<script>x</script>',
        '<!--',
        '-->',
        '*',
        '_',
        '[a](https://b)',
        '![i](x)',
        '> ',
        '# h',
        '- ',
        '1. ',
      ),
      fc.string({ unit: 'grapheme' }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  .filter((s) => s.length > 0);

function reportWith(s: string): RunReport {
  const scenario: ScenarioReport = {
    name: s,
    file: s,
    phase: 'after-upgrade',
    verdict: 'fail',
    reason: s,
    durationMs: 1,
    attempts: [
      {
        verdict: 'fail',
        durationMs: 1,
        reason: s,
        steps: [
          {
            name: s,
            verdict: 'fail',
            operations: [{ operation: 'run', section: 'try', verdict: 'fail', durationMs: 1, reason: s, command: command({ argv: [s], outputTail: s }) }],
          },
        ],
      },
    ],
  };
  return runReport({
    result: 'fail',
    requested: { from: s, to: s },
    from: s,
    to: s,
    pathKey: s,
    error: s,
    diagnosticsDir: s,
    failed: [s],
    phases: [phase(s, { title: s, verdict: 'fail', reason: s, failedCommand: command({ argv: [s, s], exitCode: 1, outputTail: `${s}\n${s}` }) })],
    proxyVersions: [{ stage: s, versions: [{ version: s, pods: 1 }] }],
    scenarios: [scenario],
  });
}

describe('summaries hold data, never markup', () => {
  it('the job summary renders the same page around any text in any field', () => {
    const plain = skeleton(markdownSummary(reportWith('x')));
    fc.assert(
      fc.property(hostile, (s) => skeleton(markdownSummary(reportWith(s))) === plain),
      { numRuns: 300 },
    );
  });

  it('the aggregate summary renders the same page around any text in any field', () => {
    const render = (s: string) => {
      const failing = reportWith(s);
      const agg = aggregate([failing, runReport({ pathKey: `${s}-2`, result: 'running', phases: [phase(s, { verdict: 'running' })] })], [], aggregate([], []));
      return skeleton(aggregateMarkdown(agg));
    };
    const plain = render('x');
    fc.assert(
      fc.property(hostile, (s) => render(s) === plain),
      { numRuns: 300 },
    );
  });

  it('issue bodies and titles render the same page around any text, and a marker no key can end', async () => {
    const bodies: { title: string; body: string }[] = [];
    const octokit = {
      paginate: () => Promise.resolve([]),
      rest: {
        issues: {
          listForRepo: {},
          getLabel: () => Promise.resolve({}),
          create: (issue: { title: string; body: string }) => (bodies.push(issue), Promise.resolve({ data: { number: bodies.length } })),
        },
      },
    };
    const body = async (s: string) => {
      bodies.length = 0;
      const report = reportWith(s);
      await trackIssues(aggregate([{ ...report, via: [s] }]), { octokit: octokit as never, owner: 'o', repo: 'r', label: 'l', warn: () => undefined });
      return bodies[0]!;
    };
    // The first line is the hidden marker, which holds the key (encoded).
    const page = (text: string) => skeleton(text.slice(text.indexOf('\n')));
    const plain = page((await body('x')).body);
    await fc.assert(
      fc.asyncProperty(hostile, async (s) => {
        const issue = await body(s);
        expect(page(issue.body)).toBe(plain);
        expect(issue.body.split('-->')[0]).toMatch(/^<!-- edge-canary: path=\S+ phase=\S+ $/);
        expect(issue.title).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 200 },
    );
  });

  it('a code span holds any text whole: what renders is the text, line breaks as spaces', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const html = markdown.renderInline(code(s));
        const inner = /^<code>([\s\S]*)<\/code>$/.exec(html)?.[1];
        const expected = markdown.utils.escapeHtml(s.replace(/\r\n|\r|\n/g, ' '));
        // CommonMark strips one space at each end when both ends are spaces; the pad puts it there.
        return inner === expected || (/^ .* $/s.test(inner ?? '') && inner!.slice(1, -1) === expected);
      }),
      { numRuns: 500 },
    );
  });

  it('links only to plain http(s) addresses; anything else is shown as code', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          hostile.map((s) => `https://${s}`),
        ),
        (s) => {
          const shown = link('run', s);
          if (shown === code(s)) return true;
          const html = markdown.renderInline(shown);
          return shown === `[run](${s})` && /^<a href="https?:\/\/[^"]*">run<\/a>$/.test(html);
        },
      ),
      { numRuns: 500 },
    );
    expect(link('run', 'https://github.com/o/r/actions/runs/1')).toBe('[run](https://github.com/o/r/actions/runs/1)');
    expect(link('run', 'javascript:alert(1)')).toBe('`javascript:alert(1)`');
  });
});
