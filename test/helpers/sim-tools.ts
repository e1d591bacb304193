import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pins = JSON.parse(readFileSync(new URL('../../scripts/sim/pins.json', import.meta.url), 'utf8')) as {
  kubernetes: string;
  linkerd: string[];
};

/** The tools dir scripts/sim/build.sh made (EDGE_CANARY_TOOLS_DIR, as .ci/run sets, or its default). */
export function simToolsDir(): string {
  const dir =
    process.env.EDGE_CANARY_TOOLS_DIR ||
    join(process.env.EDGE_CANARY_CACHE || join(homedir(), '.cache', 'edge-canary'), 'tools', pins.kubernetes);
  if (!existsSync(join(dir, 'kube-apiserver'))) {
    throw new Error(`no simulated-cluster components in ${dir}: run scripts/sim/build.sh first`);
  }
  return dir;
}

export const SIM_KUBERNETES_VERSION = pins.kubernetes;

/** Linkerd CLIs of these tags are in the tools dir (they need the Go module proxy to serve linkerd2). */
export function hasLinkerd(dir: string, ...tags: string[]): boolean {
  return tags.every((tag) => existsSync(join(dir, `linkerd-${tag}`)));
}

/** Action inputs for a canary on the kwok provider with the simulated-cluster tools. */
export function kwokInputs(toolsDir: string, overrides: Record<string, string>): Record<string, string> {
  return {
    provider: 'kwok',
    'kubernetes-version': SIM_KUBERNETES_VERSION,
    'kubectl-version': SIM_KUBERNETES_VERSION,
    'tools-dir': toolsDir,
    'releases-file': fileURLToPath(new URL('../fixtures/linkerd-releases.json', import.meta.url)),
    'upload-artifacts': 'false',
    'keep-cluster': 'false',
    'stall-timeout': '60s',
    timeout: '20m',
    'cluster-name': 'edge-canary',
    ...overrides,
  };
}
