import type { CheckRunWrite } from "../github/checks.js";
import { GATE_CHECK_NAME } from "./state.js";

/** One pull request of a merge group and its verdict, evaluated afresh for the group. */
export interface GroupedPull {
  number: number;
  /** `pending`/`none`: no verdict could be formed (kept for callers that cannot evaluate). */
  verdict: "go" | "no-go" | "pending" | "none";
  /** The verdict's title or why it is a no-go, e.g. "No-go: 0/2 qa approvals". */
  title?: string;
}

/**
 * The Go/No-Go of a merge group: a go only when every pull request in it is a go. Pure.
 * Always a completed check run (success or failure), never one left in progress: a required
 * check that never concludes on the merge group's head SHA stalls the whole queue.
 * @param pulls the group's pull requests; empty when they could not be determined
 */
export function evaluateMergeGroup(pulls: GroupedPull[]): CheckRunWrite {
  if (!pulls.length) {
    return {
      name: GATE_CHECK_NAME,
      conclusion: "failure",
      title: "No-go: the pull requests of this merge group are unknown",
      summary:
        "Flightdeck could not tell which pull requests this merge group holds, so it cannot vouch for it. Re-queue the pull request.",
      text: "",
    };
  }
  const blocked = pulls.filter((p) => p.verdict !== "go");
  const lines = pulls.map((p) => `- ${p.verdict === "go" ? "✅" : "❌"} #${p.number}: ${describe(p)}`);
  const n = pulls.length;
  return {
    name: GATE_CHECK_NAME,
    conclusion: blocked.length ? "failure" : "success",
    title: blocked.length
      ? `No-go: ${blocked.length} of ${n} pull request${n === 1 ? "" : "s"} in this merge group ${blocked.length === 1 ? "is" : "are"} not a go`
      : `Go: all ${n} pull request${n === 1 ? "" : "s"} in this merge group ${n === 1 ? "is" : "are"} a go`,
    summary: lines.join("\n"),
    text: "",
  };
}

function describe(p: GroupedPull): string {
  switch (p.verdict) {
    case "go":
      return "go";
    case "no-go":
      return `no-go (${p.title ?? "see its Flightdeck Go/No-Go check"})`;
    case "pending":
      return "its go/no-go is not decided yet";
    default:
      return "Flightdeck has no go/no-go for it";
  }
}
