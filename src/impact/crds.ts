import type { KubeObject } from './manifests.js';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
}

/** What an upgrade does to one CustomResourceDefinition. */
export interface CrdChange {
  name: string;
  /** The kind of its objects (`HTTPRoute`), which go with it when it is deleted. */
  kind: string;
  change: 'added' | 'removed' | 'changed';
  versionsAdded: string[];
  versionsRemoved: string[];
  /** Versions both have whose `served` differs. */
  servedChanged: { version: string; from: boolean; to: boolean }[];
  /** Versions `from` serves that `to` does not (removed, or no longer served): their clients break. */
  servedDropped: string[];
  storage: { from?: string; to?: string };
  /**
   * Why `from`'s CRD cannot go back over `to`'s, if it cannot: objects stored in a version `from`
   * does not serve, which Helm's rollback refuses (status.storedVersions).
   */
  rollbackProblem?: string;
}

function versionsOf(crd: KubeObject | undefined): CrdVersion[] {
  const versions = (crd?.spec as { versions?: Partial<CrdVersion>[] } | undefined)?.versions ?? [];
  return versions.map((v) => ({ name: String(v.name), served: v.served === true, storage: v.storage === true }));
}

function kindOf(crd: KubeObject): string {
  return String((crd.spec as { names?: { kind?: unknown } } | undefined)?.names?.kind ?? crd.metadata.name);
}

function rollbackProblem(from: readonly CrdVersion[], storedByTo: string | undefined, name: string): string | undefined {
  if (!storedByTo || !from.length) return undefined;
  if (from.some((v) => v.name === storedByTo && v.served)) return undefined;
  return `${name}: objects written after the upgrade are stored as ${storedByTo}, which the old CRD does not serve; reinstalling the old CRD (helm rollback) fails on status.storedVersions`;
}

export function crdChange(name: string, before: KubeObject | undefined, after: KubeObject | undefined): CrdChange | undefined {
  const from = versionsOf(before);
  const to = versionsOf(after);
  const has = (list: CrdVersion[], v: string) => list.find((x) => x.name === v);
  const servedChanged = from.flatMap((v) => {
    const next = has(to, v.name);
    return next && next.served !== v.served ? [{ version: v.name, from: v.served, to: next.served }] : [];
  });
  const storage = { from: from.find((v) => v.storage)?.name, to: to.find((v) => v.storage)?.name };
  const change: CrdChange = {
    name,
    kind: kindOf((after ?? before)!),
    change: !before ? 'added' : !after ? 'removed' : 'changed',
    versionsAdded: to.filter((v) => !has(from, v.name)).map((v) => v.name),
    versionsRemoved: from.filter((v) => !has(to, v.name)).map((v) => v.name),
    servedChanged,
    servedDropped: from.filter((v) => v.served && !has(to, v.name)?.served).map((v) => v.name),
    storage: Object.fromEntries(Object.entries(storage).filter(([, v]) => v !== undefined)),
  };
  const problem = after ? rollbackProblem(from, storage.to, name) : undefined;
  if (problem) change.rollbackProblem = problem;
  const same =
    change.change === 'changed' && !change.versionsAdded.length && !change.versionsRemoved.length && !servedChanged.length && storage.from === storage.to;
  return same ? undefined : change;
}

/** Every CRD whose versions an upgrade changes, or that it adds or removes. */
export function diffCrds(from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>): CrdChange[] {
  const crds = (objects: ReadonlyMap<string, KubeObject>) =>
    new Map([...objects.values()].filter((o) => o.kind === 'CustomResourceDefinition').map((o) => [o.metadata.name, o]));
  const a = crds(from);
  const b = crds(to);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.flatMap((name) => crdChange(name, a.get(name), b.get(name)) ?? []);
}
