import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { duration } from '../../src/inputs/duration.js';
import { kubectlOfClusterMinor, splitArguments, validateOptions } from '../../src/inputs/validate.js';

const error = (raw: Record<string, string>): InputError => {
  try {
    validateOptions(raw, '/work');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('option validation', () => {
  it('fills the defaults', () => {
    const config = validateOptions({}, '/work');
    expect(config).toMatchObject({
      from: 'previous-edge',
      to: 'latest-edge',
      provider: 'kind',
      keepCluster: false,
      uploadArtifacts: true,
      timeoutMs: 35 * 60_000,
      stallMs: 60_000,
      reportDir: '/work/edge-canary-report',
      installArgs: [],
      installMethod: 'cli',
      helmUpgradeValues: 'reset-then-reuse',
    });
  });

  it("gives kubectl the cluster's own release unless told, and refuses one outside kubectl's skew of one minor", () => {
    expect(validateOptions({}, '/work').kubectlVersion).toBe('v1.35.8');
    expect(validateOptions({ 'kubernetes-version': `v1.32.8@sha256:${'a'.repeat(64)}` }, '/work').kubectlVersion).toBe('v1.32.8');
    expect(validateOptions({ 'kubernetes-version': 'v1.32.8', 'kubectl-version': 'v1.33.4' }, '/work').kubectlVersion).toBe('v1.33.4');
    expect(error({ 'kubernetes-version': 'v1.32.8', 'kubectl-version': 'v1.35.8' }).message).toBe(
      'invalid kubectl-version "v1.35.8": is more than one minor from kubernetes-version v1.32.8, outside kubectl\'s version skew policy; leave it empty to use v1.32.8',
    );
    expect(error({ provider: 'kwok', 'kubernetes-version': 'v1.34.4', 'kubectl-version': 'v1.31.12' }).input).toBe('kubectl-version');
    // An existing cluster's version is its own, not kubernetes-version's.
    expect(validateOptions({ provider: 'existing', 'kubectl-version': 'v1.30.14' }, '/work').kubectlVersion).toBe('v1.30.14');
  });

  it("knows kubectl is of the cluster's minor only for a cluster the run makes", () => {
    const ofClusterMinor = (raw: Record<string, string>) => kubectlOfClusterMinor(validateOptions(raw, '/work'));
    expect(ofClusterMinor({})).toBe(true);
    expect(ofClusterMinor({ 'kubernetes-version': `v1.32.8@sha256:${'a'.repeat(64)}`, 'kubectl-version': 'v1.32.1' })).toBe(true);
    expect(ofClusterMinor({ provider: 'kwok', 'kubernetes-version': 'v1.34.4' })).toBe(true);
    expect(ofClusterMinor({ 'kubernetes-version': 'v1.32.8', 'kubectl-version': 'v1.33.4' })).toBe(false);
    expect(ofClusterMinor({ provider: 'existing' })).toBe(false);
  });

  it('reads the Helm options: a chart-repo URL stays a URL, a directory becomes absolute', () => {
    const byUrl = validateOptions({ 'install-method': 'helm', 'helm-upgrade-values': 'fresh', 'chart-repo': 'http://127.0.0.1:8080/edge' }, '/work');
    expect(byUrl).toMatchObject({ installMethod: 'helm', helmUpgradeValues: 'fresh', chartRepo: 'http://127.0.0.1:8080/edge' });
    expect(validateOptions({ 'chart-repo': 'charts' }, '/work').chartRepo).toBe('/work/charts');
  });

  it.each([
    [{ 'keep-cluster': 'yes' }, 'keep-cluster', /invalid keep-cluster "yes": expected true or false/],
    [{ timeout: '-5m' }, 'timeout', /invalid timeout "-5m": expected a positive duration/],
    [{ 'stall-timeout': '0' }, 'stall-timeout', /expected a positive duration/],
    [{ timeout: '10 minutes' }, 'timeout', /expected a positive duration/],
    [{ provider: 'minikube' }, 'provider', /invalid provider "minikube": expected one of kind, existing, kwok/],
    [{ 'install-method': 'kustomize' }, 'install-method', /invalid install-method "kustomize": expected one of cli, helm/],
    [{ 'helm-upgrade-values': 'merge' }, 'helm-upgrade-values', /expected one of reuse, reset-then-reuse, fresh/],
    [{ to: 'edge-26.8.3; rm -rf /' }, 'to', /shell metacharacter ";"/],
    [{ 'install-args': '--set a=$(id)' }, 'install-args', /shell metacharacter "\$"/],
    [{ 'install-args': "--set 'a=b" }, 'install-args', /unclosed ' quote/],
    [{ 'cluster-name': 'My_Cluster' }, 'cluster-name', /lowercase letters, digits and dashes/],
    [{ 'kubernetes-version': '1.34' }, 'kubernetes-version', /like v1.35.8, or one pinned by digest like v1.35.8@sha256:<64 hex digits>/],
    [{ 'kubernetes-version': 'v1.35.8@sha256:abc' }, 'kubernetes-version', /pinned by digest/],
    [{ timeout: '597h' }, 'timeout', /longer than a timer can hold/],
    [{ timeout: '2147484s' }, 'timeout', /longer than a timer can hold/],
    [{ 'stall-timeout': '2147483648ms' }, 'stall-timeout', /longer than a timer can hold/],
    [{ 'stall-timeout': '596h32m' }, 'stall-timeout', /longer than a timer can hold/],
    [{ timeout: '99999999999999999999999' }, 'timeout', /longer than a timer can hold/],
    [{ 'path-key': 'a/b' }, 'path-key', /letters, digits, dots, dashes, underscores, @ and \+/],
    [{ 'path-key': '..' }, 'path-key', /letters, digits/],
    [{ 'path-key': 'key:with"quotes' }, 'path-key', /letters, digits/],
    [{ 'path-key': 'x'.repeat(101) }, 'path-key', /at most 100/],
    [{ colour: 'always' }, 'option', /unknown option; known: to, from/],
    [{ parallel: '0' }, 'parallel', /expected a whole number from 1 to 16/],
    [{ scenarios: 'suite; rm -rf /' }, 'scenarios', /shell metacharacter ";"/],
    [{ via: 'edge-26.6.3 | tee' }, 'via', /shell metacharacter "\|"/],
  ])('rejects %o naming the input', (raw, input, message) => {
    const e = error(raw);
    expect(e.input).toBe(input);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
  });

  it('accepts a node image pinned by digest as the Kubernetes version', () => {
    const pinned = `v1.35.8@sha256:${'0a'.repeat(32)}`;
    expect(validateOptions({ 'kubernetes-version': pinned }).kubernetesVersion).toBe(pinned);
  });

  it('refuses a shell metacharacter with one message, in a plain input, a list line and an argument line alike', () => {
    const says = (value: string) => `contains the shell metacharacter ${JSON.stringify(value)}; inputs are never passed through a shell`;
    expect(error({ from: 'edge-26.8.3 > out' }).message).toBe(`invalid from "edge-26.8.3 > out": ${says('>')}`);
    expect(error({ via: 'edge-26.6.3 && x' }).message).toBe(`invalid via "edge-26.6.3 && x": ${says('&')}`);
    expect(error({ 'install-args': '--set a=`id`' }).message).toBe(`invalid install-args "--set a=\`id\`": ${says('`')}`);
  });

  it('accepts the spellings @actions/core accepts for booleans', () => {
    expect(validateOptions({ 'keep-cluster': 'True' }).keepCluster).toBe(true);
    expect(validateOptions({ 'keep-cluster': 'FALSE' }).keepCluster).toBe(false);
  });

  it('parses durations', () => {
    expect(duration('t', '90s')).toBe(90_000);
    expect(duration('t', '1h30m')).toBe(5_400_000);
    expect(duration('t', '120')).toBe(120_000);
    expect(duration('t', '250ms')).toBe(250);
  });

  it('splits install-args lines into arguments without a shell', () => {
    const config = validateOptions({ 'install-args': '--ha\n--set proxy.logLevel=debug\n# a comment\n--set-string "podAnnotations.team=a b"' });
    expect(config.installArgs).toEqual(['--ha', '--set', 'proxy.logLevel=debug', '--set-string', 'podAnnotations.team=a b']);
    expect(splitArguments('x', `--set 'a=b c' d`)).toEqual(['--set', 'a=b c', 'd']);
  });
});
