import type { DeploymentRecord } from "../launch/facts.js";
import type { Octokit } from "./octokit.js";

type Repo = { owner: string; repo: string };

const MAX_PAGES = 3;
const MAX_LEAD_TIMES = 20;
const DAY_MS = 86_400_000;

/**
 * Reads the repository's deployments of the last `windowDays` days (all environments) and how
 * each ended: GET /repos/{o}/{r}/deployments (newest first, ≤ 300 read) and, per deployment,
 * GET …/deployments/{id}/statuses (newest first). The Deploy Action records a rollback as a
 * `failure` status whose description starts with "Rolled back"; `inactive` (superseded by a
 * newer deployment) keeps the success it had. One deployment older than the window is kept per
 * environment, so the first deployment in the window has a predecessor to measure lead time from.
 */
export async function readDeploymentHistory(
  octokit: Octokit,
  repo: Repo,
  now: Date,
  windowDays: number,
): Promise<DeploymentRecord[]> {
  const from = now.getTime() - windowDays * DAY_MS;
  const listed: Array<{ id: number; environment: string; sha: string; created_at: string }> = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await octokit.rest.repos.listDeployments({ ...repo, per_page: 100, page });
    listed.push(...data);
    if (data.length < 100 || data.some((d) => Date.parse(d.created_at) < from)) break;
  }
  const olderKept = new Set<string>();
  const relevant = listed.filter((d) => {
    if (Date.parse(d.created_at) >= from) return true;
    if (olderKept.has(d.environment)) return false;
    olderKept.add(d.environment);
    return true;
  });
  const records: DeploymentRecord[] = [];
  for (const d of relevant) {
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: d.id,
      per_page: 100,
    });
    records.push({
      id: d.id,
      environment: d.environment,
      sha: d.sha,
      createdAt: d.created_at,
      ...outcomeOf(statuses),
    });
  }
  return records;
}

/** The outcome of a deployment from its statuses (newest first, as GitHub lists them). */
export function outcomeOf(
  statuses: Array<{ state: string; created_at: string; description?: string | null }>,
): Pick<DeploymentRecord, "outcome" | "finishedAt" | "reason"> {
  const final = statuses.find((s) => ["success", "failure", "error"].includes(s.state));
  if (!final) return { outcome: "pending" };
  const reason = final.description ?? undefined;
  const outcome =
    final.state === "success" ? "success" : /^rolled back/i.test(reason ?? "") ? "rolled_back" : "failure";
  return { outcome, finishedAt: final.created_at, ...(reason ? { reason } : {}) };
}

/**
 * Fills `firstCommitAt` of the newest successful deployments of `environment` (at most 20): the
 * author date of the oldest commit between the previous successful deployment's commit and this
 * one (GET /repos/{o}/{r}/compare/{base}...{head}). A comparison GitHub cannot make (force-pushed
 * history, 404) leaves it unset.
 */
export async function addLeadTimes(
  octokit: Octokit,
  repo: Repo,
  records: DeploymentRecord[],
  environment: string,
): Promise<void> {
  const ok = records
    .filter((r) => r.environment === environment && r.outcome === "success")
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const pairs = ok.slice(1).map((r, i) => [ok[i] as DeploymentRecord, r] as const);
  for (const [prev, next] of pairs.slice(-MAX_LEAD_TIMES)) {
    if (prev.sha === next.sha) continue;
    try {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        ...repo,
        basehead: `${prev.sha}...${next.sha}`,
        per_page: 100,
      });
      const dates = data.commits
        .map((c) => c.commit.author?.date ?? c.commit.committer?.date)
        .filter((x): x is string => typeof x === "string")
        .sort();
      if (dates[0]) next.firstCommitAt = dates[0];
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
}
