import { inlineUntrusted } from "../text/sanitize.js";

const SUMMARY = /<!-- flightdeck:readiness-summary ([A-Za-z0-9+/=]+) -->/;

/** The machine-readable part of the readiness section: what the deployment rule's status report shows. */
export interface ReadinessSummary {
  version: string;
  decision: "go" | "no-go";
  /** The first reasons (at most 5), one line each. */
  reasons: string[];
  /** How many reasons there are in all. */
  count: number;
}

/** The hidden marker carrying a summary (base64 JSON, so no text in it can end the comment). */
export function summaryMarker(summary: ReadinessSummary): string {
  return `<!-- flightdeck:readiness-summary ${Buffer.from(JSON.stringify(summary)).toString("base64")} -->`;
}

/** The readiness summary in a release issue's body (written by this App), or undefined. */
export function readinessSummary(body: string | null | undefined): ReadinessSummary | undefined {
  const m = SUMMARY.exec(body ?? "");
  if (!m) return undefined;
  try {
    const s = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as ReadinessSummary;
    if ((s.decision !== "go" && s.decision !== "no-go") || !Array.isArray(s.reasons)) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

/**
 * One line for the deployment rule's status report (at most `max` characters): the release's
 * readiness with its first reasons, e.g. "📋 Readiness of v1.4.0 (#12): 🔴 no-go — QA: 2 failing tests; …".
 */
export function readinessLine(summary: ReadinessSummary, issue: number, max = 300): string {
  const head = `📋 Readiness of ${inlineUntrusted(summary.version)} (#${issue}): ${summary.decision === "go" ? "🟢 go" : "🔴 no-go"}`;
  if (!summary.reasons.length) return head;
  let line = `${head} — ${summary.reasons.map(inlineUntrusted).join("; ")}`;
  if (summary.count > summary.reasons.length) line += `; +${summary.count - summary.reasons.length} more`;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
