import type { Octokit } from "./octokit.js";

/**
 * Creates a repository label, or leaves the existing one as it is
 * (POST /repos/{o}/{r}/labels; GitHub answers 422 when the name is taken).
 * @throws the API error for anything but 422
 */
export async function ensureLabel(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  label: { name: string; color: string; description: string },
): Promise<void> {
  try {
    await octokit.rest.issues.createLabel({ ...repo, ...label });
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw error; // 422: the label exists
  }
}
