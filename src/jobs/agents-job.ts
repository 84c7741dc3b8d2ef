import { type Authorship, briefMarker, renderBrief } from "../agents/brief.js";
import { taskFacts } from "../agents/facts.js";
import { askAgent, spendEntry, worstCaseUsd } from "../agents/llm.js";
import type { SpendEntry } from "../budget/ledger.js";
import type { Config } from "../config/schema.js";
import {
  acknowledge,
  findMarkedComment,
  isFromThisApp,
  postComment,
  replyCause,
} from "../github/comments.js";
import { authorizeWriter } from "../github/permissions.js";
import { readEpicPlan } from "../github/task-plan.js";
import { parseTaskMarker } from "../markers.js";
import { configOrReport } from "./config-report.js";
import type { Job, JobSpec, RepoRef } from "./job.js";
import { type LlmAccess, llmAccess, recordSpend, spendRefusal } from "./llm-spend.js";

/**
 * Briefs of an epic's tasks by their role agents. After apply (no `sender`): every task whose
 * sub-issue has no brief yet. From `/flightdeck brief` in a task (`task`, `sender`): that task,
 * its brief refreshed. Runs under the epic's key, so two briefs of one task never race.
 */
export interface AgentsBriefJob extends RepoRef {
  epic: number;
  /** The task issue a `/flightdeck brief` came from. */
  task?: number;
  sender?: string;
  commentId?: number;
}

/** The job that briefs every task of an applied epic, under the epic's key (after its apply job). */
export function briefJob(
  repo: RepoRef,
  epic: number,
  from: { installationId: number; deliveryId: string },
): Job<"agents.brief"> {
  const data = { owner: repo.owner, repo: repo.repo, defaultBranch: repo.defaultBranch, epic };
  const key = `${repo.owner}/${repo.repo}#${epic}`;
  return {
    kind: "agents.brief",
    key,
    installationId: from.installationId,
    deliveryId: from.deliveryId,
    data,
  };
}

/**
 * Posts each task's opening brief once (hidden marker, looked up among this App's comments on
 * the sub-issue before posting): from templates, or written by Claude when a key is set and the
 * budget allows — its cost recorded in the ledger. The plan is recovered from GitHub (the epic's
 * sealed preview and the sub-issues' markers), so any worker can run it.
 */
export const agentsBrief: JobSpec<"agents.brief"> = {
  async run(ctx, d) {
    const { deps } = ctx;
    const { octokit } = deps;
    const where = { owner: d.owner, repo: d.repo };
    if (d.sender) {
      const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
      if (!auth.allowed) return;
    }
    const config = await configOrReport(deps, d, d.task ?? d.epic);
    if (!config) return;
    let epic = d.epic;
    if (d.task !== undefined) {
      const ref = { ...where, issue_number: d.task };
      if (d.commentId) await acknowledge(octokit, ref, d.commentId);
      const { data: issue } = await octokit.rest.issues.get(ref);
      const marker = isFromThisApp(issue, deps.appId) ? parseTaskMarker(issue.body) : undefined;
      if (!marker) {
        await postComment(
          octokit,
          ref,
          "`/flightdeck brief` works in the tasks Flightdeck created from an epic's plan; this issue is not one of them.",
          replyCause(deps.appId, ctx.job, d.commentId),
        );
        return;
      }
      epic = marker.epic;
    }
    const read = await readEpicPlan(octokit, { ...where, epic }, { ...deps, config, now: deps.now() });
    if (!read.ok) {
      if (d.task !== undefined)
        await postComment(
          octokit,
          { ...where, issue_number: d.task },
          `No brief: ${read.reason}.`,
          replyCause(deps.appId, ctx.job, d.commentId),
        );
      deps.log.warn(`no briefs for ${d.owner}/${d.repo}#${epic}: ${read.reason}`);
      return;
    }
    const { plan, schedule, start, issues } = read.epic;
    const targets = [...issues].filter(([, n]) => d.task === undefined || n === d.task);
    // Read the budget only when a brief is to be written (a re-apply usually writes none).
    let access: LlmAccess | undefined;
    const entries: SpendEntry[] = [];
    // Calls already made count even when a later write fails (the retry skips what was posted).
    try {
      for (const [key, number] of targets) {
        const ref = { ...where, issue_number: number };
        const marker = briefMarker(epic, key);
        const existing = await findMarkedComment(octokit, ref, marker, deps.appId);
        if (existing && d.task === undefined) continue;
        const task = plan.tasks.find((t) => t.key === key);
        if (!task) continue;
        const persona = config.agents[task.role]?.name;
        const facts = taskFacts(plan, schedule, key, {
          repository: `${d.owner}/${d.repo}`,
          epic,
          issue: number,
          issues,
          start,
          workdays: config.capacity.workdays,
          ...(persona ? { persona } : {}),
        });
        access ??= await llmAccess(deps, where, config, epic);
        const authorship = await writeBrief(deps.now(), access, config, facts, entries);
        const body = renderBrief(facts, authorship);
        if (existing) {
          if ((existing.body ?? "").trim() !== body.trim())
            await octokit.rest.issues.updateComment({ ...where, comment_id: existing.id, body });
        } else await octokit.rest.issues.createComment({ ...ref, body }); // found again by its brief marker
      }
    } finally {
      await recordSpend(ctx, d, entries);
    }
  },
  // Briefs after apply coalesce (each run briefs every task still without one); commands never do.
  merge: (waiting, next) => (!waiting.sender && !next.sender ? next : undefined),
  coalesce: { id: (d) => (d.sender ? `command-${d.commentId}` : "apply") },
};

/** Claude's playbook for the task when allowed, else the templates with the reason. */
async function writeBrief(
  now: Date,
  access: LlmAccess,
  config: Config,
  facts: ReturnType<typeof taskFacts>,
  entries: SpendEntry[],
): Promise<Authorship> {
  // Without a client the templates are the product, not a fallback: no reason is shown.
  if (!access.ok)
    return access.why.startsWith("no LLM") ? { by: "template" } : { by: "template", reason: access.why };
  const request = {
    role: facts.role,
    ...(facts.persona ? { persona: facts.persona } : {}),
    purpose: "brief" as const,
    data: { ...facts },
  };
  const spent = entries.reduce((a, e) => a + e.usd, 0);
  const refused = spendRefusal(
    access,
    config,
    worstCaseUsd(request, config.llm.model, config.llm.pricing),
    spent,
  );
  if (refused) return { by: "template", reason: refused };
  try {
    const answer = await askAgent(access.client, request, config.llm);
    entries.push(spendEntry(answer, now, { purpose: "brief", issue: facts.issue, epic: facts.epic }));
    if (!answer.text) return { by: "template", reason: "Claude's answer was empty" };
    return { by: "llm", text: answer.text, usd: answer.usd, model: answer.model };
  } catch (error) {
    return {
      by: "template",
      reason: `the Claude API call failed (${(error as Error).message.slice(0, 200)})`,
    };
  }
}
