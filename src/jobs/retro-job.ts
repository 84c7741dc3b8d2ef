import { acknowledge, findMarkedComment, upsertMarkedComment } from "../github/comments.js";
import { authorizeWriter } from "../github/permissions.js";
import { openRetroIssues } from "../github/retro-issues.js";
import { parseItems } from "../launch/render.js";
import { plural } from "../text/plural.js";
import { configOrReport } from "./config-report.js";
import type { JobSpec } from "./job.js";

/** The prefix of every launch report's marker (release or epic scope, see reportMarker). */
const REPORT = "<!-- flightdeck:launch-report ";

/**
 * `/flightdeck retro apply` on an issue with a launch report: opens each of the report's action
 * items as an issue, once (read before create, inside the issue's key), and answers with one
 * sticky summary. The items are read only from the report comment this App wrote. Write access
 * only; anyone else causes no writes.
 */
export const retroApply: JobSpec<"retro.apply"> = {
  async run({ deps }, d) {
    const { octokit } = deps;
    const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) return;
    const config = await configOrReport(deps, d, d.issue);
    if (!config) return;
    const ref = { owner: d.owner, repo: d.repo, issue_number: d.issue };
    // An epic can carry its own report and its release's: the newest one's items are opened.
    const report = await findMarkedComment(octokit, ref, REPORT, deps.appId, "last");
    const marker = `<!-- flightdeck:retro-applied issue=${d.issue} -->`;
    const answer = (text: string) =>
      upsertMarkedComment(octokit, ref, marker, `${marker}\n${text}`, deps.appId);
    if (!report) {
      await answer("There is no launch report on this issue yet: comment `/flightdeck report` to make one.");
      return;
    }
    await acknowledge(octokit, ref, d.commentId);
    const items = parseItems(report.body ?? "");
    if (!items.length) {
      await answer("The launch report has no action items to open.");
      return;
    }
    const opened = await openRetroIssues(
      octokit,
      { owner: d.owner, repo: d.repo },
      {
        source: d.issue,
        items,
        label: config.release.report.retroLabel,
        appId: deps.appId,
      },
    );
    const lines = opened.map((o) => `- #${o.number} ${o.created ? "opened" : "already open"}`);
    const fresh = opened.filter((o) => o.created).length;
    await answer(
      `Retrospective action items: ${plural(fresh, "issue")} opened now, ${opened.length - fresh} already there.\n\n${lines.join("\n")}`,
    );
  },
};
