import { describe, expect, it } from 'vitest';
import { chartReference, chartSource, chartVersionFromTag, chartVersionsFromIndex } from '../../src/linkerd/helm-charts.js';
import { failingTemplate } from '../../src/linkerd/helm-errors.js';
import { helmValues } from '../../src/linkerd/helm-values.js';
import { helmInput } from '../../src/pipeline/helm-steps.js';

describe('Linkerd chart versions', () => {
  it('derives 20YY.M.N from edges since edge-24.3.1, and nothing from older edges or stables', () => {
    expect(chartVersionFromTag('edge-25.10.2')).toBe('2025.10.2');
    expect(chartVersionFromTag('edge-26.8.3')).toBe('2026.8.3');
    expect(chartVersionFromTag('edge-24.3.1')).toBe('2024.3.1');
    expect(chartVersionFromTag('edge-24.2.5')).toBeUndefined();
    expect(chartVersionFromTag('stable-2.14.10')).toBeUndefined();
  });

  it('finds an older tag in the index: the control plane by appVersion, the CRD chart packaged with it', () => {
    const index = `apiVersion: v1
entries:
  linkerd-control-plane:
  - { version: 1.18.11-edge, appVersion: edge-24.2.5, created: "2024-02-29T10:00:00Z" }
  - { version: 1.18.10-edge, appVersion: edge-24.2.4, created: "2024-02-22T10:00:00Z" }
  linkerd-crds:
  - { version: 1.9.5-edge, created: "2024-02-29T09:59:30Z" }
  - { version: 1.9.4-edge, created: "2024-02-22T09:59:50Z" }
`;
    expect(chartVersionsFromIndex(index, 'edge-24.2.4')).toEqual({ 'linkerd-crds': '1.9.4-edge', 'linkerd-control-plane': '1.18.10-edge' });
    expect(chartVersionsFromIndex(index, 'edge-24.2.3')).toBeUndefined();
    expect(chartVersionsFromIndex('', 'edge-24.2.4')).toBeUndefined();
  });

  it('takes charts from the channel repo, a chart-repo URL, or a directory of packaged charts', () => {
    expect(chartSource('edge-26.8.3', undefined)).toEqual({ kind: 'repo', name: 'linkerd-edge', url: 'https://helm.linkerd.io/edge' });
    expect(chartSource('stable-2.14.10', undefined)).toEqual({ kind: 'repo', name: 'linkerd-stable', url: 'https://helm.linkerd.io/stable' });
    const mirror = chartSource('edge-26.8.3', 'https://charts.example.internal/linkerd');
    expect(chartReference(mirror, 'linkerd-crds', '2026.8.3')).toEqual(['edge-canary-charts/linkerd-crds', '--version', '2026.8.3']);
    expect(chartReference(chartSource('edge-26.8.3', '/srv/charts'), 'linkerd-control-plane', '2026.8.3')).toEqual([
      '/srv/charts/linkerd-control-plane-2026.8.3.tgz',
    ]);
  });
});

describe('install-args for Helm', () => {
  it('passes value flags through, in both spellings, and turns --ha into the chart values-ha.yaml', () => {
    expect(helmValues(['--set', 'proxy.logLevel=debug', '--set-string=podAnnotations.team=a b', '-f', 'mine.yaml', '--ha'])).toEqual({
      args: ['--set', 'proxy.logLevel=debug', '--set-string', 'podAnnotations.team=a b', '--values', 'mine.yaml'],
      ha: true,
    });
  });

  it('refuses CLI flags that are no chart value, and a value flag without its value', () => {
    expect(() => helmValues(['--proxy-log-level', 'debug'])).toThrow(/invalid install-args "--proxy-log-level": has no Helm equivalent/);
    expect(() => helmValues(['--set'])).toThrow(/invalid install-args "--set": needs a value/);
  });

  it('refuses versions from before the two charts', () => {
    expect(() => helmInput([], ['stable-2.11.5', 'edge-26.8.3'])).toThrow(/stable-2.11.5 predates the linkerd-crds and linkerd-control-plane charts/);
    expect(helmInput(['--ha'], ['stable-2.12.0', 'edge-26.8.3'])).toEqual({ args: [], ha: true });
  });
});

describe('Helm errors', () => {
  it('names the failing template and line in each form Helm prints', () => {
    expect(
      failingTemplate(
        'Error: UPGRADE FAILED: execution error at (linkerd-control-plane/templates/identity.yaml:19:5): Please provide the identity issuer certificate',
      ),
    ).toBe('linkerd-control-plane/templates/identity.yaml line 19');
    expect(failingTemplate('Error: template: linkerd-control-plane/templates/destination.yaml:235:18: executing "x" at <.Values.a.b>: nil pointer')).toBe(
      'linkerd-control-plane/templates/destination.yaml line 235',
    );
    // What helm 3.22 printed for --set proxy.image=oops against the edge-26.8.3 chart.
    const chained =
      'coalesce.go:316: warning: cannot overwrite table with non table for linkerd-control-plane.proxy.image\n' +
      'Error: INSTALLATION FAILED: template: linkerd-control-plane/templates/proxy-injector.yaml:44:12: executing "linkerd-control-plane/templates/proxy-injector.yaml" at <include "partials.proxy.annotations" .>: error calling include: template: linkerd-control-plane/charts/partials/templates/_metadata.tpl:6:35: executing "partials.proxy.annotations" at <.Values.proxy.image.version>: can\'t evaluate field version in type interface {}';
    expect(failingTemplate(chained)).toBe(
      'linkerd-control-plane/charts/partials/templates/_metadata.tpl line 6 (included from linkerd-control-plane/templates/proxy-injector.yaml line 44)',
    );
    expect(failingTemplate('Error: INSTALLATION FAILED: cannot re-use a name that is still in use')).toBeUndefined();
  });
});
