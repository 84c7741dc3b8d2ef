import { GATE_CHECK_NAME } from "../gates/state.js";
import { parseTaskMarker } from "../markers.js";
import { listCheckRuns } from "./checks.js";
import { isFromThisApp, type ListedComment } from "./comments.js";
import type { Octokit } from "./octokit.js";

/** An issue or pull request thread as `/flightdeck ask` reads it. All text is untrusted. */
export interface Thread {
  kind: "issue" | "pull request";
  number: number;
  title: string;
  body: string;
  state: string;
  labels: string[];
  assignees: string[];
  comments: Array<{ author: string; body: string; fromThisApp: boolean }>;
  /** The task marker, when this App wrote the issue from an epic's plan. */
  task?: { epic: number; key: string };
  diff?: { files: number; additions: number; deletions: number; paths: string[] };
  /** This App's Go/No-Go check run on the pull request's head. */
  gate?: { conclusion: string | null; title: string | null; summary: string | null };
}

/**
 * Reads a thread: the issue (GET /repos/{o}/{r}/issues/{n}) and its comments (paginated); for
 * a pull request also its head (GET /pulls/{n}), the first 100 changed files (GET
 * /pulls/{n}/files) and this App's Go/No-Go check run on the head (GET /commits/{sha}/check-runs;
 * `app.id` must be this App's — a run of that name by anyone else is ignored).
 */
export async function readThread(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  number: number,
  appId: number,
): Promise<Thread> {
  const { data: issue } = await octokit.rest.issues.get({ ...repo, issue_number: number });
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: number,
    per_page: 100,
  })) as ListedComment[];
  const marker = isFromThisApp(issue, appId) ? parseTaskMarker(issue.body) : undefined;
  const thread: Thread = {
    kind: issue.pull_request ? "pull request" : "issue",
    number,
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state,
    labels: issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    comments: comments.map((c) => ({
      author: c.user?.login ?? "ghost",
      body: c.body ?? "",
      fromThisApp: isFromThisApp(c, appId),
    })),
    ...(marker ? { task: marker } : {}),
  };
  if (!issue.pull_request) return thread;
  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
  const { data: files } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: number, per_page: 100 });
  thread.diff = {
    files: pull.changed_files ?? files.length,
    additions: pull.additions ?? files.reduce((a, f) => a + f.additions, 0),
    deletions: pull.deletions ?? files.reduce((a, f) => a + f.deletions, 0),
    paths: files.slice(0, 30).map((f) => f.filename),
  };
  const gate = (await listCheckRuns(octokit, repo, pull.head.sha))
    .filter((r) => r.name === GATE_CHECK_NAME && r.app?.id === appId)
    .sort((a, b) => b.id - a.id)[0];
  if (gate)
    thread.gate = { conclusion: gate.conclusion, title: gate.output.title, summary: gate.output.summary };
  return thread;
}
