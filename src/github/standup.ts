import type { Config } from "../config/schema.js";
import { buildDigest, type PreviousDigest, type StandupDigest, type StandupTask } from "../standup/digest.js";
import { forecastTasks } from "../standup/forecast.js";
import { parseStandupMarker, standupMarkdown } from "../standup/render.js";
import type { Octokit } from "./octokit.js";

/** One GraphQL read of an epic for its standup: sub-issues with state, assignees, blockers and open PRs; our comments. */
export const STANDUP_QUERY = `query FlightdeckStandup($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      number
      title
      createdAt
      subIssues(first: 100) {
        nodes {
          number
          title
          body
          state
          closedAt
          viewerDidAuthor
          assignees(first: 10) { nodes { login } }
          labels(first: 20) { nodes { name } }
          blockedBy(first: 50) { nodes { number title state } }
          closedByPullRequestsReferences(first: 5) { nodes { number state } }
        }
      }
      # fullDatabaseId: comment ids on github.com are past 2^31, beyond GraphQL Int (databaseId).
      comments(last: 100) { nodes { fullDatabaseId body createdAt viewerDidAuthor } }
    }
  }
}`;

interface StandupResponse {
  repository: {
    issue: {
      number: number;
      title: string;
      createdAt: string;
      subIssues: {
        nodes: Array<{
          number: number;
          title: string;
          body: string;
          state: "OPEN" | "CLOSED";
          closedAt: string | null;
          viewerDidAuthor: boolean;
          assignees: { nodes: Array<{ login: string }> };
          labels: { nodes: Array<{ name: string }> } | null;
          blockedBy: { nodes: Array<{ number: number; title: string; state: "OPEN" | "CLOSED" }> };
          closedByPullRequestsReferences: { nodes: Array<{ number: number; state: string }> } | null;
        }>;
      };
      comments: {
        nodes: Array<{
          fullDatabaseId: string | null;
          body: string;
          createdAt: string;
          viewerDidAuthor: boolean;
        }>;
      };
    } | null;
  } | null;
}

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
   * Hook for the optional LLM summary paragraph (issue 10 §5): called with the digest only when
   * the caller has a key and budget; its text is sanitized when rendered. None by default.
   */
  summarize?: (digest: StandupDigest) => Promise<{ text: string; costUsd?: number } | undefined>;
}

/**
 * Builds one epic's standup and, with `post`, writes it as one comment on the epic: one digest
 * per epic and UTC day, so a re-run the same day updates that comment (read before create)
 * instead of adding another. The previous digest (its time and risks) is the newest digest of an
 * earlier day among the comments the same identity wrote (`viewerDidAuthor`: the App, the
 * workflow's token or the CLI's user), never anyone else's. Reads: one GraphQL query; writes:
 * POST /repos/{o}/{r}/issues/{n}/comments or PATCH /repos/{o}/{r}/issues/comments/{id}.
 * @throws Error when the epic does not exist
 */
export async function runStandup(octokit: Octokit, o: StandupOptions): Promise<StandupResult> {
  const data = await octokit.graphql<StandupResponse>(STANDUP_QUERY, {
    owner: o.owner,
    name: o.repo,
    number: o.epic,
  });
  const issue = data.repository?.issue;
  if (!issue) throw new Error(`Issue #${o.epic} was not found in ${o.owner}/${o.repo}.`);
  const day = o.now.toISOString().slice(0, 10);
  const own = issue.comments.nodes.filter((c) => c.viewerDidAuthor);
  const digests = own
    .map((c) => ({ comment: c, marker: parseStandupMarker(c.body, o.epic) }))
    .filter(
      (d): d is { comment: (typeof own)[number]; marker: PreviousDigest & { day: string } } => !!d.marker,
    );
  const todays = digests.filter((d) => d.marker.day === day).at(-1);
  const previous = digests.filter((d) => d.marker.day < day).at(-1)?.marker;
  const applied = own.find((c) => c.body.includes(`<!-- flightdeck:applied epic=${o.epic} `));
  const nodes = issue.subIssues.nodes;
  const tasks: StandupTask[] = nodes.map((n) => ({
    number: n.number,
    title: n.title,
    state: n.state === "OPEN" ? "open" : "closed",
    closedAt: n.closedAt,
    assignees: n.assignees.nodes.map((a) => a.login),
    blockedBy: n.blockedBy.nodes.map((b) => ({ number: b.number, title: b.title, open: b.state === "OPEN" })),
    openPullRequests: (n.closedByPullRequestsReferences?.nodes ?? [])
      .filter((p) => p.state === "OPEN")
      .map((p) => p.number),
  }));
  const forecasts = forecastTasks(
    nodes.map((n) => ({
      number: n.number,
      blockedBy: n.blockedBy.nodes.map((b) => b.number),
      ...(n.viewerDidAuthor ? { ownBody: n.body } : {}),
      labels: (n.labels?.nodes ?? []).map((l) => l.name),
    })),
    o.config,
    new Date(applied?.createdAt ?? issue.createdAt),
  );
  const since = o.since ?? previous?.at ?? new Date(o.now.getTime() - 86_400_000).toISOString();
  const digest = buildDigest({
    epic: { number: issue.number, title: issue.title },
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
  if (todays?.comment.fullDatabaseId) {
    // Same day: the marker's `at` changes on every run, so compare what people read.
    const visible = (b: string) => b.replace(/^<!-- flightdeck:standup [^\n]*-->\n/, "").trim();
    if (visible(todays.comment.body) === visible(markdown))
      return { epic: o.epic, digest, markdown, posted: "unchanged" };
    await octokit.rest.issues.updateComment({
      ...ref,
      comment_id: Number(todays.comment.fullDatabaseId),
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
