import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Release } from '../../src/versions/releases.js';

/** Every edge-, stable- and version- tag of linkerd/linkerd2 up to edge-26.8.3 (real data). */
export const RELEASES_FIXTURE = fileURLToPath(new URL('../fixtures/linkerd-releases.json', import.meta.url));

export function realReleases(): Release[] {
  return JSON.parse(readFileSync(RELEASES_FIXTURE, 'utf8')) as Release[];
}
