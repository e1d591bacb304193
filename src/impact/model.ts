import type { ValueChange } from './chart-values.js';
import type { CrdChange } from './crds.js';
import type { ImageChange } from './images.js';
import type { ObjectsDiff } from './objects.js';
import type { DeletedKind, PlainUpgrade, UserObject } from './plain-upgrade.js';
import type { RbacChange } from './rbac.js';
import type { StaleMount } from './stale-certificates.js';
import type { WebhookChange } from './webhooks.js';

/** A finding that costs a user data or availability; the shape of a run's step warnings. */
export interface ImpactWarning {
  /** `upgrade`, or `plain upgrade` for what only an upgrade without the user's settings does. */
  step: string;
  reason: string;
  why: string;
}

export type InstallMethod = 'cli' | 'helm';

/** Two versions' rendered manifests (multi-document YAML), for the install profile in use. */
export interface ImpactInput {
  from: string;
  to: string;
  method: InstallMethod;
  /** `from` and `to` with the user's settings; `toPlain`: `to` with none of them (chart defaults). */
  manifests: { from: string; to: string; toPlain?: string };
  /** Each chart's values.yaml of both versions (Helm). */
  chartValues?: { chart: string; from: Record<string, unknown>; to: Record<string, unknown> }[];
  /** The user's own objects, whose CRD an upgrade may delete. */
  userObjects?: UserObject[];
}

/** What upgrading from `from` to `to` changes, before anyone runs it. */
export interface ImpactReview {
  from: string;
  to: string;
  method: InstallMethod;
  objects: ObjectsDiff;
  crds: CrdChange[];
  rbac: RbacChange[];
  images: { from: string[]; to: string[]; changed: ImageChange[] };
  webhooks: WebhookChange[];
  staleMounts: StaleMount[];
  chartValues?: { chart: string; changes: ValueChange[] }[];
  /** The CRDs the upgrade itself deletes, and what goes with them. */
  deletedKinds: DeletedKind[];
  plainUpgrade?: PlainUpgrade;
  /** What costs a user data or availability: never a failure, always said. */
  warnings: ImpactWarning[];
}
