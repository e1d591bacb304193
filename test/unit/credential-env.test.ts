import { describe, expect, it } from 'vitest';
import { environmentWithoutCredentials, isCredentialVariable } from '../../src/process/credential-env.js';

describe('credential variables', () => {
  it.each([
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'GH_ENTERPRISE_TOKEN',
    'GITHUB_ENTERPRISE_TOKEN',
    'github_token',
    'INPUT_GITHUB-TOKEN',
    'INPUT_TOKEN',
    'INPUT_REGISTRY_PASSWORD',
    'INPUT_API-KEY',
    'INPUT_CLIENT_SECRET',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_CACHE_SERVICE_V2_TOKEN',
  ])('%s is one', (name) => {
    expect(isCredentialVariable(name)).toBe(true);
  });

  it.each([
    'GITHUB_REPOSITORY',
    'GITHUB_API_URL',
    'GITHUB_SERVER_URL',
    'ACTIONS_STEP_DEBUG',
    'ACTIONS_RUNNER_DEBUG',
    'INPUT_FROM',
    'INPUT_KUBERNETES-VERSION',
    'PATH',
    'HOME',
    'KUBECONFIG',
  ])('%s is not', (name) => {
    expect(isCredentialVariable(name)).toBe(false);
  });

  it('drops them by name and any variable holding a given secret by value', () => {
    const env = { PATH: '/bin', GH_TOKEN: 'x', COPIED: 'Bearer s3cret-token', SHORT: 'abc' };
    expect(environmentWithoutCredentials(env, ['s3cret-token', 'abc'])).toEqual({ PATH: '/bin', SHORT: 'abc' });
  });
});
