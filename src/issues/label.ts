import type { getOctokit } from '@actions/github';

type Octokit = ReturnType<typeof getOctokit>;

/**
 * Makes the label of the tracked issues when the repository has none by that name: an issue
 * opened with a missing label either fails (a token that may not create labels) or gets it
 * made grey, without a description. An existing label is left as its owners set it.
 */
export async function ensureLabel(octokit: Octokit, owner: string, repo: string, name: string): Promise<void> {
  try {
    await octokit.rest.issues.getLabel({ owner, repo, name });
    return;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  try {
    await octokit.rest.issues.createLabel({ owner, repo, name, color: 'b60205', description: 'An upgrade path the edge-canary nightly finds failing' });
  } catch (error) {
    // 422: another run made it in between.
    if ((error as { status?: number }).status !== 422) throw error;
  }
}
