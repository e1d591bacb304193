import { join } from 'node:path';
import type { Step } from '../scenarios/model.js';
import { parseTag } from '../versions/tag.js';

/** A setting a profile needs that older Linkerd versions did not have. */
export interface ProfileRequirement {
  /** The chart value or CLI flag, for the skip reason. */
  setting: string;
  /** The first edge that has it. */
  edge: string;
  /** The first stable that has it (`stable-2.14.0`); a stable without this never does. */
  stable?: string;
}

/**
 * An install profile: data only, so that any install method can apply it. Values go to the CLI
 * and to Helm alike (as a values file); `cliFlags` are the CLI's shorthands and
 * `chartValuesFiles` the files of the control-plane chart that Helm needs for the same effect.
 */
export interface InstallProfile {
  name: string;
  description: string;
  /** Bumped whenever what the profile sets changes: reports of different nights stay comparable. */
  version: number;
  cliFlags: string[];
  chartValuesFiles: string[];
  values: Record<string, unknown>;
  /** Nodes the cluster needs (HA's pod anti-affinity wants one node per replica). */
  nodes?: number;
  requires: ProfileRequirement[];
  /** Built-in preparation done in code before `from` is installed. */
  prepareBuiltIn?: 'external-issuer';
  /** Preparation steps of a profile file, run by the scenario engine before `from` is installed. */
  prepare?: Step[];
  /** The file a user profile came from. */
  file?: string;
  /** The profiles a combination was made of. */
  parts?: ProfilePart[];
}

export interface ProfilePart {
  name: string;
  version: number;
  file?: string;
}

/** What the report says of the profile: each part's name, version and file. */
export function profileParts(profile: InstallProfile): ProfilePart[] {
  return profile.parts ?? [{ name: profile.name, version: profile.version, ...(profile.file ? { file: profile.file } : {}) }];
}

function atOrAfter(tag: string, since: string): boolean {
  const t = parseTag(tag);
  const s = parseTag(since);
  if (t?.kind === 'edge' && s?.kind === 'edge') return (t.year - s.year || t.month - s.month || t.n - s.n) >= 0;
  if (t?.kind === 'stable' && s?.kind === 'stable') return (t.major - s.major || t.minor - s.minor || t.patch - s.patch) >= 0;
  return false;
}

/** Why `tag` cannot install the profile (the first setting it lacks), if it cannot. */
export function unsupportedBy(profile: InstallProfile, tag: string): string | undefined {
  const kind = parseTag(tag)?.kind;
  const missing = profile.requires.find((r) => !atOrAfter(tag, kind === 'stable' ? (r.stable ?? '') : r.edge));
  if (!missing) return undefined;
  const since = [missing.edge, missing.stable].filter(Boolean).join(' and ');
  return `profile ${profile.name}: ${tag} has no ${missing.setting} (since ${since})`;
}

/** Why the path cannot run the profile: the first version on it that lacks a setting. */
export function unsupportedOnPath(profile: InstallProfile, tags: readonly string[]): string | undefined {
  for (const tag of tags) {
    const reason = unsupportedBy(profile, tag);
    if (reason) return reason;
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Helm's merge of values files: maps merge key by key, anything else is replaced by the later file. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = out[key];
    out[key] = isPlainObject(before) && isPlainObject(value) ? mergeValues(before, value) : value;
  }
  return out;
}

/**
 * Several profiles as one install, applied in the order given (a later value wins, as with
 * several `--values` files): production clusters combine them (HA with an external issuer and
 * their own values), and one run is one install.
 */
export function combineProfiles(profiles: readonly InstallProfile[]): InstallProfile {
  if (profiles.length === 1) return profiles[0]!;
  const nodes = Math.max(0, ...profiles.map((p) => p.nodes ?? 0));
  const builtIns = profiles.flatMap((p) => (p.prepareBuiltIn ? [p.prepareBuiltIn] : []));
  const steps = profiles.flatMap((p) => p.prepare ?? []);
  // The steps' relative manifest files are found next to their profile file.
  const file = profiles.find((p) => p.prepare)?.file;
  return {
    name: profiles.map((p) => p.name).join('+'),
    description: profiles.map((p) => p.description).join(' + '),
    version: Math.max(...profiles.map((p) => p.version)),
    cliFlags: [...new Set(profiles.flatMap((p) => p.cliFlags))],
    chartValuesFiles: [...new Set(profiles.flatMap((p) => p.chartValuesFiles))],
    values: profiles.reduce<Record<string, unknown>>((acc, p) => mergeValues(acc, p.values), {}),
    ...(nodes ? { nodes } : {}),
    requires: profiles.flatMap((p) => p.requires),
    ...(builtIns[0] ? { prepareBuiltIn: builtIns[0] } : {}),
    ...(steps.length ? { prepare: steps } : {}),
    ...(file ? { file } : {}),
    parts: profiles.flatMap(profileParts),
  };
}

/** Every leaf of the values as a dotted path (`proxy.resources.cpu.limit`) and its value. */
export function valueLeaves(values: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(values).flatMap(([key, value]) =>
    isPlainObject(value) && Object.keys(value).length ? valueLeaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

/** `linkerd install` arguments of the profile, the values given as the file the run wrote them to. */
export function cliInstallArgs(profile: InstallProfile, valuesFile: string | undefined): string[] {
  return [...profile.cliFlags, ...(valuesFile ? ['--values', valuesFile] : [])];
}

/** `helm install`/`helm upgrade` arguments of the profile: the chart's own files for its flags, then its values. */
export function helmValueArgs(profile: InstallProfile, chartDir: string, valuesFile: string | undefined): string[] {
  return [...profile.chartValuesFiles.flatMap((f) => ['--values', join(chartDir, f)]), ...(valuesFile ? ['--values', valuesFile] : [])];
}
