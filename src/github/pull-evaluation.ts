import type { Config } from "../config/schema.js";
import { commandsFrom, headSince } from "../gates/commands.js";
import { judgeEvidence } from "../gates/evidence.js";
import { evaluatePullRequestGate, type PullRequestEvidence } from "../gates/pull-request.js";
import { activeSources } from "../gates/security.js";
import type { Verdict } from "../gates/verdict.js";
import type { QaReport } from "../reports/schema.js";
import type { Octokit } from "./octokit.js";
import { PermissionCache } from "./permission-cache.js";
import type { PullRequestFacts } from "./pull-request-facts.js";
import { readSecurityEvidence } from "./security.js";

/** One pull request judged: the verdict, the evidence it was judged on, and what was not evidence. */
export interface PullEvaluation {
  number: number;
  facts: PullRequestFacts;
  evidence: PullRequestEvidence;
  verdict: Verdict;
  /** Why check runs on the head were not accepted as evidence (for the check run's text). */
  untrusted: string[];
}

/**
 * Evaluates a pull request's go/no-go from its facts (`readPullRequestFacts`) and the config of
 * the default branch — the same evaluation for the PR gate, merge groups and deployments: QA
 * evidence only from trusted producers (`judgeEvidence`, following local actions), commands from
 * its comments, approvals bound to its head, write access asked through the API for the role
 * members who spoke (GET …/collaborators…, cached in `permissions`; fail closed) — or of
 * everyone who spoke when `askEveryone` (four-eyes needs to know whether anyone else may approve).
 */
export async function evaluatePull(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  number: number,
  facts: PullRequestFacts,
  config: Config,
  permissions: PermissionCache = new PermissionCache(),
  askEveryone = false,
): Promise<PullEvaluation> {
  const sha = facts.head.sha;
  const qa = judgeEvidence("qa", facts.checkRuns, {
    repository: facts.repository,
    headSha: sha,
    changedFiles: facts.changedFiles,
    workflows: facts.workflows,
    actions: facts.actions,
  });
  const commands = commandsFrom(facts.comments);
  const members = new Set(
    Object.values(config.team)
      .flat()
      .map((l) => (l as string).toLowerCase()),
  );
  const candidates = [...facts.reviews.map((r) => r.user), ...commands.map((c) => c.user)].filter(
    (u) => askEveryone || members.has(u.toLowerCase()),
  );
  const writers = await permissions.canWrite(octokit, repo.owner, repo.repo, candidates);
  const since = headSince(facts.head);
  // Code scanning analyses a pull request on its merge ref (CodeQL's `pull_request` runs).
  const sources = activeSources(config.gates.pullRequest.security);
  const security = sources.length
    ? await readSecurityEvidence(octokit, repo, {
        ref: `refs/pull/${number}/merge`,
        sources,
        htmlBase: facts.url.replace(/\/pull\/\d+$/, ""),
      })
    : undefined;
  const evidence: PullRequestEvidence = {
    headSha: sha,
    ...(since ? { headSince: since } : {}),
    author: facts.author,
    contributors: facts.contributors,
    ...(qa.report?.kind === "qa" ? { qaReport: qa.report as QaReport } : {}),
    ...(qa.problem ? { unreadableQa: qa.problem } : {}),
    untrustedQa: qa.untrusted,
    ...(security ? { security } : {}),
    reviews: facts.reviews,
    commands,
    team: config.team,
    canWrite: (login) => writers.has(login.toLowerCase()),
  };
  const verdict = evaluatePullRequestGate(config.gates.pullRequest, evidence);
  return { number, facts, evidence, verdict, untrusted: qa.untrusted };
}
