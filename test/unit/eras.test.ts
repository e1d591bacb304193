import { describe, expect, it } from 'vitest';
import { eraOf, installPlan, upgradePlan } from '../../src/linkerd/eras.js';

const names = (steps: { name: string }[]) => steps.map((s) => s.name);

describe('era-aware command plans', () => {
  it('installs in one manifest before 2.12, CRDs first since edge-22.4.1', () => {
    expect(names(installPlan('stable-2.11.5', ['--ha']))).toEqual(['install']);
    expect(names(installPlan('edge-22.3.5', []))).toEqual(['install']);
    expect(names(installPlan('edge-22.4.1', []))).toEqual(['install --crds', 'install']);
    expect(names(installPlan('stable-2.12.0', []))).toEqual(['install --crds', 'install']);
  });

  it('passes install args to the control-plane install only', () => {
    const [crds, cp] = installPlan('edge-25.10.7', ['--ha', '--set', 'proxy.logLevel=debug']);
    expect(crds!.render).toEqual(['install', '--crds']);
    expect(cp!.render).toEqual(['install', '--ha', '--set', 'proxy.logLevel=debug']);
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
  });

  it('needs Gateway API CRDs installed first from edge-25.10.7 (2.19)', () => {
    expect(eraOf('edge-25.10.6').needsGatewayApiCrds).toBe(false);
    expect(eraOf('edge-25.10.7').needsGatewayApiCrds).toBe(true);
    expect(eraOf('edge-26.1.1').needsGatewayApiCrds).toBe(true);
    expect(eraOf('edge-25.4.4').needsGatewayApiCrds).toBe(false);
    expect(eraOf('stable-2.14.10').needsGatewayApiCrds).toBe(false);
  });
});
