import type { FieldChange } from '../impact/fields.js';
import { refText, type ObjectRef } from '../impact/manifests.js';
import type { ImpactReview } from '../impact/model.js';
import type { ObjectChange } from '../impact/objects.js';
import { cellCode, code, ICON } from './markdown.js';

/** Objects listed by name in one line before the rest is counted. */
const LISTED = 40;

const names = (refs: readonly ObjectRef[]) => {
  const shown = refs.slice(0, LISTED).map((r) => code(refText(r)));
  return [...shown, ...(refs.length > LISTED ? [`and ${refs.length - LISTED} more`] : [])].join(', ');
};

function field(change: FieldChange): string {
  if (change.before === undefined) return `${code(change.path)} added: ${code(change.after ?? '')}`;
  if (change.after === undefined) return `${code(change.path)} removed (was ${code(change.before)})`;
  return `${code(change.path)}: ${code(change.before)} → ${code(change.after)}`;
}

function changedObjects(changes: readonly ObjectChange[]): string[] {
  return changes.flatMap((c) => [
    `- ${code(refText(c.object))}`,
    ...c.fields.map((f) => `  - ${field(f)}`),
    ...(c.moreFields ? [`  - and ${c.moreFields} more fields`] : []),
  ]);
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length ? ['', `### ${title}`, '', ...lines] : [];
}

function objectLines(review: ImpactReview): string[] {
  const { added, removed, changed } = review.objects;
  return [
    `${added.length} added, ${removed.length} removed, ${changed.length} changed.`,
    ...(added.length ? ['', `Added: ${names(added)}`] : []),
    ...(removed.length ? ['', `Removed: ${names(removed)}`] : []),
    ...(changed.length ? ['', ...changedObjects(changed)] : []),
  ];
}

function crdLines(review: ImpactReview): string[] {
  if (!review.crds.length) return [];
  const list = (items: readonly string[]) => items.map(cellCode).join(', ');
  return [
    '| CRD | change | versions added | versions removed | no longer served | storage | rollback |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...review.crds.map((c) => {
      const cells = [
        cellCode(c.name),
        c.change,
        list(c.versionsAdded),
        list(c.versionsRemoved),
        list(c.servedDropped),
        c.storage.from === c.storage.to ? cellCode(c.storage.to ?? '') : `${cellCode(c.storage.from ?? '-')} → ${cellCode(c.storage.to ?? '-')}`,
        c.rollbackProblem ? `${ICON.warn} impossible` : 'safe',
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
}

function detailLines(review: ImpactReview): string[] {
  return [
    ...section(
      'RBAC',
      review.rbac.flatMap((r) => [
        `- ${code(refText(r.role))}`,
        ...(r.widened.length ? [`  - grants more: ${r.widened.map(code).join(', ')}`] : []),
        ...(r.narrowed.length ? [`  - grants less: ${r.narrowed.map(code).join(', ')}`] : []),
      ]),
    ),
    ...section('Images', [
      `Images of ${code(review.to)}: ${review.images.to.map(code).join(', ') || 'none'}`,
      ...review.images.changed.map((i) => `- ${code(refText(i.object))} ${code(i.container)}: ${code(i.from ?? 'none')} → ${code(i.to ?? 'none')}`),
    ]),
    ...section(
      'Admission webhooks',
      review.webhooks.flatMap((w) => [
        `- ${code(w.webhook)} ${w.change}${w.failurePolicy ? `, failure policy ${code(w.failurePolicy.from ?? 'none')} → ${code(w.failurePolicy.to ?? 'none')}` : ''}`,
        ...w.fields.map((f) => `  - ${field(f)}`),
      ]),
    ),
    ...(review.chartValues ?? []).flatMap((c) =>
      section(
        `Chart defaults of ${code(c.chart)}`,
        c.changes.map(
          (v) => `- ${field({ path: v.path, ...(v.from === undefined ? {} : { before: v.from }), ...(v.to === undefined ? {} : { after: v.to }) })}`,
        ),
      ),
    ),
  ];
}

function plainLines(review: ImpactReview): string[] {
  const plain = review.plainUpgrade;
  if (!plain) return [];
  const what =
    review.method === 'helm' ? "with the charts' defaults (none of the values given)" : 'with the CLI alone (without the Gateway API values the canary passes)';
  return section(`The plain upgrade, ${what}`, [
    plain.removed.length ? `Deletes: ${names(plain.removed)}` : 'Deletes nothing the configured install has.',
    ...plain.deletedKinds.map(
      (d) => `- every ${code(d.kind)} in the cluster goes with ${code(d.crd)}${d.userObjects.length ? `, among them ${names(d.userObjects)}` : ''}`,
    ),
    ...(plain.reset.length ? ['', 'Sets otherwise than the values given:', ...changedObjects(plain.reset)] : []),
  ]);
}

const verdictLine = (review: ImpactReview) =>
  review.warnings.length
    ? `${ICON.warn} ${review.warnings.length} warning${review.warnings.length === 1 ? '' : 's'} (what costs data or availability; never a failure)`
    : `${ICON.pass} nothing in it costs data or availability`;

/** Warnings first, then each class of change. */
function body(review: ImpactReview): string[] {
  return [
    `${verdictLine(review)}${review.warnings.length ? ':' : '.'}`,
    ...review.warnings.map((w) => `- ${w.step}: ${code(w.reason)} (${w.why})`),
    ...section('Objects', objectLines(review)),
    ...section('CustomResourceDefinitions', crdLines(review)),
    ...detailLines(review),
    ...plainLines(review),
  ];
}

/** The review as markdown, as the impact command prints it. */
export function impactMarkdown(review: ImpactReview): string {
  return [`## What upgrading ${code(review.from)} → ${code(review.to)} changes (${review.method})`, '', ...body(review), ''].join('\n');
}

/** The review as a collapsed section of a run's job summary. */
export function impactDetails(review: ImpactReview): string[] {
  const { added, removed, changed } = review.objects;
  const counts = `${added.length} added, ${removed.length} removed, ${changed.length} changed`;
  return [`<details><summary><b>What this upgrade changes</b>: ${counts}; ${verdictLine(review)}</summary>`, '', ...body(review), '', '</details>'];
}
