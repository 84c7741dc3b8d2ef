import type { Config } from "../config/schema.js";
import { commitEvidence } from "../gates/commit-evidence.js";
import { activeSources } from "../gates/security.js";
import type { Priority } from "../planner/schema.js";
import type { Defect, ReadinessInput, ReleaseCommit } from "../release/readiness.js";
import { listCommitRuns } from "./checks.js";
import { codeScanningRef, gatherDeploymentEvidence } from "./deployment-evidence.js";
import type { Octokit } from "./octokit.js";
import { readSecurityEvidence } from "./security.js";

type Repo = { owner: string; repo: string; defaultBranch: string };

/** Pages of 100 open defects read at most (the report says when there were more). */
export const MAX_DEFECT_PAGES = 3;

/**
 * The commit a release's evidence must be about: the commit the tag `<version>` points at once it
 * exists (what a tag-triggered release deploys), else the default branch's head (what a release
 * cut now would ship). GET /repos/{o}/{r}/commits/{ref} with `tags/<version>`, then `heads/<branch>`.
 */
export async function releaseCommit(octokit: Octokit, repo: Repo, version: string): Promise<ReleaseCommit> {
  const get = (ref: string) =>
    octokit.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref, per_page: 1 });
  try {
    const { data } = await get(`tags/${version}`);
    return { sha: data.sha, source: "tag", ref: version };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 404 && status !== 422) throw error;
  }
  const { data } = await get(`heads/${repo.defaultBranch}`);
  return { sha: data.sha, source: "default-branch", ref: repo.defaultBranch };
}

/**
 * Gathers the readiness report's evidence for a release (see updateReadinessBody):
 * - the release commit (releaseCommit) and its check runs (GET …/commits/{sha}/check-runs):
 *   QA, load and custom reports only from GitHub Actions' App (commitEvidence);
 * - open security alerts when a policy sets `security` (the pull-request policy's, else the
 *   first environment's), code scanning on the tag or the default branch;
 * - open defects: issues labelled `release.defectLabel` (GET …/issues?labels=&state=open, at most
 *   MAX_DEFECT_PAGES pages), with their priority labels;
 * - each environment's deployment-gate evidence for the release commit (gatherDeploymentEvidence).
 */
export async function readReadinessInput(
  octokit: Octokit,
  repo: Repo,
  input: { version: string; config: Config; appId: number; now: Date },
): Promise<ReadinessInput> {
  const { config, version } = input;
  // Only owner and name go into requests (GitHub refuses unknown parameters).
  const ref = { owner: repo.owner, repo: repo.repo };
  const repository = `${repo.owner}/${repo.repo}`;
  const base = `https://github.com/${repository}`;
  const commit = await releaseCommit(octokit, repo, version);
  const evidence = commitEvidence(await listCommitRuns(octokit, ref, commit.sha), {
    sha: commit.sha,
    repository,
  });
  const deployments = Object.entries(config.gates.deployments);
  const loadThresholds = [...new Set(deployments.flatMap(([, p]) => p.load?.thresholds ?? []))];
  const policy = config.gates.pullRequest.security ?? deployments.find(([, p]) => p.security)?.[1].security;
  const sources = activeSources(policy);
  const isTag = commit.source === "tag";
  const security =
    policy && sources.length
      ? {
          policy,
          evidence: await readSecurityEvidence(octokit, ref, {
            ref: codeScanningRef(commit.ref, repo.defaultBranch, isTag),
            sources,
            htmlBase: base,
          }),
        }
      : undefined;
  const p0Labels = new Set(deployments.map(([, p]) => p.p0Bugs.label.toLowerCase()));
  const defects = await readDefects(octokit, repo, config.release.defectLabel, (labels) =>
    priorityOf(labels, config.labels.priority, p0Labels),
  );
  const environments = [];
  for (const [name, p] of deployments) {
    environments.push({
      name,
      policy: p,
      evidence: await gatherDeploymentEvidence(octokit, ref, {
        sha: commit.sha,
        environment: name,
        now: input.now,
        policy: p,
        checklistLabel: config.release.checklistLabel,
        appId: input.appId,
        config,
        // No deployment is waiting: nobody started one, so nobody's approvals are excluded yet.
        initiators: [],
        version,
        ref: commit.ref,
        defaultBranch: repo.defaultBranch,
      }),
    });
  }
  return {
    version,
    commit,
    evidence,
    loadThresholds,
    ...(security ? { security } : {}),
    defects,
    defectsUrl: `${base}/issues?q=${encodeURIComponent(`is:issue is:open label:"${config.release.defectLabel}"`)}`,
    environments,
  };
}

async function readDefects(
  octokit: Octokit,
  repo: Repo,
  label: string,
  priority: (labels: string[]) => Priority | undefined,
): Promise<Defect[]> {
  let pages = 0;
  const issues = await octokit.paginate(
    octokit.rest.issues.listForRepo,
    { owner: repo.owner, repo: repo.repo, labels: label, state: "open", per_page: 100 },
    (response, done) => {
      if (++pages >= MAX_DEFECT_PAGES) done();
      return response.data;
    },
  );
  return issues
    .filter((i) => !i.pull_request)
    .map((i) => {
      const labels = i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")));
      const p = priority(labels);
      return { number: i.number, title: i.title, url: i.html_url, ...(p ? { priority: p } : {}) };
    });
}

/** A defect's priority from its labels: `<prefix>P0` (`priority: P0`), a bare `P0`, or a P0-bug label. */
export function priorityOf(labels: string[], prefix: string, p0Labels: Set<string>): Priority | undefined {
  const lower = labels.map((l) => l.toLowerCase());
  if (lower.some((l) => p0Labels.has(l))) return "P0";
  for (const p of ["P0", "P1", "P2"] as const) {
    if (lower.includes(`${prefix}${p}`.toLowerCase()) || lower.includes(p.toLowerCase())) return p;
  }
  return undefined;
}
