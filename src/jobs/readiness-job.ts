import type { Config } from "../config/schema.js";
import { isFromThisApp } from "../github/comments.js";
import { loadRepoConfig } from "../github/config.js";
import type { Octokit } from "../github/octokit.js";
import { readReadinessInput, releaseCommit } from "../github/readiness-evidence.js";
import { checklistVersion } from "../release/checklist.js";
import { updateReadinessBody } from "../release/readiness-body.js";
import type { Job, JobSpec, RepoRef } from "./job.js";
import type { JobDeps } from "./types.js";

/** Queue key of one release issue's readiness report: its updates run one at a time. */
export function readinessKey(repo: { owner: string; repo: string }, issue: number): string {
  return `${repo.owner}/${repo.repo}#${issue}@readiness`;
}

/**
 * Rebuilds the readiness report of one release issue from the evidence and writes it when it
 * changed (PATCH /repos/{o}/{r}/issues/{n}, body only). Only an open issue this App opened with a
 * checklist marker is a release issue (GET …/issues/{n}, `isFromThisApp`): a look-alike is left
 * alone. People's text and manual ticks outside the section are kept (updateReadinessBody).
 * @returns what happened
 */
export async function runReadinessJob(
  deps: JobDeps,
  job: RepoRef & { issue: number },
): Promise<"updated" | "unchanged" | "skipped"> {
  const repo = { owner: job.owner, repo: job.repo };
  const { data: issue } = await deps.octokit.rest.issues.get({ ...repo, issue_number: job.issue });
  const version = checklistVersion(issue.body);
  if (issue.state !== "open" || !isFromThisApp(issue, deps.appId) || !version) return "skipped";
  const loaded = await loadRepoConfig(deps.octokit, job);
  if (!loaded.ok) {
    deps.log.warn(`readiness of #${job.issue}: invalid config in ${loaded.source}`);
    return "skipped";
  }
  const input = await readReadinessInput(deps.octokit, job, {
    version,
    config: loaded.config,
    appId: deps.appId,
    now: deps.now(),
  });
  const body = issue.body ?? "";
  const next = updateReadinessBody(body, input);
  if (next.body === body) return "unchanged";
  await deps.octokit.rest.issues.update({ ...repo, issue_number: job.issue, body: next.body });
  deps.log.info(`readiness of ${version} (#${job.issue}): ${next.readiness.decision}`);
  return "updated";
}

/** One release issue's readiness update; waiting updates of an issue coalesce (each reads everything afresh). */
export const releaseReadiness: JobSpec<"release.readiness"> = {
  async run({ deps }, d) {
    await runReadinessJob(deps, d);
  },
  merge: (_waiting, next) => next,
  coalesce: { id: () => "" },
};

/** Labels whose change can change a readiness report: defects, priorities, P0 bugs, checklists. */
function relevantLabels(config: Config): Set<string> {
  const out = new Set(
    [config.release.defectLabel, config.release.checklistLabel, "P0", "P1", "P2"].map((l) => l.toLowerCase()),
  );
  for (const p of ["P0", "P1", "P2"]) out.add(`${config.labels.priority}${p}`.toLowerCase());
  for (const policy of Object.values(config.gates.deployments)) out.add(policy.p0Bugs.label.toLowerCase());
  return out;
}

/** Open release issues this App opened (GET …/issues?labels=<checklist label>&state=open). */
async function openReleaseIssues(octokit: Octokit, repo: RepoRef, config: Config, appId: number) {
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.repo,
    labels: config.release.checklistLabel,
    state: "open",
    per_page: 100,
  });
  return open.filter((i) => !i.pull_request && isFromThisApp(i, appId) && checklistVersion(i.body));
}

/**
 * New evidence for a repository — a report check run completed on `shas`, or an issue with
 * `labels` changed — fans out one `release.readiness` job per open release issue it concerns:
 * for check runs, those whose release commit (releaseCommit) is one of `shas`; for issues, all
 * of them when a label is a defect, priority, P0-bug or checklist label. Waiting jobs of a
 * repository coalesce (their commits and labels are united; on Redis, into one that updates them all).
 */
export const releaseEvidence: JobSpec<"release.evidence"> = {
  window: true,
  async run({ deps, enqueue, job }, d) {
    const loaded = await loadRepoConfig(deps.octokit, d);
    if (!loaded.ok) return;
    const config = loaded.config;
    const relevant = relevantLabels(config);
    const byLabel = d.all === true || (d.labels ?? []).some((l) => relevant.has(l.toLowerCase()));
    if (!byLabel && !d.shas?.length) return;
    for (const issue of await openReleaseIssues(deps.octokit, d, config, deps.appId)) {
      if (!byLabel) {
        const commit = await releaseCommit(deps.octokit, d, checklistVersion(issue.body) as string);
        if (!d.shas?.includes(commit.sha)) continue;
      }
      await enqueue(readinessJobFor(job, d, issue.number));
    }
  },
  merge: (waiting, next) => ({
    ...next,
    shas: [...new Set([...(waiting.shas ?? []), ...(next.shas ?? [])])],
    labels: [...new Set([...(waiting.labels ?? []), ...(next.labels ?? [])])],
    ...(waiting.all || next.all ? { all: true } : {}),
  }),
  // A first-wins store (Redis) cannot unite commits and labels: the folded job updates every
  // open release issue (each update reads everything afresh; no event's evidence is lost).
  coalesce: { id: () => "", data: ({ shas: _shas, labels: _labels, ...rest }) => ({ ...rest, all: true }) },
};

/** The readiness job of one release issue, caused by `parent` (same installation and delivery). */
export function readinessJobFor(parent: Job, repo: RepoRef, issue: number): Job<"release.readiness"> {
  return {
    kind: "release.readiness",
    key: readinessKey(repo, issue),
    installationId: parent.installationId,
    deliveryId: parent.deliveryId,
    data: { owner: repo.owner, repo: repo.repo, defaultBranch: repo.defaultBranch, issue },
  };
}
