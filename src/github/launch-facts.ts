import type { Config } from "../config/schema.js";
import { commitEvidence, LAUNCH_KINDS } from "../gates/commit-evidence.js";
import type { EpicOutcome, LaunchFacts, TaskOutcome } from "../launch/facts.js";
import { parseTaskMarker, previewMarker, unsealPlan } from "../markers.js";
import { scheduleWithConfig } from "../planner/index.js";
import { addWorkdays, isoDate } from "../planner/schedule.js";
import { Plan, ROLES, type Role } from "../planner/schema.js";
import { sameVersion } from "../release/checklist.js";
import { listCommitRuns } from "./checks.js";
import { findMarkedComment, isFromThisApp } from "./comments.js";
import { addLeadTimes, readDeploymentHistory } from "./deployment-history.js";
import type { Octokit } from "./octokit.js";

type Repo = { owner: string; repo: string };

/** What to report on, and whom to trust. */
export interface LaunchInput {
  /** The release (its checklist issue and milestone), or absent for one epic's report. */
  version?: string;
  /** The epics to cover: the release's (from its milestone) when absent. */
  epics?: number[];
  /** The released commit, when known (a deployment_status event); else the newest successful deployment. */
  sha?: string;
  environment: string;
  windowDays: number;
  now: Date;
  config: Config;
  /** This App's id: plans and task markers are read only from what it wrote. */
  appId: number;
  /** Key that signed the previews' plans. */
  secret: string;
  /** Deployments older than this (ISO) are not the release's own (the release issue's creation). */
  since?: string;
}

/**
 * Gathers a launch report's facts from GitHub: the deployment history with outcomes and lead
 * times, the released commit and its evidence (QA, load, deploy and watch reports from GitHub
 * Actions' check runs only — a check run's name proves nothing), and each epic's sealed plan
 * (the preview comment this App wrote, verified) with its sub-issues' open and close times.
 */
export async function gatherLaunchFacts(
  octokit: Octokit,
  repo: Repo,
  input: LaunchInput,
): Promise<LaunchFacts> {
  const deployments = await readDeploymentHistory(octokit, repo, input.now, input.windowDays);
  await addLeadTimes(octokit, repo, deployments, input.environment);
  const candidates = deployments
    .filter((d) => d.environment === input.environment && d.outcome === "success" && d.finishedAt)
    .filter((d) => (input.sha ? d.sha === input.sha : !input.since || d.createdAt >= input.since))
    .sort((a, b) => (b.finishedAt as string).localeCompare(a.finishedAt as string));
  const shipped = candidates[0];
  const release = shipped
    ? { sha: shipped.sha, deployedAt: shipped.finishedAt as string, deploymentId: shipped.id }
    : undefined;
  const evidence = release ? await readEvidence(octokit, repo, release.sha) : {};
  // A watch that rolled the released commit back makes its deployment a change failure.
  const watch = evidence.watch;
  if (shipped && watch?.rollback?.ran && (!watch.environment || watch.environment === input.environment)) {
    shipped.outcome = "rolled_back";
    shipped.finishedAt = watch.createdAt;
    shipped.reason = watch.rollback.reason;
  }
  const numbers = input.epics ?? (input.version ? await releaseEpics(octokit, repo, input) : []);
  const epics: EpicOutcome[] = [];
  for (const n of numbers.slice(0, 20)) epics.push(await readEpicOutcome(octokit, repo, n, input));
  return {
    repository: `${repo.owner}/${repo.repo}`,
    ...(input.version ? { version: input.version } : {}),
    environment: input.environment,
    now: input.now.toISOString(),
    windowDays: input.windowDays,
    epics,
    deployments,
    ...(release ? { release } : {}),
    ...evidence,
  };
}

type Evidence = Partial<Pick<LaunchFacts, "qa" | "load" | "deploy" | "watch" | "evidenceProblems">>;

/**
 * The released commit's QA, load, deploy and watch reports by commitEvidence's rule: GitHub
 * Actions' check runs only, the newest of each name decides; when it cannot be used (unreadable,
 * another kind, another commit), that is an evidence problem, never replaced by an older report.
 */
async function readEvidence(octokit: Octokit, repo: Repo, sha: string): Promise<Evidence> {
  const found = commitEvidence(
    await listCommitRuns(octokit, repo, sha),
    { sha, repository: `${repo.owner}/${repo.repo}` },
    LAUNCH_KINDS,
  );
  return {
    ...(found.qa ? { qa: found.qa.report } : {}),
    ...(found.load ? { load: found.load.report } : {}),
    ...(found.deploy ? { deploy: found.deploy.report } : {}),
    ...(found.watch ? { watch: found.watch.report } : {}),
    ...(found.problems.length ? { evidenceProblems: found.problems } : {}),
  };
}

/**
 * The epics of a release: issues with the trigger label in the milestone titled like the
 * version (`v1.4.0` or `1.4.0`), GET /repos/{o}/{r}/milestones and GET …/issues?milestone=.
 */
async function releaseEpics(octokit: Octokit, repo: Repo, input: LaunchInput): Promise<number[]> {
  const milestones = await octokit.paginate(octokit.rest.issues.listMilestones, {
    ...repo,
    state: "all",
    per_page: 100,
  });
  const milestone = milestones.find((m) => sameVersion(m.title, input.version as string));
  if (!milestone) return [];
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    milestone: String(milestone.number),
    labels: input.config.trigger.label,
    state: "all",
    per_page: 100,
  });
  return issues.filter((i) => !i.pull_request).map((i) => i.number);
}

interface SubIssue {
  number: number;
  title: string;
  body?: string | null;
  created_at: string;
  closed_at: string | null;
  state: string;
  labels?: Array<string | { name?: string }>;
  user: { login: string; type: string } | null;
  performed_via_github_app?: { id: number } | null;
}

/**
 * One epic's plan and tasks: the sealed plan of this App's preview comment (verified with the
 * signing key; a plan that does not verify is not used) and its sub-issues
 * (GET /repos/{o}/{r}/issues/{n}/sub_issues), matched to the plan's tasks by this App's task
 * markers. Planned dates come from the plan's schedule, started on the day the plan was applied
 * (the first sub-issue's creation).
 */
async function readEpicOutcome(
  octokit: Octokit,
  repo: Repo,
  epic: number,
  input: LaunchInput,
): Promise<EpicOutcome> {
  const issue = (await octokit.rest.issues.get({ ...repo, issue_number: epic })).data;
  const ref = { ...repo, issue_number: epic };
  const preview = await findMarkedComment(octokit, ref, previewMarker(epic), input.appId);
  const sealed = preview?.body
    ? unsealPlan(preview.body, input.secret, { repository: `${repo.owner}/${repo.repo}`, epic })
    : undefined;
  const parsed = sealed?.ok ? Plan.safeParse(sealed.sealed.plan) : undefined;
  const plan = parsed?.success ? parsed.data : undefined;
  const subs = (await octokit.paginate(octokit.rest.issues.listSubIssues, {
    ...ref,
    per_page: 100,
  })) as SubIssue[];
  const start = subs.map((s) => s.created_at).sort()[0];
  const schedule =
    plan && start ? scheduleWithConfig(plan, input.config, new Date(start), issue.body ?? "") : undefined;
  const workdays = input.config.capacity.workdays;
  const tasks = subs.map((s): TaskOutcome => {
    const marker = isFromThisApp(s, input.appId) ? parseTaskMarker(s.body) : undefined;
    const task = marker?.epic === epic ? plan?.tasks.find((t) => t.key === marker.key) : undefined;
    const slot = task && schedule ? schedule.timeline[task.key] : undefined;
    return {
      ...(task ? { key: task.key } : {}),
      number: s.number,
      title: s.title,
      role: task?.role ?? roleFromLabels(s, input.config.labels.role),
      estimateHours: task?.estimateHours ?? 0,
      ...(slot && start
        ? {
            plannedStart: isoDate(addWorkdays(new Date(start), Math.floor(slot.start) + 1, workdays)),
            plannedFinish: isoDate(
              addWorkdays(new Date(start), Math.max(1, Math.ceil(slot.finish)), workdays),
            ),
          }
        : {}),
      ...(task && schedule?.criticalPath.keys.includes(task.key) ? { critical: true } : {}),
      createdAt: s.created_at,
      ...(s.closed_at && s.state === "closed" ? { closedAt: s.closed_at } : {}),
    };
  });
  return {
    number: epic,
    title: issue.title,
    planned: plan !== undefined,
    ...(schedule ? { forecast: schedule.forecast } : {}),
    tasks,
  };
}

function roleFromLabels(issue: SubIssue, prefix: string): Role {
  for (const l of issue.labels ?? []) {
    const name = typeof l === "string" ? l : (l.name ?? "");
    const role = name.startsWith(prefix) ? name.slice(prefix.length) : "";
    if ((ROLES as readonly string[]).includes(role)) return role as Role;
  }
  return "product";
}
