import { openChecklist } from "../github/checklist.js";
import { acknowledge, postComment, replyCause } from "../github/comments.js";
import { authorizeWriter } from "../github/permissions.js";
import { validVersion } from "../release/checklist.js";
import { configOrReport } from "./config-report.js";
import type { JobSpec } from "./job.js";
import { readinessJobFor } from "./readiness-job.js";

/**
 * `/flightdeck launch <version>` by a release manager — a member of the `release.managerRole`
 * team with write access, or an admin — opens the release's readiness checklist (once per
 * version: it is looked up before it is created, inside the repository's launch lease), queues
 * its readiness report (release.readiness) and answers with a link. Anyone without write access
 * causes no writes.
 */
export const launchCommand: JobSpec<"launch"> = {
  async run({ deps, enqueue, job }, d) {
    const { octokit } = deps;
    const reply = replyCause(deps.appId, job, d.commentId);
    const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) return;
    const config = await configOrReport(deps, d, d.issue);
    if (!config) return;
    const managers = (config.team[config.release.managerRole] ?? []).map((l) => l.toLowerCase());
    const ref = { owner: d.owner, repo: d.repo, issue_number: d.issue };
    if (auth.permission !== "admin" && !managers.includes(d.sender.toLowerCase())) {
      await postComment(
        octokit,
        ref,
        `Only release managers can start a launch: the \`${config.release.managerRole}\` team in \`.github/flightdeck.yml\` (\`release.managerRole\`), or repository admins.`,
        reply,
      );
      return;
    }
    const version = d.args.split(/\s+/)[0] ?? "";
    if (!validVersion(version)) {
      await postComment(
        octokit,
        ref,
        "Usage: `/flightdeck launch <version>`, e.g. `/flightdeck launch v1.4.0`.",
        reply,
      );
      return;
    }
    await acknowledge(octokit, ref, d.commentId);
    const result = await openChecklist(
      octokit,
      { owner: d.owner, repo: d.repo },
      {
        version,
        label: config.release.checklistLabel,
        ...(config.release.checklistTemplate ? { template: config.release.checklistTemplate } : {}),
      },
    );
    // The readiness report fills in from the evidence already there (and on every new piece).
    await enqueue(readinessJobFor(job, d, result.number));
    await postComment(
      octokit,
      ref,
      result.created
        ? `🚀 Launch of ${version} started: the readiness checklist is #${result.number}. Production deploys wait for it when the environment's policy has \`checklist: block\`.`
        : `The readiness checklist of ${version} is already open: #${result.number}.`,
      reply,
    );
  },
};
