import type { Octokit } from "./octokit.js";

/** The outcome of an authorization check, with the reason for logs. */
export interface Authorization {
  allowed: boolean;
  /** The user's permission as GitHub reports it (admin, maintain, write, triage, read, none). */
  permission: string;
}

const WRITERS = new Set(["admin", "maintain", "write"]);

/**
 * Asks GitHub whether a user may act on the repository: write, maintain or admin, from
 * GET /repos/{owner}/{repo}/collaborators/{username}/permission (`role_name` carries maintain,
 * which `permission` folds into write). Not `author_association`, which says nothing about
 * permission. Fails closed: any error (404 for non-collaborators included) means not allowed.
 */
export async function authorizeWriter(
  octokit: Octokit,
  owner: string,
  repo: string,
  username: string,
): Promise<Authorization> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return { allowed: WRITERS.has(role) || WRITERS.has(data.permission), permission: role };
  } catch {
    return { allowed: false, permission: "none" };
  }
}
