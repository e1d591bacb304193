/**
 * kind node images by digest, per pinned kind release, as each release's notes list them under
 * "Images pre-built for this release". kind: "You must use the @sha256 digest to guarantee an
 * image built for this release" (tags have been re-pushed). Sources:
 * - v0.33.0: https://github.com/kubernetes-sigs/kind/releases/tag/v0.33.0 (defaults to 1.37.0)
 * - v0.30.0: https://github.com/kubernetes-sigs/kind/releases/tag/v0.30.0 (defaults to 1.34.0)
 * Older minors (1.30 and before) have no pinned image here: no Linkerd release the nightly
 * upgrades into supports them, and their digests belong to older kind releases.
 */
export const KIND_NODE_IMAGES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'v0.33.0': {
    37: 'v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5',
    36: 'v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed',
    35: 'v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0',
    34: 'v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d',
  },
  'v0.30.0': {
    34: 'v1.34.0@sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a',
    33: 'v1.33.4@sha256:25a6018e48dfcaee478f4a59af81157a437f15e6e140bf103f85a2e7cd0cbbf2',
    32: 'v1.32.8@sha256:abd489f042d2b644e2d033f5c2d900bc707798d075e8186cb65e3f1367a9d5a1',
    31: 'v1.31.12@sha256:0f5cc49c5e73c0c2bb6e2df56e7df189240d83cf94edfa30946482eb08ec57d2',
  },
};

/** A Kubernetes version as kind runs it: a pinned kind release and its node image. */
export interface KindNode {
  kindVersion: string;
  /** `v1.35.8@sha256:<digest>`, the value of the `kubernetes-version` input. */
  kubernetesVersion: string;
}

/** The node image for a Kubernetes minor from the newest pinned kind release that built one. */
export function kindNodeFor(minor: number): KindNode | undefined {
  for (const [kindVersion, images] of Object.entries(KIND_NODE_IMAGES)) {
    const image = images[minor];
    if (image) return { kindVersion, kubernetesVersion: image };
  }
  return undefined;
}

/** Minors with a pinned node image, newest first. */
export function pinnedMinors(): number[] {
  return [...new Set(Object.values(KIND_NODE_IMAGES).flatMap((images) => Object.keys(images).map(Number)))].sort((a, b) => b - a);
}

/**
 * The image reference kind gets for `kubernetes-version`: a digest given stays as it is; a bare
 * tag that this kind release published gets its digest; any other tag stays unpinned (the
 * user's choice of an image this table does not know).
 */
export function nodeImage(kubernetesVersion: string, kindVersion: string): string {
  if (kubernetesVersion.includes('@')) return `kindest/node:${kubernetesVersion}`;
  const pinned = Object.values(KIND_NODE_IMAGES[kindVersion] ?? {}).find((image) => image.startsWith(`${kubernetesVersion}@`));
  return `kindest/node:${pinned ?? kubernetesVersion}`;
}
