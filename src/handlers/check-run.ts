import type { Probot } from "probot";
import { GATE_CHECK_NAME } from "../gates/state.js";
import type { Octokit } from "../github/octokit.js";
import { runGateJob } from "../jobs/gate-job.js";
import { CHECK_NAMES } from "../reports/schema.js";
import { pullKey } from "./pull-request.js";
import { type AppServices, jobDeps, repoOf } from "./shared.js";

/**
 * A "Flightdeck QA" check run completed (new evidence), or someone pressed "Re-evaluate" on the
 * gate check run: re-evaluate the gate of every open pull request whose head is that commit.
 * `check_run.pull_requests` is empty for pull requests from forks, so those are looked up by
 * commit (GET /repos/{o}/{r}/commits/{sha}/pulls).
 */
export function onCheckRun(app: Probot, services: AppServices): void {
  app.on(["check_run.completed", "check_run.requested_action"], async (context) => {
    const run = context.payload.check_run;
    const reevaluate =
      context.payload.action === "requested_action" &&
      run.name === GATE_CHECK_NAME &&
      context.payload.requested_action?.identifier === "reevaluate";
    const evidence = context.payload.action === "completed" && run.name === CHECK_NAMES.qa;
    if (!reevaluate && !evidence) return;
    const repo = repoOf(context);
    let pulls = run.pull_requests.filter((p) => p.head.sha === run.head_sha).map((p) => p.number);
    if (!pulls.length) {
      const octokit = context.octokit as unknown as Octokit;
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner: repo.owner,
        repo: repo.repo,
        commit_sha: run.head_sha,
      });
      pulls = data.filter((p) => p.state === "open" && p.head.sha === run.head_sha).map((p) => p.number);
    }
    const deps = jobDeps(context, services);
    for (const pull of pulls) {
      services.queue.enqueue(pullKey(repo, pull), async () => {
        await runGateJob(deps, { ...repo, pull });
      });
    }
  });
}
