import type { Octokit } from "./octokit.js";
import { authorizeWriter } from "./permissions.js";

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

  /** Resolves write access for each login (GET …/collaborators/{username}/permission on a miss). */
  async canWrite(
    octokit: Octokit,
    owner: string,
    repo: string,
    logins: Iterable<string>,
  ): Promise<Set<string>> {
    const allowed = new Set<string>();
    for (const login of new Set([...logins].map((l) => l.toLowerCase()))) {
      const key = `${owner}/${repo}\u0000${login}`.toLowerCase();
      const hit = this.entries.get(key);
      if (hit && this.clock() - hit.at < this.ttlMs) {
        if (hit.allowed) allowed.add(login);
        continue;
      }
      const auth = await authorizeWriter(octokit, owner, repo, login);
      if (auth.permission !== "none" || auth.allowed)
        this.entries.set(key, { allowed: auth.allowed, at: this.clock() });
      if (auth.allowed) allowed.add(login);
    }
    return allowed;
  }
}
