/**
 * Names of variables that hold GitHub or Actions runner credentials, whatever their value:
 * - `GITHUB_TOKEN`, `GH_TOKEN` and their kin (`GH_ENTERPRISE_TOKEN`, `GITHUB_ENTERPRISE_TOKEN`),
 *   which `gh`, `git` helpers and actions read;
 * - `ACTIONS_*` with `TOKEN` in the name or ending in `_URL`: the runner's runtime, OIDC, cache
 *   and results services (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
 *   `ACTIONS_ID_TOKEN_REQUEST_URL`, `ACTIONS_CACHE_URL`, `ACTIONS_RESULTS_URL`, ...), whose URLs
 *   are capabilities too;
 * - action inputs (`INPUT_*`) named as credentials: `INPUT_GITHUB-TOKEN`, `INPUT_TOKEN`, a
 *   password, a secret, a key.
 */
const CREDENTIAL_NAMES: readonly RegExp[] = [
  /^(GH|GITHUB)(_[A-Z0-9]+)*_TOKEN$/i,
  /^ACTIONS_([A-Z0-9_]*TOKEN[A-Z0-9_]*|[A-Z0-9_]*_URL)$/i,
  /^INPUT_.*(TOKEN|SECRET|PASSWORD|KEY|CREDENTIAL)/i,
];

export function isCredentialVariable(name: string): boolean {
  return CREDENTIAL_NAMES.some((pattern) => pattern.test(name));
}

/**
 * `env` without the credential variables above, nor any variable whose value holds one of
 * `secrets`: no command the canary runs needs them, so none is given them.
 */
export function environmentWithoutCredentials(env: NodeJS.ProcessEnv, secrets: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => !isCredentialVariable(name) && !secrets.some((s) => s.length >= 4 && value?.includes(s))),
  );
}
