import {
  ASK_LIMITS,
  answersIn,
  askRateLimit,
  limitMarker,
  parseAsk,
  renderAnswer,
  type ThreadFacts,
} from "../agents/ask.js";
import { taskFacts } from "../agents/facts.js";
import { type AgentRequest, askAgent, spendEntry, worstCaseUsd } from "../agents/llm.js";
import type { Config } from "../config/schema.js";
import { acknowledge, postComment, replyCause } from "../github/comments.js";
import { authorizeWriter } from "../github/permissions.js";
import { readEpicPlan } from "../github/task-plan.js";
import { readThread, type Thread } from "../github/thread.js";
import { previewMarker } from "../markers.js";
import { configOrReport } from "./config-report.js";
import type { JobSpec, RepoRef } from "./job.js";
import { type LlmAccess, llmAccess, recordSpend, spendRefusal } from "./llm-spend.js";
import type { JobDeps } from "./types.js";

/** `/flightdeck ask <role> <question>` from a comment on an issue or pull request. */
export interface AgentsAskJob extends RepoRef {
  issue: number;
  sender: string;
  commentId: number;
  /** Everything after `ask`. */
  args: string;
}

/** Queue key of a thread's answers: one at a time, so the rate limit counts every answer. */
export function askKey(repo: { owner: string; repo: string }, issue: number): string {
  return `${repo.owner}/${repo.repo}#${issue}@ask`;
}

/**
 * Answers a question in role, in the thread, for users with write access. With Claude (and
 * budget) the role's agent answers from the thread's context passed as JSON data: the issue or
 * pull request, its recent comments, the epic's plan for a task, the diff summary and the gate's
 * evidence for a pull request. Without, it says why and gives the facts. Rate limits: ASK_LIMITS.
 */
export const agentsAsk: JobSpec<"agents.ask"> = {
  async run(ctx, d) {
    const { deps } = ctx;
    const { octokit } = deps;
    const where = { owner: d.owner, repo: d.repo };
    const ref = { ...where, issue_number: d.issue };
    const auth = await authorizeWriter(octokit, d.owner, d.repo, d.sender);
    if (!auth.allowed) return;
    const config = await configOrReport(deps, d, d.issue);
    if (!config) return;
    await acknowledge(octokit, ref, d.commentId);
    const ask = parseAsk(d.args);
    if (!ask.ok) {
      await postComment(octokit, ref, ask.error, replyCause(deps.appId, ctx.job, d.commentId));
      return;
    }
    const now = deps.now();
    const thread = await readThread(octokit, where, d.issue, deps.appId);
    const own = answersIn(thread.comments.filter((c) => c.fromThisApp).map((c) => c.body));
    const limited = askRateLimit(own.answers, d.sender, now);
    if (limited) {
      // One notice per hour says so; further asks in that hour get only the 👀.
      if (!own.notices.some((n) => now.getTime() - n.getTime() < 3_600_000))
        await postComment(
          octokit,
          ref,
          `${limitMarker(now)}\nNo answer: ${limited}. Ask again later.`,
          replyCause(deps.appId, ctx.job, d.commentId),
        );
      return;
    }
    const facts = await threadFacts(deps, where, config, thread);
    const access = await llmAccess(deps, where, config, facts.task?.epic);
    const persona = config.agents[ask.role]?.name;
    const request = {
      role: ask.role,
      ...(persona ? { persona } : {}),
      purpose: "ask" as const,
      data: contextData(thread, facts),
      question: ask.question,
    };
    let why = access.ok ? undefined : access.why;
    let answer: Awaited<ReturnType<typeof askAgent>> | undefined;
    if (access.ok) {
      why = askRefusal(access, config, request, d.sender, now);
      if (!why) {
        try {
          answer = await askAgent(access.client, request, config.llm);
        } catch (error) {
          why = `the Claude API call failed (${(error as Error).message.slice(0, 200)})`;
        }
      }
      if (answer) {
        const call = { purpose: "ask", issue: d.issue, user: d.sender.toLowerCase() };
        const epic = facts.task ? { epic: facts.task.epic } : {};
        await recordSpend(ctx, d, [spendEntry(answer, now, { ...call, ...epic })]);
        if (!answer.text) {
          why = "Claude's answer was empty";
          answer = undefined;
        }
      }
    }
    await postComment(
      octokit,
      ref,
      renderAnswer({
        role: ask.role,
        ...(persona ? { persona } : {}),
        asker: d.sender,
        question: ask.question,
        facts,
        at: now,
        ...(answer ? { answer } : {}),
        ...(why ? { why } : {}),
      }),
      replyCause(deps.appId, ctx.job, d.commentId),
    );
  },
};

/**
 * Why an LLM answer may not be given: the per-person daily limit (from the month's ledger) or the
 * budget. Undefined: go ahead.
 */
function askRefusal(
  access: Extract<LlmAccess, { ok: true }>,
  config: Config,
  request: AgentRequest,
  asker: string,
  now: Date,
): string | undefined {
  const dayAgo = now.getTime() - 86_400_000;
  const mine = access.entries.filter(
    (e) => e.purpose === "ask" && e.user === asker.toLowerCase() && Date.parse(e.at) > dayAgo,
  );
  if (mine.length >= ASK_LIMITS.llmPerUserPerDay)
    return `you had ${ASK_LIMITS.llmPerUserPerDay} LLM answers in the last 24 hours (the limit per person)`;
  return spendRefusal(access, config, worstCaseUsd(request, config.llm.model, config.llm.pricing));
}

/** The thread's deterministic facts, with the task's place in its epic when it is a task. */
async function threadFacts(
  deps: JobDeps,
  where: { owner: string; repo: string },
  config: Config,
  thread: Thread,
): Promise<ThreadFacts> {
  const facts: ThreadFacts = {
    kind: thread.kind,
    number: thread.number,
    state: thread.state,
    labels: thread.labels,
    assignees: thread.assignees,
    ...(thread.diff ? { diff: thread.diff } : {}),
    ...(thread.gate ? { gate: { conclusion: thread.gate.conclusion, title: thread.gate.title } } : {}),
  };
  if (!thread.task) {
    // An epic: this App's plan preview is in the thread.
    const preview = previewMarker(thread.number);
    if (!thread.comments.some((c) => c.fromThisApp && c.body.includes(preview))) return facts;
    const read = await readEpicPlan(
      deps.octokit,
      { ...where, epic: thread.number },
      { ...deps, config, now: deps.now() },
    );
    if (!read.ok) return facts;
    const { plan, schedule, issues } = read.epic;
    facts.epicPlan = {
      tasks: plan.tasks.map((t) => ({
        key: t.key,
        title: t.title,
        role: t.role,
        priority: t.priority,
        estimateHours: t.estimateHours,
        dependsOn: t.dependsOn,
      })),
      created: issues.size,
      criticalPath: schedule.criticalPath.keys,
      criticalPathHours: schedule.criticalPath.hours,
      forecast: schedule.forecast,
    };
    return facts;
  }
  const { epic, key } = thread.task;
  const read = await readEpicPlan(deps.octokit, { ...where, epic }, { ...deps, config, now: deps.now() });
  if (!read.ok || !read.epic.plan.tasks.some((t) => t.key === key)) return facts;
  const { plan, schedule, start, issues } = read.epic;
  facts.task = taskFacts(plan, schedule, key, {
    repository: `${where.owner}/${where.repo}`,
    epic,
    issue: thread.number,
    issues,
    start,
    workdays: config.capacity.workdays,
  });
  return facts;
}

/** What the agent reads, as data: the thread (cut to size), its facts. */
function contextData(thread: Thread, facts: ThreadFacts): Record<string, unknown> {
  return {
    thread: {
      kind: thread.kind,
      title: thread.title,
      body: thread.body.slice(0, 4000),
      recentComments: thread.comments.slice(-10).map((c) => ({
        author: c.fromThisApp ? "flightdeck" : c.author,
        body: c.body.slice(0, 1000),
      })),
    },
    facts,
    ...(thread.gate?.summary ? { gateSummary: thread.gate.summary.slice(0, 3000) } : {}),
  };
}
