import type { Config } from "../config/schema.js";
import { appliedMarker } from "../markers.js";
import {
  BATCH,
  epicBodyWithProgress,
  type Materialized,
  type ReconcilePlan,
  reconcile,
  taskBody,
  taskLabels,
} from "../planner/reconcile.js";
import type { Plan } from "../planner/schema.js";
import { renderSummary } from "../planner/summary.js";
import { plural } from "../text/plural.js";
import {
  ADD_COMMENT,
  createLabelsMutation,
  createSubIssuesMutation,
  linkDependenciesMutation,
  UPDATE_COMMENT,
} from "./documents.js";
import { type EpicRef, type EpicSnapshot, readEpicState } from "./epic-state.js";
import { classifyError } from "./errors.js";
import type { Octokit } from "./octokit.js";

export interface ApplyOptions {
  plan: Plan;
  config: Config;
  /** Task key → login (from the schedule). */
  assignees: Record<string, string>;
  /** Short id of the previewed plan; binds the summary comment to it. */
  planHash: string;
  /**
   * Checked against the state read before any write; a returned reason aborts the run with an
   * ApplyError (nothing written). Used to refuse a plan whose epic changed since the preview.
   */
  precondition?: (state: EpicSnapshot) => string | undefined;
  /** Read and list the writes without making them. */
  dryRun?: boolean;
  /** Wait after a GraphQL secondary-limit error without retry-after, in ms (GitHub advises ≥60 s). */
  rateLimitWaitMs?: number;
  /** Wait after a transient failure (5xx, lost connection), in ms. */
  transientWaitMs?: number;
  /** Rounds of read → write; each resumes where the last stopped. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: { info(msg: string): void; warn(msg: string): void };
  /**
   * Called after each batch of writes with the writes done and planned in this round (labels,
   * sub-issues, dependencies, the epic's progress section, the summary comment), e.g. for a
   * progress bar. A resumed round starts again from what is left.
   */
  progress?: (done: number, planned: number) => void;
}

/** What an apply run did (or, for a dry run, would do). */
export interface ApplyResult {
  /** Sub-issues this run created, by key. */
  created: Array<{ key: string; number: number }>;
  /** Every task's sub-issue after the run. */
  issues: Materialized;
  labelsCreated: string[];
  edgesAdded: number;
  epicUpdated: boolean;
  summaryWritten: boolean;
  /** GitHub API requests made (reads and writes). */
  requests: number;
  /** Writes a dry run would make, in order, in words. */
  plannedWrites: string[];
  unknownUsers: string[];
}

/** Thrown when applying stops; the message says what happened and that re-running resumes. */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly result: ApplyResult,
  ) {
    super(message);
    this.name = "ApplyError";
  }
}

// Octokit's retry plugin re-sends failed requests, including GraphQL "Something went wrong"
// answers to mutations that may have been applied: a duplicate sub-issue. Our rounds re-read
// GitHub instead, so mutations go out exactly once.
const NO_RETRY = { request: { retries: 0 } };

/**
 * Materializes a plan on GitHub: labels, native sub-issues (createIssue with parentIssueId),
 * native blocked-by dependencies (addBlockedBy), the epic's progress section and a summary
 * comment — in about five batched GraphQL requests. Idempotent and resumable: each round
 * re-reads GitHub and writes only what is missing, so redelivery, double confirmation, or a
 * failure after any k writes followed by a retry converge on exactly the planned objects.
 * Mutations are never auto-retried by Octokit (a lost response would otherwise duplicate work);
 * secondary rate limits and transient errors wait and start a new round instead.
 *
 * @throws ApplyError on a permanent failure, or when rounds run out
 */
export async function applyPlan(octokit: Octokit, ref: EpicRef, options: ApplyOptions): Promise<ApplyResult> {
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const result: ApplyResult = {
    created: [],
    issues: new Map(),
    labelsCreated: [],
    edgesAdded: 0,
    epicUpdated: false,
    summaryWritten: false,
    requests: 0,
    plannedWrites: [],
    unknownUsers: [],
  };
  const logins = [...new Set(Object.values(options.assignees))];
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      result.requests++;
      const state = await readEpicState(octokit, ref, logins);
      const refused = options.precondition?.(state);
      if (refused) throw new ApplyError(`Not applied: ${refused}.`, result);
      const rec = reconcile(options.plan, state, options.config.labels, options.assignees);
      result.unknownUsers = rec.unknownUsers;
      if (state.subIssueCount + rec.tasksToCreate.length > 100) {
        throw new ApplyError(
          `Epic #${ref.epic} has ${plural(state.subIssueCount, "sub-issue")}; adding ${rec.tasksToCreate.length} would pass GitHub's limit of 100 per parent.`,
          result,
        );
      }
      if (options.dryRun) {
        result.plannedWrites = describeWrites(rec, options);
        return result;
      }
      await writeRound(octokit, ref, state, rec, options, result);
      return result;
    } catch (error) {
      if (error instanceof ApplyError) throw error;
      const kind = classifyError(error);
      const detail = (error as Error).message.replace(/\.+$/, "");
      if (kind.retryable && attempt < maxAttempts) {
        const wait =
          kind.retryAfterMs ??
          (kind.rateLimited ? (options.rateLimitWaitMs ?? 60_000) : (options.transientWaitMs ?? 5_000));
        options.log?.warn(
          `apply round ${attempt} stopped (${detail}); resuming in ${Math.round(wait / 1000)} s`,
        );
        await sleep(wait);
        continue;
      }
      throw new ApplyError(
        `Applying the plan to #${ref.epic} stopped: ${detail}. ${plural(result.created.length, "sub-issue")} created in this run; ` +
          "nothing is lost — run it again (comment `/flightdeck apply`) to finish the rest.",
        result,
      );
    }
  }
}

async function writeRound(
  octokit: Octokit,
  ref: EpicRef,
  state: EpicSnapshot,
  rec: ReconcilePlan,
  options: ApplyOptions,
  result: ApplyResult,
): Promise<void> {
  const labelIds = new Map(state.labels);
  const planned = rec.labelsToCreate.length + rec.tasksToCreate.length + rec.edgesToAdd.length + 2;
  let done = 0;
  const step = (n: number) => {
    done += n;
    options.progress?.(done, planned);
  };
  options.progress?.(0, planned);
  for (const chunk of chunks(rec.labelsToCreate, BATCH.labels)) {
    const vars: Record<string, unknown> = { repo: state.repositoryId, ...NO_RETRY };
    for (const [i, l] of chunk.entries()) {
      Object.assign(vars, { [`n${i}`]: l.name, [`c${i}`]: l.color, [`d${i}`]: l.description });
    }
    result.requests++;
    const data = await octokit.graphql<Record<string, { label: { id: string; name: string } }>>(
      createLabelsMutation(chunk.length),
      vars,
    );
    for (const v of Object.values(data)) labelIds.set(v.label.name.toLowerCase(), v.label.id);
    result.labelsCreated.push(...chunk.map((l) => l.name));
    step(chunk.length);
  }

  const issues = new Map<string, { id: string; number: number; title: string }>();
  for (const [key, issue] of rec.existing) issues.set(key, issue);
  for (const chunk of chunks(rec.tasksToCreate, BATCH.issues)) {
    const vars: Record<string, unknown> = { repo: state.repositoryId, parent: state.epic.id, ...NO_RETRY };
    chunk.forEach((task, i) => {
      const login = options.assignees[task.key];
      const userId = login ? state.users.get(login.toLowerCase()) : undefined;
      vars[`t${i}`] = task.title;
      vars[`b${i}`] = taskBody(ref.epic, task);
      vars[`l${i}`] = taskLabels(task, options.config.labels).flatMap(
        (l) => labelIds.get(l.name.toLowerCase()) ?? [],
      );
      vars[`a${i}`] = userId ? [userId] : [];
    });
    result.requests++;
    type Created = Record<string, { issue: { id: string; number: number; title: string } } | null>;
    let data: Created;
    try {
      data = await octokit.graphql<Created>(createSubIssuesMutation(chunk.length), vars);
    } catch (error) {
      // A batch can half-succeed; count what was created so the user's message is accurate.
      // GraphqlResponseError carries `data`; @octokit/plugin-retry turns "Something went wrong"
      // into a RequestError 500 whose `response.data.data` holds the same partial result.
      const e = error as { data?: Created; response?: { data?: { data?: Created } } };
      const partial = e.data ?? e.response?.data?.data ?? {};
      chunk.forEach((task, i) => {
        const issue = partial[`i${i}`]?.issue;
        if (issue) result.created.push({ key: task.key, number: issue.number });
      });
      throw error;
    }
    chunk.forEach((task, i) => {
      const issue = data[`i${i}`]?.issue;
      if (!issue) return;
      issues.set(task.key, issue);
      result.created.push({ key: task.key, number: issue.number });
    });
    step(chunk.length);
  }
  result.issues = new Map([...issues].map(([k, v]) => [k, { number: v.number, title: v.title }]));

  const body = epicBodyWithProgress(state.epic.body, options.plan, result.issues);
  const edges = rec.edgesToAdd.map(
    ([blocking, blocked]) => [issues.get(blocked)?.id, issues.get(blocking)?.id] as const,
  );
  const edgeChunks = chunks(edges, BATCH.edges);
  const updateEpic = body !== state.epic.body;
  if (updateEpic && edgeChunks.length === 0) edgeChunks.push([]);
  for (const [n, chunk] of edgeChunks.entries()) {
    const withBody = updateEpic && n === edgeChunks.length - 1;
    const vars: Record<string, unknown> = { ...NO_RETRY };
    for (const [i, [blocked, blocking]] of chunk.entries())
      Object.assign(vars, { [`x${i}`]: blocked, [`y${i}`]: blocking });
    if (withBody) Object.assign(vars, { epic: state.epic.id, epicBody: body });
    result.requests++;
    await octokit.graphql(linkDependenciesMutation(chunk.length, withBody), vars);
    result.edgesAdded += chunk.length;
    if (withBody) result.epicUpdated = true;
    step(chunk.length + (withBody ? 1 : 0));
  }

  const marker = appliedMarker(ref.epic, options.planHash);
  const summary = renderSummary(ref.epic, options.plan, result.issues, marker, rec.unknownUsers);
  const mine = state.ownComments.find((c) => c.body.includes(marker));
  if (mine?.body.trim() !== summary.trim()) {
    result.requests++;
    if (mine) await octokit.graphql(UPDATE_COMMENT, { id: mine.id, body: summary, ...NO_RETRY });
    else await octokit.graphql(ADD_COMMENT, { subject: state.epic.id, body: summary, ...NO_RETRY });
    result.summaryWritten = true;
  }
  // The epic body or the summary may already have been current: nothing left to write.
  if (done < planned) step(planned - done);
}

function describeWrites(rec: ReconcilePlan, options: ApplyOptions): string[] {
  return [
    ...rec.labelsToCreate.map((l) => `create label "${l.name}"`),
    ...rec.tasksToCreate.map((t) => {
      const who = options.assignees[t.key];
      return `create sub-issue ${t.key} "${t.title}" (${t.role}, ${t.priority}${who ? `, assigned to ${who}` : ""})`;
    }),
    ...rec.edgesToAdd.map(([blocking, blocked]) => `add dependency: ${blocked} is blocked by ${blocking}`),
    "write the epic's progress section",
    "post or update the summary comment",
  ];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
