import { compareEdges, parseTag } from './tag.js';

/** One release-list entry: a tag, when it was made, and the commit it points at. */
export interface Release {
  tag: string;
  date: string;
  commit: string;
}

/**
 * The release list, queried. Edges and stables are ordered by release; `version-2.X` markers
 * (plain git tags that may sit after the edge the major was cut from) map to the newest edge
 * released at or before them.
 */
export class ReleaseList {
  readonly edges: Release[];
  readonly stables: Release[];
  private readonly byTag: Map<string, Release>;
  private readonly majors: { major: string; edge: string }[];

  constructor(releases: readonly Release[]) {
    this.byTag = new Map(releases.map((r) => [r.tag, r]));
    this.edges = releases.filter((r) => parseTag(r.tag)?.kind === 'edge').sort((a, b) => compareEdges(a.tag, b.tag));
    this.stables = releases.filter((r) => parseTag(r.tag)?.kind === 'stable').sort((a, b) => time(a) - time(b));
    this.majors = releases
      .filter((r) => parseTag(r.tag)?.kind === 'version')
      .flatMap((r) => {
        const edge = this.newestEdgeAtOrBefore(time(r));
        return edge ? [{ major: r.tag.replace('version-', ''), edge: edge.tag }] : [];
      })
      .sort((a, b) => compareEdges(a.edge, b.edge));
  }

  has(tag: string): boolean {
    return this.byTag.has(tag) && parseTag(tag)?.kind !== 'version';
  }

  get(tag: string): Release | undefined {
    return this.byTag.get(tag);
  }

  latestEdge(): Release | undefined {
    return this.edges.at(-1);
  }

  latestStable(): Release | undefined {
    return this.stables.at(-1);
  }

  /** Release points of majors (`2.19` -> its edge), oldest first. */
  majorReleasePoints(): readonly { major: string; edge: string }[] {
    return this.majors;
  }

  /** True when `a` was released before `b` (edge order between edges, dates otherwise). */
  isOlder(a: string, b: string): boolean {
    if (parseTag(a)?.kind === 'edge' && parseTag(b)?.kind === 'edge') return compareEdges(a, b) < 0;
    const x = this.byTag.get(a);
    const y = this.byTag.get(b);
    if (!x || !y) throw new Error(`unknown release: ${x ? b : a}`);
    return time(x) < time(y);
  }

  /** Edges strictly older than `tag`, newest first. */
  edgesBefore(tag: string): Release[] {
    return this.edges.filter((e) => this.isOlder(e.tag, tag)).reverse();
  }

  private newestEdgeAtOrBefore(ms: number): Release | undefined {
    return this.edges.filter((e) => time(e) <= ms).at(-1);
  }
}

function time(r: Release): number {
  return Date.parse(r.date);
}
