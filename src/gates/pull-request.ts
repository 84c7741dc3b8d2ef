import type { PullRequestPolicy } from "../config/schema.js";
import type { Role } from "../planner/schema.js";
import type { QaReport } from "../reports/schema.js";
import type { GateCommand } from "./commands.js";

export type { GateCommand } from "./commands.js";

import { qaCriteria } from "./qa.js";
import { type SecurityEvidence, securityCriteria } from "./security.js";
import { type Criterion, combine, type Verdict } from "./verdict.js";

/** A pull-request review as GitHub reports it (GET /repos/{o}/{r}/pulls/{n}/reviews). */
export interface Review {
  user: string;
  state: string;
  /** The commit the review was made on (`commit_id`). */
  commitId: string;
  submittedAt: string;
}

/** Everything the pull-request gate looks at; gathered by the adapter, judged here. */
export interface PullRequestEvidence {
  headSha: string;
  /**
   * ISO time from which a `/flightdeck go` counts for the head commit (`headSince`); undefined
   * when unknown, and then no `go` counts.
   */
  headSince?: string;
  author: string;
  /** Authors and committers of the pull request's commits: they never approve it. */
  contributors?: string[];
  /** Anyone else whose approvals never count here (the deploy initiator, for four-eyes). */
  nonApprovers?: string[];
  /** The trusted QA report of the head commit (newest trusted check run). */
  qaReport?: QaReport;
  /** Why the newest trusted QA check run's report cannot be used (unreadable, disagreeing). */
  unreadableQa?: string;
  /** Why QA check runs on the head commit were not evidence (other producer, modified workflow). */
  untrustedQa?: string[];
  reviews: Review[];
  /**
   * Open security alerts, read when `policy.security` is set (code scanning on the pull
   * request's merge ref); a source missing here fails closed.
   */
  security?: SecurityEvidence;
  /** Commands from the pull request's comments, derived at each evaluation (`commandsFrom`). */
  commands: GateCommand[];
  team: Partial<Record<Role, string[]>>;
  /**
   * Whether a user may approve: write, maintain or admin on the repository (asked through the
   * API by the adapter; unknown users and errors are false — fail closed).
   */
  canWrite: (login: string) => boolean;
}

/**
 * Evaluates the pull-request go/no-go policy. Pure: evidence in, verdict out.
 *
 * Approvals for role R count distinct members of `team.R` who approved the head commit — an
 * APPROVED review whose `commit_id` is the head SHA (a push makes older ones stale), or a
 * `/flightdeck go` comment created after the head commit was pushed (`headSince`) — never the
 * PR author or anyone who authored or committed its commits, and only users with write access. A member's latest word wins (a later CHANGES_REQUESTED cancels an approval).
 * `/flightdeck no-go <reason>` from any role member with write access blocks until that member
 * withdraws it (`/flightdeck withdraw` or `/flightdeck go`).
 */
export function evaluatePullRequestGate(policy: PullRequestPolicy, evidence: PullRequestEvidence): Verdict {
  const criteria: Criterion[] = [
    ...qaCriteria(
      policy.qa,
      evidence.qaReport,
      evidence.headSha,
      evidence.unreadableQa,
      evidence.untrustedQa,
    ),
    ...securityCriteria(policy.security, evidence.security ?? { ref: "", findings: {} }),
  ];
  const eligible = eligibility(evidence);
  const members = (role: Role) => new Set((evidence.team[role] ?? []).map((l) => l.toLowerCase()));
  const allMembers = new Set(
    Object.values(evidence.team)
      .flat()
      .map((l) => (l as string).toLowerCase()),
  );
  const approvers = approversOfHead(evidence);

  for (const rule of policy.approvals) {
    if (rule.level === "off") continue;
    const role = members(rule.role);
    const got = approvers.filter((u) => role.has(u) && eligible(u)).length;
    criteria.push({
      id: `approvals.${rule.role}`,
      label: `${rule.role} approvals`,
      required: String(rule.count),
      actual: String(got),
      status: got >= rule.count ? "pass" : "missing",
      level: rule.level,
      kind: "approval",
      reason: `${got}/${rule.count} ${rule.role} approval${rule.count === 1 ? "" : "s"}`,
    });
  }

  for (const veto of activeNoGos(
    evidence.commands,
    (u) => allMembers.has(u.toLowerCase()) && evidence.canWrite(u),
  )) {
    criteria.push({
      id: `no-go.${veto.user}`,
      label: `no-go from ${veto.user}`,
      required: "none",
      actual: veto.reason ?? "no reason given",
      status: "fail",
      level: "block",
      kind: "veto",
      reason: `no-go from ${veto.user}: ${veto.reason ?? "no reason given"}`,
    });
  }
  return combine(criteria);
}

/**
 * Who may approve: not the PR author, its commits' authors and committers, nor `nonApprovers`,
 * and only with write access. Logins compare case-insensitively, as on GitHub.
 */
export function eligibility(evidence: PullRequestEvidence): (login: string) => boolean {
  const excluded = new Set(
    [evidence.author, ...(evidence.contributors ?? []), ...(evidence.nonApprovers ?? [])].map((l) =>
      l.toLowerCase(),
    ),
  );
  return (login) => !excluded.has(login.toLowerCase()) && evidence.canWrite(login);
}

/**
 * Lower-cased logins whose latest word on the head commit approves it: an APPROVED review on the
 * head (a later CHANGES_REQUESTED or DISMISSED review cancels it) or a `/flightdeck go` created
 * after the head was pushed (a later `/flightdeck withdraw` cancels it). Eligibility is not
 * applied here (see `eligibility`).
 */
export function approversOfHead(evidence: PullRequestEvidence): string[] {
  type Word = { user: string; at: string; approve: boolean };
  const words: Word[] = [
    ...evidence.reviews
      .filter(
        (r) =>
          r.commitId === evidence.headSha && ["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(r.state),
      )
      .map((r) => ({ user: r.user, at: r.submittedAt, approve: r.state === "APPROVED" })),
    ...evidence.commands
      .filter((c) => c.command === "withdraw" || (c.command === "go" && goCounts(c, evidence.headSince)))
      .map((c) => ({ user: c.user, at: c.at, approve: c.command === "go" })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const latest = new Map<string, boolean>();
  for (const w of words) latest.set(w.user.toLowerCase(), w.approve);
  return [...latest].filter(([, ok]) => ok).map(([u]) => u);
}

/** A `go` counts for the head commit only when its comment was created after the head was pushed. */
function goCounts(command: GateCommand, headSince: string | undefined): boolean {
  return headSince !== undefined && command.at > headSince;
}

/** No-go commands still in force: each user's latest no-go, unless they withdrew or said go since. */
export function activeNoGos(commands: GateCommand[], counts: (user: string) => boolean): GateCommand[] {
  const state = new Map<string, GateCommand | undefined>();
  for (const c of [...commands].sort((a, b) => a.at.localeCompare(b.at))) {
    if (!counts(c.user)) continue;
    state.set(c.user.toLowerCase(), c.command === "no-go" ? c : undefined);
  }
  return [...state.values()].filter((c): c is GateCommand => c !== undefined);
}
