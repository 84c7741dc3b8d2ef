import type { Config } from "../config/schema.js";
import { readBaseline } from "../progress/baseline.js";
import { deriveEpicProgress } from "../progress/epic-state.js";
import { baselineOf, forecastProgress, taskDueDates } from "../progress/forecast.js";
import { buildDigest, type PreviousDigest, type StandupDigest } from "../standup/digest.js";
import { parseStandupMarker, standupMarkdown } from "../standup/render.js";
import { standupTasks } from "../standup/tasks.js";
import { readEpicTasks } from "./epic-tasks.js";
import type { Octokit } from "./octokit.js";

/** The outcome of one epic's standup. */
export interface StandupResult {
  epic: number;
  digest: StandupDigest;
  markdown: string;
  /** What happened on GitHub: nothing (printed only), a new comment, or today's digest updated. */
  posted: "printed" | "created" | "updated" | "unchanged";
}

export interface StandupOptions {
  owner: string;
  repo: string;
  epic: number;
  config: Config;
  now: Date;
  /** Done since this instant (ISO); default: the last digest's time, else 24 hours before `now`. */
  since?: string;
  /** Post (or update today's) digest comment on the epic; otherwise only return it. */
  post: boolean;
  /**
   * The App's plan secret (app only): Mission Control's signed baseline in the epic body is then
   * trusted. Without it (CLI, Action) the baseline is recomputed from the tasks, from the day the
   * first was created — the same start Mission Control's baseline has.
   */
  baselineSecret?: string;
  /**
   * Hook for the optional LLM summary paragraph (issue 10 §5): called with the digest only when
   * the caller has a key and budget; its text is sanitized when rendered. None by default.
   */
  summarize?: (digest: StandupDigest) => Promise<{ text: string; costUsd?: number } | undefined>;
}

/**
 * Builds one epic's standup from Mission Control's read model and forecast and, with `post`,
 * writes it as one comment on the epic: one digest per epic and UTC day, so a re-run the same
 * day updates that comment (read before create) instead of adding another. The previous digest
 * (its time and risks) is the newest digest of an earlier day among the comments the same
 * identity wrote (`viewerDidAuthor`: the App, the workflow's token or the CLI's user), never
 * anyone else's. At risk: open tasks on Mission Control's critical path whose original forecast
 * finish (`taskDueDates` from the baseline) has passed. Reads: one GraphQL query
 * (`readEpicTasks` with the epic's comments); writes: POST /repos/{o}/{r}/issues/{n}/comments or
 * PATCH /repos/{o}/{r}/issues/comments/{id}.
 * @throws Error when the epic does not exist
 */
export async function runStandup(octokit: Octokit, o: StandupOptions): Promise<StandupResult> {
  const read = await readEpicTasks(
    octokit,
    { owner: o.owner, repo: o.repo, epic: o.epic },
    { epicComments: true },
  );
  const day = o.now.toISOString().slice(0, 10);
  const own = read.epic.ownComments ?? [];
  const digests = own
    .map((c) => ({ comment: c, marker: parseStandupMarker(c.body, o.epic) }))
    .filter(
      (d): d is { comment: (typeof own)[number]; marker: PreviousDigest & { day: string } } => !!d.marker,
    );
  const todays = digests.filter((d) => d.marker.day === day).at(-1);
  const previous = digests.filter((d) => d.marker.day < day).at(-1)?.marker;
  const progress = deriveEpicProgress(read, {
    labels: o.config.labels,
    defaultEstimateHours: o.config.planner.defaultEstimateHours,
  });
  const capacity = { team: o.config.team, ...o.config.capacity };
  const baseline =
    (o.baselineSecret ? readBaseline(read.epic.body, o.epic, o.baselineSecret) : undefined) ??
    baselineOf(progress, capacity, new Date(read.epic.createdAt));
  const { tasks, forecasts } = standupTasks(
    progress,
    forecastProgress(progress, capacity, baseline, o.now),
    taskDueDates(progress, capacity, baseline),
  );
  const since = o.since ?? previous?.at ?? new Date(o.now.getTime() - 86_400_000).toISOString();
  const digest = buildDigest({
    epic: { number: read.epic.number, title: read.epic.title },
    tasks,
    forecasts,
    since,
    now: o.now,
    ...(previous ? { previous } : {}),
  });
  const summary = o.summarize ? await o.summarize(digest) : undefined;
  const markdown = standupMarkdown(digest, summary);
  if (!o.post) return { epic: o.epic, digest, markdown, posted: "printed" };
  const ref = { owner: o.owner, repo: o.repo };
  if (todays?.comment.databaseId) {
    // Same day: the marker's `at` changes on every run, so compare what people read.
    const visible = (b: string) => b.replace(/^<!-- flightdeck:standup [^\n]*-->\n/, "").trim();
    if (visible(todays.comment.body) === visible(markdown))
      return { epic: o.epic, digest, markdown, posted: "unchanged" };
    await octokit.rest.issues.updateComment({
      ...ref,
      comment_id: Number(todays.comment.databaseId),
      body: markdown,
    });
    return { epic: o.epic, digest, markdown, posted: "updated" };
  }
  await octokit.rest.issues.createComment({ ...ref, issue_number: o.epic, body: markdown });
  return { epic: o.epic, digest, markdown, posted: "created" };
}

/**
 * The open epics of a repository: open issues with the trigger label, oldest first
 * (GET /repos/{o}/{r}/issues?labels=&state=open, paginated; pull requests skipped).
 */
export async function openEpics(
  octokit: Octokit,
  owner: string,
  repo: string,
  label: string,
): Promise<number[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    labels: label,
    state: "open",
    sort: "created",
    direction: "asc",
    per_page: 100,
  });
  return issues.filter((i) => !i.pull_request).map((i) => i.number);
}
