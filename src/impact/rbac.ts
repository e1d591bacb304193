import { refOf, type KubeObject, type ObjectRef } from './manifests.js';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs?: string[];
}

/** One role whose rules grant more (`widened`) or less (`narrowed`) after the upgrade. */
export interface RbacChange {
  role: ObjectRef;
  /** Permissions as `verb group/resource[/name]` (the core group is empty: `get /pods`). */
  widened: string[];
  narrowed: string[];
}

const ROLE_KINDS = new Set(['Role', 'ClusterRole']);

/**
 * The rules spelled out one permission at a time, so two rule lists compare whatever way they
 * group their verbs and resources. A wildcard stays a wildcard: `*` granted where a list was is
 * a widening, which is what it is.
 */
export function permissions(rules: readonly PolicyRule[]): Set<string> {
  const out = new Set<string>();
  for (const rule of rules) {
    const verbs = rule.verbs ?? [];
    for (const url of rule.nonResourceURLs ?? []) for (const verb of verbs) out.add(`${verb} ${url}`);
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of verbs) {
          const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
          for (const name of names) out.add(`${verb} ${group}/${resource}${name ? `/${name}` : ''}`);
        }
  }
  return out;
}

const rulesOf = (role: KubeObject | undefined) => permissions((role?.rules as PolicyRule[] | undefined) ?? []);

/** Roles (added, removed or kept) whose permissions differ; an added role widens by all it grants. */
export function diffRbac(from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>): RbacChange[] {
  const keys = [...new Set([...from.keys(), ...to.keys()])].filter((k) => ROLE_KINDS.has((from.get(k) ?? to.get(k))!.kind)).sort();
  return keys.flatMap((key) => {
    const before = rulesOf(from.get(key));
    const after = rulesOf(to.get(key));
    const widened = [...after].filter((p) => !before.has(p)).sort();
    const narrowed = [...before].filter((p) => !after.has(p)).sort();
    return widened.length || narrowed.length ? [{ role: refOf((to.get(key) ?? from.get(key))!), widened, narrowed }] : [];
  });
}
