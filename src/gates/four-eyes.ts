import type { PullRequestPolicy } from "../config/schema.js";
import {
  approversOfHead,
  eligibility,
  evaluatePullRequestGate,
  type PullRequestEvidence,
} from "./pull-request.js";

/**
 * Four-eyes on a deployment: why the pull request's approvals do not carry a deployment started
 * by `initiators` (the deployment's creator, the run's actor and re-runner), or undefined when they do. The initiator's own approvals — APPROVED reviews and
 * `/flightdeck go` comments alike, everything the gate counts as an approval — never count:
 * - when a blocking approval rule of `policy` is met with the initiator's approvals and not
 *   without them, the reason names the rules (e.g. "1/2 qa approvals");
 * - when the initiator approved and nobody else eligible did (not the PR author, its committers,
 *   bots or users without write access), the reason says so — also when the policy asks for no
 *   approvals, because the initiator's approval is then the only human one.
 * Pure: evidence as `evaluatePullRequestGate` takes it (the PR's reviews and commands, bound to its head).
 */
export function fourEyesProblem(
  policy: PullRequestPolicy,
  evidence: PullRequestEvidence,
  initiators: string[],
): string | undefined {
  const mine = new Set(initiators.map((l) => l.toLowerCase()));
  const approvers = approversOfHead(evidence);
  const approving = initiators.filter((l) => approvers.includes(l.toLowerCase()));
  if (!approving.length) return undefined;
  const initiator = approving.join(" and ");
  const rule = "four-eyes: a deployer's own approval does not count";
  const withMe = evaluatePullRequestGate(policy, evidence).criteria;
  const without = evaluatePullRequestGate(policy, {
    ...evidence,
    nonApprovers: [...(evidence.nonApprovers ?? []), ...initiators],
  }).criteria;
  const lost = without.filter(
    (c) =>
      c.kind === "approval" &&
      c.level === "block" &&
      c.status !== "pass" &&
      withMe.some((w) => w.id === c.id && w.status === "pass"),
  );
  if (lost.length) {
    return `without the approvals of ${initiator}, who started this deployment, it has ${lost.map((c) => c.reason).join(", ")} (${rule})`;
  }
  const eligible = eligibility(evidence);
  const others = approvers.filter((u) => !mine.has(u) && eligible(u));
  return others.length
    ? undefined
    : `its only approval is by ${initiator}, who started this deployment (${rule})`;
}
