import { acknowledge } from "../github/comments.js";
import { authorizeWriter } from "../github/permissions.js";
import { type GateJob, runGateJob } from "./gate-job.js";
import type { Job, JobSpec, RepoRef } from "./job.js";

/** Queue key of a pull request: its evaluations run one at a time, in order. */
export function pullKey(repo: { owner: string; repo: string }, pull: number): string {
  return `${repo.owner}/${repo.repo}!${pull}`;
}

/**
 * One gate evaluation. Waiting evaluations of a pull request coalesce into one: the gate reads
 * commands, reviews and evidence from GitHub at evaluation time, so one evaluation after the
 * last event covers every folded one; the newest head is evaluated (read from the API when the
 * folded jobs disagree).
 */
export const gate: JobSpec<"gate"> = {
  window: true,
  async run({ deps }, d) {
    await runGateJob(deps, d);
  },
  merge(waiting, next) {
    const merged: GateJob = { ...next };
    if (!next.head && waiting.head) delete merged.head; // newest state is read from the API
    return merged;
  },
  coalesce: {
    id: () => "",
    data: ({ head: _head, ...rest }) => rest,
  },
};

/**
 * `/flightdeck go|no-go|withdraw` on an open pull request by a user with write access (asked
 * through the API; anyone else causes no writes): acknowledged with 👀, then the gate runs and
 * reads the command, with every other, from the pull request's comments.
 */
export const gateCommand: JobSpec<"gate.command"> = {
  async run({ deps }, d) {
    const { owner, repo, pull } = d.gate;
    const auth = await authorizeWriter(deps.octokit, owner, repo, d.sender);
    if (!auth.allowed) {
      // The gate ignores their comments anyway; no reaction, and no evaluation to trigger.
      deps.log.info(
        `ignoring /flightdeck command on #${pull} by ${d.sender} (permission: ${auth.permission})`,
      );
      return;
    }
    await acknowledge(deps.octokit, { owner, repo, issue_number: pull }, d.commentId);
    await runGateJob(deps, d.gate);
  },
};

/**
 * New evidence on a commit: one gate job per open pull request whose head it is.
 * `check_run.pull_requests` is empty for pull requests from forks, so those are looked up by
 * commit (GET /repos/{o}/{r}/commits/{sha}/pulls).
 */
export const gateCommit: JobSpec<"gate.commit"> = {
  window: true,
  async run({ deps, enqueue, job }, d) {
    let pulls = d.pulls;
    if (!pulls.length) {
      const { data } = await deps.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner: d.owner,
        repo: d.repo,
        commit_sha: d.sha,
      });
      pulls = data.filter((p) => p.state === "open" && p.head.sha === d.sha).map((p) => p.number);
    }
    for (const pull of pulls) await enqueue(gateJobFor(job, d, pull));
  },
  // An empty list means "look the pull requests up", which covers any listed ones.
  merge: (waiting, next) => ({
    ...next,
    pulls: waiting.pulls.length && next.pulls.length ? [...new Set([...waiting.pulls, ...next.pulls])] : [],
  }),
  coalesce: { id: (d) => d.pulls.join(",") },
};

/** A gate evaluation of `pull`, caused by the same installation and delivery as `parent`. */
export function gateJobFor(parent: Job, repo: RepoRef, pull: number): Job<"gate"> {
  const { owner, repo: name, defaultBranch } = repo;
  return {
    kind: "gate",
    key: pullKey(repo, pull),
    installationId: parent.installationId,
    deliveryId: parent.deliveryId,
    data: { owner, repo: name, defaultBranch, pull },
  };
}
