import { describe, expect, it } from 'vitest';
import { artifactName } from '../../src/action/publish.js';
import { runReport } from '../helpers/report.js';

describe('the report artifact', () => {
  it('is named per path and run attempt, so a re-run of failed jobs does not collide with the first attempt', () => {
    const report = runReport({ pathKey: 'major-2.20' });
    expect(artifactName(report, 'kind', { GITHUB_RUN_ATTEMPT: '1' })).toBe('edge-canary-major-2.20-kind-attempt-1');
    expect(artifactName(report, 'kind', { GITHUB_RUN_ATTEMPT: '2' })).toBe('edge-canary-major-2.20-kind-attempt-2');
    expect(artifactName(runReport(), 'kwok', {})).toBe('edge-canary-edge-26.8.2-to-edge-26.8.3-kwok-attempt-1');
  });
});
