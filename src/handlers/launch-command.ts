import type { Probot } from "probot";
import { parseCommand } from "../commands.js";
import { openChecklist } from "../github/checklist.js";
import { acknowledge, postComment } from "../github/comments.js";
import type { Octokit } from "../github/octokit.js";
import { authorizeWriter } from "../github/permissions.js";
import { validVersion } from "../release/checklist.js";
import { type AppServices, configOrReport, repoOf } from "./shared.js";

/**
 * `/flightdeck launch <version>` in a new issue comment, by a release manager — a member of the
 * `release.managerRole` team with write access, or an admin — opens the release's readiness
 * checklist (once per version) and answers with a link. Anyone else causes no writes.
 */
export function onLaunchCommand(app: Probot, services: AppServices): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue, sender } = context.payload;
    const command = parseCommand(comment.body);
    if (command?.name !== "launch" || sender.type === "Bot") return;
    const { owner, repo } = repoOf(context);
    const octokit = context.octokit as unknown as Octokit;
    const auth = await authorizeWriter(octokit, owner, repo, sender.login);
    if (!auth.allowed) return;
    const config = await configOrReport(context, services, issue.number);
    if (!config) return;
    const managers = (config.team[config.release.managerRole] ?? []).map((l) => l.toLowerCase());
    const ref = { owner, repo, issue_number: issue.number };
    if (auth.permission !== "admin" && !managers.includes(sender.login.toLowerCase())) {
      await postComment(
        octokit,
        ref,
        `Only release managers can start a launch: the \`${config.release.managerRole}\` team in \`.github/flightdeck.yml\` (\`release.managerRole\`), or repository admins.`,
      );
      return;
    }
    const version = command.args.split(/\s+/)[0] ?? "";
    if (!validVersion(version)) {
      await postComment(
        octokit,
        ref,
        "Usage: `/flightdeck launch <version>`, e.g. `/flightdeck launch v1.4.0`.",
      );
      return;
    }
    await acknowledge(octokit, ref, comment.id);
    const result = await openChecklist(
      octokit,
      { owner, repo },
      {
        version,
        label: config.release.checklistLabel,
        ...(config.release.checklistTemplate ? { template: config.release.checklistTemplate } : {}),
      },
    );
    await postComment(
      octokit,
      ref,
      result.created
        ? `🚀 Launch of ${version} started: the readiness checklist is #${result.number}. Production deploys wait for it when the environment's policy has \`checklist: block\`.`
        : `The readiness checklist of ${version} is already open: #${result.number}.`,
    );
  });
}
