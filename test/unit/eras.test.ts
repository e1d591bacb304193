import { describe, expect, it } from 'vitest';
import { eraOf, gatewayApiOwner, gatewayApiOwnerProblem, gatewayApiValues, installPlan, upgradePlan } from '../../src/linkerd/eras.js';

const names = (steps: { name: string }[]) => steps.map((s) => s.name);

describe('era-aware command plans', () => {
  it('installs in one manifest before 2.12, CRDs first since edge-22.4.1', () => {
    expect(names(installPlan('stable-2.11.5', ['--ha']))).toEqual(['install']);
    expect(names(installPlan('edge-22.3.5', []))).toEqual(['install']);
    expect(names(installPlan('edge-22.4.1', []))).toEqual(['install --crds', 'install']);
    expect(names(installPlan('stable-2.12.0', []))).toEqual(['install --crds', 'install']);
  });

  it('passes install args to the control-plane install only, and the Gateway API setting to both', () => {
    const [crds, cp] = installPlan('edge-25.10.7', ['--ha', '--set', 'proxy.logLevel=debug'], ['--set', 'installGatewayAPI=false']);
    expect(crds!.render).toEqual(['install', '--crds', '--set', 'installGatewayAPI=false']);
    expect(cp!.render).toEqual(['install', '--ha', '--set', 'proxy.logLevel=debug', '--set', 'installGatewayAPI=false']);
    expect(cp!.kubectl).toEqual(['apply', '-f']);
  });

  it('upgrades with apply --prune on the control-plane label before 2.12', () => {
    const [step] = upgradePlan('edge-21.1.1', true);
    expect(step!.render).toEqual(['upgrade']);
    expect(step!.kubectl).toEqual(['apply', '--prune', '-l', 'linkerd.io/control-plane-ns=linkerd', '-f']);
  });

  it('upgrades CRDs, then the control plane, then prunes where the CLI can', () => {
    expect(names(upgradePlan('edge-26.8.3', true))).toEqual(['upgrade --crds', 'upgrade', 'prune']);
    expect(upgradePlan('edge-26.8.3', true)[2]!.kubectl).toEqual(['delete', '--ignore-not-found', '-f']);
    expect(names(upgradePlan('edge-22.4.1', false))).toEqual(['upgrade --crds', 'upgrade']);
    expect(upgradePlan('edge-25.4.4', true, ['--set', 'installGatewayAPI=true'])[0]!.render).toEqual(['upgrade', '--crds', '--set', 'installGatewayAPI=true']);
  });

  it("takes the control plane's patches from kubectl's built-in types only when asked, and only there", () => {
    const kubectlOf = (steps: { kubectl: string[] }[]) => steps.map((s) => s.kubectl.join(' '));
    expect(kubectlOf(upgradePlan('edge-26.8.3', true, [], true))).toEqual(['apply -f', 'apply --openapi-patch=false -f', 'delete --ignore-not-found -f']);
    expect(kubectlOf(upgradePlan('edge-26.8.3', true, [], false))).toEqual(['apply -f', 'apply -f', 'delete --ignore-not-found -f']);
    expect(kubectlOf(upgradePlan('edge-21.1.1', false, [], true))).toEqual(['apply --openapi-patch=false --prune -l linkerd.io/control-plane-ns=linkerd -f']);
    expect(kubectlOf(installPlan('edge-26.8.3', []))).toEqual(['apply -f', 'apply -f']);
  });
});

// The table of docs/linkerd-eras.md, row by row, on each side of every boundary.
describe('the era table', () => {
  const row = (tag: string) => {
    const e = eraOf(tag);
    return [e.separateCrds, e.gatewayApiValue ?? '-', e.gatewayApiByDefault, e.refusesAbsentGatewayApi, e.installsAbsentGatewayApi, e.minKubernetes];
  };
  it.each([
    ['edge-22.3.5', false, '-', false, false, false, '1.20'],
    ['edge-22.4.1', true, '-', false, false, false, '1.20'],
    ['edge-22.6.2', true, '-', false, false, false, '1.21'],
    ['stable-2.12.0', true, '-', false, false, false, '1.21'],
    ['stable-2.13.0', true, '-', false, false, false, '1.21'],
    ['edge-23.6.3', true, '-', false, false, false, '1.21'],
    ['edge-23.7.1', true, 'enableHttpRoutes', true, false, false, '1.21'],
    ['stable-2.14.0', true, 'enableHttpRoutes', true, false, false, '1.21'],
    ['stable-2.14.10', true, 'enableHttpRoutes', true, false, false, '1.21'],
    ['edge-23.12.2', true, 'enableHttpRoutes', true, false, false, '1.22'],
    ['edge-24.11.8', true, 'enableHttpRoutes', true, false, false, '1.22'],
    ['edge-25.2.3', true, 'enableHttpRoutes', true, false, false, '1.23'],
    ['edge-25.3.1', true, 'installGatewayAPI', false, false, false, '1.23'],
    ['edge-25.3.3', true, 'installGatewayAPI', false, false, false, '1.23'],
    ['edge-25.3.4', true, 'installGatewayAPI', false, true, false, '1.23'],
    ['edge-25.4.1', true, 'installGatewayAPI', false, true, true, '1.23'],
    ['edge-25.9.3', true, 'installGatewayAPI', false, true, true, '1.23'],
    ['edge-25.9.4', true, 'installGatewayAPI', false, true, true, '1.23'],
    ['edge-26.4.4', true, 'installGatewayAPI', false, true, true, '1.23'],
    ['edge-26.5.1', true, 'installGatewayAPI', false, true, true, '1.31'],
    ['edge-26.8.3', true, 'installGatewayAPI', false, true, true, '1.31'],
  ])('%s', (tag, ...expected) => {
    expect(row(tag)).toEqual(expected);
  });

  it('refuses what is not a release tag', () => {
    expect(() => eraOf('version-2.19')).toThrow('not a release tag: version-2.19');
  });
});

describe('who owns the Gateway API CRDs', () => {
  it('follows what `from` did by default with auto', () => {
    expect(gatewayApiOwner('auto', 'stable-2.13.0')).toBeUndefined();
    expect(gatewayApiOwner('auto', 'stable-2.14.10')).toBe('linkerd');
    expect(gatewayApiOwner('auto', 'edge-25.2.3')).toBe('linkerd');
    expect(gatewayApiOwner('auto', 'edge-25.3.3')).toBeUndefined();
    expect(gatewayApiOwner('auto', 'edge-25.3.4')).toBe('external');
    expect(gatewayApiOwner('auto', 'edge-26.8.3')).toBe('external');
    expect(gatewayApiOwner('linkerd', 'edge-26.8.3')).toBe('linkerd');
  });

  it('names what a version cannot install', () => {
    expect(gatewayApiOwnerProblem('linkerd', 'stable-2.13.0')).toBe('stable-2.13.0 does not ship the Gateway API CRDs, so Linkerd cannot own them');
    expect(gatewayApiOwnerProblem('linkerd', 'edge-25.3.4')).toMatch(/^edge-25.3.4 refuses to install the Gateway API CRDs itself/);
    expect(gatewayApiOwnerProblem('linkerd', 'edge-25.4.1')).toBeUndefined();
    expect(gatewayApiOwnerProblem('external', 'stable-2.13.0')).toBeUndefined();
  });

  it('sets the value of the version that keeps them with their owner', () => {
    expect(gatewayApiValues('external', 'stable-2.14.10')).toEqual(['--set', 'enableHttpRoutes=false']);
    expect(gatewayApiValues('linkerd', 'edge-26.8.3')).toEqual(['--set', 'installGatewayAPI=true']);
    expect(gatewayApiValues('external', 'stable-2.13.0')).toEqual([]);
    expect(gatewayApiValues(undefined, 'edge-26.8.3')).toEqual([]);
  });
});
