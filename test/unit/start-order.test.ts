import { describe, expect, it } from 'vitest';
import { startOrder, type RunKind } from '../../src/commands/start-order.js';

interface Run extends RunKind {
  path: string;
}

/** The full nightly's runs as the matrix lists them: every CLI path before the first Helm one, each path with every profile. */
const matrix: Run[] = ['cli', 'helm'].flatMap((installMethod) =>
  ['major-2.19', 'major-2.20', 'previous-edge-3', 'previous-edge-2', 'previous-edge-1'].flatMap((path) =>
    ['default', 'ha', 'external-issuer', 'custom-values'].map((profile) => ({ installMethod, profile, path })),
  ),
);
const kind = (run: Run) => run;
const label = (run: Run) => `${run.installMethod} ${run.path}@${run.profile}`;
const windows = <T>(list: T[], size: number) => list.slice(0, list.length - size + 1).map((_, i) => list.slice(i, i + size));

describe('the order a nightly starts its runs in', () => {
  it('starts each run unlike the runs it will run beside: install methods in turn, profiles apart', () => {
    const order = startOrder(matrix, 2, kind);
    expect(order.map(label).sort()).toEqual(matrix.map(label).sort());
    // Every run next to one of the other method, where the matrix puts 19 CLI runs after a CLI run.
    expect(windows(order, 2).filter(([a, b]) => a!.installMethod === b!.installMethod)).toEqual([]);
    // Three at once (two beside each): three profiles, but for the last runs, where what is left is alike.
    const repeated = windows(order, 3).filter((three) => new Set(three.map((r) => r.profile)).size < 3);
    expect(repeated.map((three) => three.map(label))).toEqual([
      ['cli previous-edge-1@external-issuer', 'helm previous-edge-1@custom-values', 'cli previous-edge-1@custom-values'],
      ['helm previous-edge-1@custom-values', 'cli previous-edge-1@custom-values', 'helm previous-edge-1@external-issuer'],
    ]);
    expect(order.slice(0, 4).map(label)).toEqual(['cli major-2.19@default', 'helm major-2.19@ha', 'cli major-2.19@external-issuer', 'helm major-2.19@default']);
  });

  it('weighs the run started just before over the ones before it, and the install method over the profile', () => {
    const runs: Run[] = [
      { installMethod: 'cli', profile: 'ha', path: 'a' },
      { installMethod: 'cli', profile: 'default', path: 'b' },
      { installMethod: 'helm', profile: 'ha', path: 'c' },
      { installMethod: 'cli', profile: 'custom-values', path: 'd' },
    ];
    // After cli@ha: helm@ha differs in method from it, cli@default only in profile.
    // After helm@ha: a CLI run; of those, cli@default and cli@custom-values tie on it, and
    // both share only the method with cli@ha before it: the matrix's order decides.
    expect(startOrder(runs, 2, kind).map((r) => r.path)).toEqual(['a', 'c', 'b', 'd']);
  });

  it("keeps the matrix's order when runs run one at a time, or are all alike", () => {
    expect(startOrder(matrix, 0, kind)).toEqual(matrix);
    const alike = matrix.filter((r) => r.installMethod === 'cli' && r.profile === 'ha');
    expect(startOrder(alike, 2, kind)).toEqual(alike);
  });
});
