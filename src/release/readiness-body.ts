import { checklistProgress } from "./checklist.js";
import {
  type EnvironmentReadiness,
  type EvidenceCheck,
  environmentStates,
  evidenceChecks,
  type ReadinessInput,
} from "./readiness.js";
import { readinessSection } from "./readiness-render.js";

/** Start and end of the readiness section Flightdeck owns in a release issue. */
export const READINESS_START = "<!-- flightdeck:readiness -->";
export const READINESS_END = "<!-- /flightdeck:readiness -->";

/** The hidden marker that makes a checklist item decided by evidence, e.g. `load`, `custom:e2e`. */
export function evidenceMarker(key: string): string {
  return `<!-- flightdeck:evidence ${key} -->`;
}

/** A task-list item carrying an evidence marker; group 4 is the text Flightdeck owns after it. */
const AUTO_ITEM = /^(\s*[-*] \[)([ xX])(\] .*?<!-- flightdeck:evidence ([a-z0-9][a-z0-9.:-]{0,60}) -->)(.*)$/;

/** The readiness of a release: the overall go / no-go with every reason, and what it rests on. */
export interface Readiness {
  decision: "go" | "no-go";
  reasons: string[];
  checks: EvidenceCheck[];
  environments: EnvironmentReadiness[];
  /** Checklist items people tick (those without a known evidence marker). */
  manual: { done: number; total: number };
}

/** The release issue's body without Flightdeck's readiness section. */
export function ownText(body: string): string {
  const start = body.indexOf(READINESS_START);
  const end = body.indexOf(READINESS_END);
  if (start < 0 || end < start) return body;
  return (body.slice(0, start) + body.slice(end + READINESS_END.length)).replace(/^\s*\n/, "");
}

/**
 * Updates a release issue's body from the evidence: each checklist item marked
 * `<!-- flightdeck:evidence KEY -->` whose key the evidence decides is ticked when its check
 * passes and unticked when it does not, and the text after its marker becomes a link to the
 * evidence; every other line — manual items and their ticks, whatever people wrote — is kept
 * as it is. The readiness section (between READINESS_START and READINESS_END, at the top) is
 * replaced. Pure; the same body and evidence give the same result, so nothing is rewritten when
 * nothing changed.
 * @returns the new body and the readiness it shows
 */
export function updateReadinessBody(
  body: string,
  input: ReadinessInput,
): { body: string; readiness: Readiness } {
  const own = ownText(body);
  const wanted = [...own.matchAll(new RegExp(AUTO_ITEM.source, "gm"))].map((m) => m[4] as string);
  const checks = evidenceChecks(input, wanted);
  const byKey = new Map(checks.map((c) => [c.key, c]));
  let manualDone = 0;
  let manualTotal = 0;
  const lines = own.split("\n").map((line) => {
    const m = AUTO_ITEM.exec(line);
    const check = m ? byKey.get(m[4] as string) : undefined;
    if (!m || !check) {
      const box = /^\s*[-*] \[([ xX])\]/.exec(line);
      if (box) {
        manualTotal++;
        if (box[1] !== " ") manualDone++;
      }
      return line;
    }
    const icon = check.status === "pass" ? "✅" : check.status === "missing" ? "⏳" : "❌";
    const detail = check.url ? `[${check.detail.replace(/[[\]]/g, "")}](${check.url})` : check.detail;
    return `${m[1]}${check.status === "pass" ? "x" : " "}${m[3]} — ${icon} ${detail}`;
  });
  const updated = lines.join("\n");
  const environments = environmentStates(input.environments, checklistProgress(updated));
  const reasons = [
    ...checks.filter((c) => c.status !== "pass").map((c) => `${c.label}: ${c.detail}`),
    ...input.evidence.problems,
    ...(manualTotal > manualDone
      ? [`${manualTotal - manualDone} of ${manualTotal} manual checklist items open`]
      : []),
  ];
  const readiness: Readiness = {
    decision: reasons.length ? "no-go" : "go",
    reasons,
    checks,
    environments,
    manual: { done: manualDone, total: manualTotal },
  };
  const section = `${READINESS_START}\n${readinessSection(readiness, input)}\n${READINESS_END}`;
  return { body: `${section}\n\n${updated.replace(/^\s+/, "")}`, readiness };
}
