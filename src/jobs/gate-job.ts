import { formatConfigProblems } from "../config/parse.js";
import { evaluatePullRequestGate, type GateCommand, type Review } from "../gates/pull-request.js";
import { decodeGateState, encodeGateState, GATE_CHECK_NAME } from "../gates/state.js";
import { type Verdict, verdictMarkdown } from "../gates/verdict.js";
import { type CheckRunWrite, type ListedCheckRun, listCheckRuns, upsertCheckRun } from "../github/checks.js";
import { loadRepoConfig } from "../github/config.js";
import { PermissionCache } from "../github/permission-cache.js";
import { reportFromCheckText } from "../reports/publish.js";
import { CHECK_NAMES, type QaReport } from "../reports/schema.js";
import type { JobDeps } from "./types.js";

/** A pull request to evaluate, with what the triggering event already told us. */
export interface GateJob {
  owner: string;
  repo: string;
  defaultBranch: string;
  pull: number;
  /** Head commit and author from the webhook payload (read from the API when absent). */
  head?: { sha: string; author: string; url: string };
  /** A command to record on the head commit before evaluating. */
  command?: Omit<GateCommand, "sha">;
  /** The previous head (pull_request.synchronize `before`): its no-go vetoes carry over. */
  carryFrom?: string;
}

const REEVALUATE = {
  label: "Re-evaluate",
  description: "Evaluate the go/no-go gate again",
  identifier: "reevaluate",
};

/**
 * Evaluates a pull request's go/no-go gate and writes the "Flightdeck Go/No-Go" check run on
 * its head commit: the config from the default branch, QA reports from "Flightdeck QA" check
 * runs on the head commit, reviews, and the commands recorded in the gate check run itself. An
 * invalid config makes the check run a failure that names the problem. Writes nothing when the
 * check run is already current.
 */
export async function runGateJob(
  deps: JobDeps & { permissions?: PermissionCache },
  job: GateJob,
): Promise<{ verdict?: Verdict; write: "created" | "updated" | "unchanged" | "skipped" }> {
  const repo = { owner: job.owner, repo: job.repo };
  const octokit = deps.octokit;
  let head = job.head;
  if (!head) {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: job.pull });
    if (data.state !== "open") return { write: "skipped" };
    head = { sha: data.head.sha, author: data.user?.login ?? "", url: data.html_url };
  }
  const loaded = await loadRepoConfig(octokit, { ...repo, defaultBranch: job.defaultBranch });
  const runs = await listCheckRuns(octokit, repo, head.sha);
  const existing = newest(runs.filter((r) => r.name === GATE_CHECK_NAME));
  if (!loaded.ok) {
    const write = await upsertCheckRun(octokit, repo, head.sha, existing, {
      name: GATE_CHECK_NAME,
      conclusion: "failure",
      title: `Invalid ${loaded.file}: no verdict`,
      summary: formatConfigProblems(loaded),
      text: existing?.output.text ?? encodeGateState([]),
      detailsUrl: head.url,
      actions: [REEVALUATE],
    });
    return { write };
  }
  const config = loaded.config;

  let commands = decodeGateState(existing?.output.text);
  if (job.carryFrom && !existing) {
    const before = newest(
      (await listCheckRuns(octokit, repo, job.carryFrom)).filter((r) => r.name === GATE_CHECK_NAME),
    );
    // Approvals were for the old commit; vetoes stand until withdrawn.
    commands = decodeGateState(before?.output.text).filter((c) => c.command !== "go");
  }
  if (job.command) commands = [...commands, { ...job.command, sha: head.sha }];

  let unreadableQa: string | undefined;
  const qaReports = runs
    .filter((r) => r.name === CHECK_NAMES.qa && r.status === "completed")
    .sort((a, b) => (b.completed_at ?? "").localeCompare(a.completed_at ?? ""))
    .flatMap((r) => {
      const parsed = reportFromCheckText(r.output.text);
      if (!parsed.ok) unreadableQa ??= parsed.error;
      return parsed.ok && parsed.report.kind === "qa" ? [parsed.report as QaReport] : [];
    });

  const reviews: Review[] = (
    await octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, pull_number: job.pull, per_page: 100 })
  ).map((r) => ({
    user: r.user?.login ?? "",
    state: r.state,
    commitId: r.commit_id ?? "",
    submittedAt: r.submitted_at ?? "",
  }));
  const members = new Set(
    Object.values(config.team)
      .flat()
      .map((l) => (l as string).toLowerCase()),
  );
  const candidates = [...reviews.map((r) => r.user), ...commands.map((c) => c.user)].filter(
    (u) => members.has(u.toLowerCase()) && u.toLowerCase() !== head.author.toLowerCase(),
  );
  const writers = await (deps.permissions ?? new PermissionCache()).canWrite(
    octokit,
    job.owner,
    job.repo,
    candidates,
  );

  const verdict = evaluatePullRequestGate(config.gates.pullRequest, {
    headSha: head.sha,
    author: head.author,
    qaReports,
    ...(unreadableQa ? { unreadableQa } : {}),
    reviews,
    commands,
    team: config.team,
    canWrite: (login) => writers.has(login.toLowerCase()),
  });
  const run: CheckRunWrite = {
    name: GATE_CHECK_NAME,
    conclusion: verdict.conclusion,
    title: verdict.title,
    summary: `${verdictMarkdown(verdict)}\n\nCommands (write access, in a new comment): \`/flightdeck go\`, \`/flightdeck no-go <reason>\`, \`/flightdeck withdraw\`.`,
    text: encodeGateState(commands),
    detailsUrl: head.url,
    actions: [REEVALUATE],
  };
  const write = await upsertCheckRun(octokit, repo, head.sha, existing, run);
  deps.log.info(
    `gate ${job.owner}/${job.repo}#${job.pull} @ ${head.sha.slice(0, 7)}: ${verdict.conclusion} (${write})`,
  );
  return { verdict, write };
}

function newest(runs: ListedCheckRun[]): ListedCheckRun | undefined {
  return [...runs].sort((a, b) => b.id - a.id)[0];
}
