import { existsSync } from 'node:fs';
import { mkdtemp, readdir, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS } from '../../src/inputs/options.js';
// Imported, not read at run time, so a bundled benchmark that uses these helpers carries it.
import pinsJson from '../../scripts/sim/pins.json' with { type: 'json' };

const pins = pinsJson as { kubernetes: string; kubernetesMinors: Record<string, string> };

/** Where scripts/sim/build.sh puts its tools dir (EDGE_CANARY_TOOLS_DIR, as .ci/run sets, or its default), built or not. */
export function toolsDirPath(): string {
  return process.env.EDGE_CANARY_TOOLS_DIR || join(process.env.EDGE_CANARY_CACHE || join(homedir(), '.cache', 'edge-canary'), 'tools', pins.kubernetes);
}

/** The tools dir scripts/sim/build.sh made. */
export function simToolsDir(): string {
  const dir = toolsDirPath();
  if (!existsSync(join(dir, 'kube-apiserver'))) {
    throw new Error(`no simulated-cluster components in ${dir}: run scripts/sim/build.sh first`);
  }
  return dir;
}

export const SIM_KUBERNETES_VERSION = pins.kubernetes;

/** The tools dir scripts/sim/build.sh --kubernetes <minor> made, if it did. */
export function simToolsDirFor(minor: string): string | undefined {
  const version = pins.kubernetesMinors[minor];
  const dir = version && join(process.env.EDGE_CANARY_CACHE || join(homedir(), '.cache', 'edge-canary'), 'tools', version);
  return dir && existsSync(join(dir, 'kube-apiserver')) ? dir : undefined;
}

/** The Linkerd CLIs of these tags that the tools dir lacks (none on a new machine: they are put there by hand). */
export function missingLinkerd(dir: string, ...tags: string[]): string[] {
  return tags.filter((tag) => !existsSync(join(dir, `linkerd-${tag}`))).map((tag) => `linkerd-${tag}`);
}

/** Whether the tools dir has the Linkerd CLIs of all these tags. */
export function hasLinkerd(dir: string, ...tags: string[]): boolean {
  return missingLinkerd(dir, ...tags).length === 0;
}

/** Why a test that needs these CLIs is skipped, or '' when they are all there. */
export function needsLinkerd(dir: string, ...tags: string[]): string {
  const missing = missingLinkerd(dir, ...tags);
  return missing.length ? `skipped: ${dir} lacks ${missing.join(', ')}` : '';
}

/**
 * A tools dir with the cluster components of `componentsDir` (built for one Kubernetes version)
 * and the Linkerd CLIs of `linkerdDir`: CLIs are put in one dir, clusters are built per version.
 */
export async function withLinkerdOf(componentsDir: string, linkerdDir: string): Promise<string> {
  const dir = await withoutLinkerd(componentsDir);
  for (const name of await readdir(linkerdDir)) {
    if (name.startsWith('linkerd-')) await symlink(join(linkerdDir, name), join(dir, name));
  }
  return dir;
}

/**
 * A tools dir with everything of `dir` but its Linkerd CLIs, for tests about CLIs that are
 * missing, which must hold whether or not the real ones were put in the shared dir.
 */
export async function withoutLinkerd(dir: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'tools-without-linkerd-'));
  for (const name of await readdir(dir)) {
    if (!name.startsWith('linkerd-')) await symlink(join(dir, name), join(copy, name));
  }
  return copy;
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
    // These runs test the pipeline and the action; the built-in scenarios (the action's default)
    // have their own e2e tests, and the known-good corpus runs every path with them.
    scenarios: 'none',
    ...overrides,
  };
}

/**
 * The action's inputs as the CLI's flags, as a user types them: a list input's flag once per
 * line (`scenarios` -> `--scenario`), `true` as a bare flag, `false` left out.
 */
export function asCliFlags(inputs: Record<string, string>): string[] {
  return Object.entries(inputs).flatMap(([name, value]) => {
    const option = OPTIONS.find((o) => o.name === name);
    const flag = `--${option?.cliFlag ?? name}`;
    if (option?.kind === 'boolean') return value === 'true' ? [flag] : [];
    if (option?.kind === 'lines')
      return value
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => [flag, line]);
    return [`${flag}=${value}`];
  });
}
