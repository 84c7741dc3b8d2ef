import type { Octokit } from "./octokit.js";
import { authorizeWriter } from "./permissions.js";

/** Above this many unknown users, one listing of collaborators is cheaper than asking per user. */
export const LIST_THRESHOLD = 2;

/**
 * Remembers who may approve, per repository, for a short time (default 60 s), so re-evaluating
 * a gate on every review or report does not ask GitHub again. A revoked permission is honoured
 * within the TTL; errors are never cached (the next evaluation asks again, failing closed now).
 */
export class PermissionCache {
  private readonly entries = new Map<string, { allowed: boolean; at: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Resolves write access for each login. Unknown users are asked one by one
   * (GET …/collaborators/{username}/permission) when there are at most LIST_THRESHOLD of them,
   * else with one listing of everyone with push access (GET …/collaborators?permission=push,
   * paginated); a failed listing falls back to asking one by one.
   */
  async canWrite(
    octokit: Octokit,
    owner: string,
    repo: string,
    logins: Iterable<string>,
  ): Promise<Set<string>> {
    const allowed = new Set<string>();
    const misses: string[] = [];
    for (const login of new Set([...logins].map((l) => l.toLowerCase()))) {
      const hit = this.entries.get(this.key(owner, repo, login));
      if (hit && this.clock() - hit.at < this.ttlMs) {
        if (hit.allowed) allowed.add(login);
      } else {
        misses.push(login);
      }
    }
    const listed =
      misses.length > LIST_THRESHOLD ? await this.pushCollaborators(octokit, owner, repo) : undefined;
    for (const login of misses) {
      if (listed) {
        this.entries.set(this.key(owner, repo, login), { allowed: listed.has(login), at: this.clock() });
        if (listed.has(login)) allowed.add(login);
        continue;
      }
      const auth = await authorizeWriter(octokit, owner, repo, login);
      if (auth.permission !== "none" || auth.allowed) {
        this.entries.set(this.key(owner, repo, login), { allowed: auth.allowed, at: this.clock() });
      }
      if (auth.allowed) allowed.add(login);
    }
    return allowed;
  }

  private key(owner: string, repo: string, login: string): string {
    return `${owner}/${repo}\u0000${login}`.toLowerCase();
  }

  private async pushCollaborators(
    octokit: Octokit,
    owner: string,
    repo: string,
  ): Promise<Set<string> | undefined> {
    try {
      const people = await octokit.paginate(octokit.rest.repos.listCollaborators, {
        owner,
        repo,
        permission: "push",
        affiliation: "all",
        per_page: 100,
      });
      return new Set(people.map((p) => p.login.toLowerCase()));
    } catch {
      return undefined;
    }
  }
}
