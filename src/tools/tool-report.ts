/** Which binary a run used and where it came from, as the report lists it. */
export interface ToolReport {
  name: string;
  version: string;
  path: string;
  source: 'tools-dir' | 'cache' | 'download';
  sha256?: string;
  /** Whether the digest was checked against a published one. */
  verified?: boolean;
}
