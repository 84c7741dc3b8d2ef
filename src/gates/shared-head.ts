import type { CheckRunWrite } from "../github/checks.js";
import { GATE_CHECK_NAME } from "./state.js";
import { type Verdict, verdictMarkdown } from "./verdict.js";

/** How strict a check run conclusion is: the strictest verdict is the one a shared check run shows. */
const STRICTNESS: Record<Verdict["conclusion"], number> = {
  success: 0,
  neutral: 1,
  action_required: 2,
  failure: 3,
};

/** One open pull request whose head is the commit, and its own verdict. */
export interface HeadPull {
  number: number;
  verdict: Verdict;
}

/**
 * The one "Flightdeck Go/No-Go" check run of a commit that is the head of several open pull
 * requests (a branch and a fork pull request with the same commit, two PRs of one branch into
 * different bases). GitHub keeps check runs per commit and matches required checks by name, so
 * one check run has to serve them all: it carries the **strictest** of their verdicts (failure >
 * action_required > neutral > success; the lowest number wins a tie), so that no pull request
 * is merged on another's approvals, and shows every pull request's own reasons. Pure.
 * @param pulls at least one; the first is the one whose verdict a single PR shows as is
 */
export function sharedHeadRun(
  pulls: HeadPull[],
  help: string,
): Omit<CheckRunWrite, "detailsUrl" | "actions"> {
  const sorted = [...pulls].sort((a, b) => a.number - b.number);
  const worst = sorted.reduce((w, p) =>
    STRICTNESS[p.verdict.conclusion] > STRICTNESS[w.verdict.conclusion] ? p : w,
  );
  if (sorted.length === 1) {
    return {
      name: GATE_CHECK_NAME,
      conclusion: worst.verdict.conclusion,
      title: worst.verdict.title,
      summary: `${verdictMarkdown(worst.verdict)}\n\n${help}`,
      text: "",
    };
  }
  const list = sorted.map((p) => `#${p.number}`).join(", ");
  return {
    name: GATE_CHECK_NAME,
    conclusion: worst.verdict.conclusion,
    title: `${worst.verdict.title} (#${worst.number}, the strictest of ${sorted.length} pull requests with this head)`,
    summary: [
      `This commit is the head of ${sorted.length} open pull requests (${list}). A commit has one "${GATE_CHECK_NAME}" check run, so it shows the strictest of their verdicts; each is judged on its own comments, reviews and evidence below. Close the pull requests you do not mean to merge, or push a new commit, to judge one alone.`,
      ...sorted.map((p) => `### #${p.number}\n\n${verdictMarkdown(p.verdict)}`),
      help,
    ].join("\n\n"),
    text: "",
  };
}
