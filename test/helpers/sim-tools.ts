import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
