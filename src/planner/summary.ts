import { plural } from "../text/plural.js";
import { tableCell } from "../text/sanitize.js";
import type { Materialized } from "./reconcile.js";
import type { Plan } from "./schema.js";

/**
 * The summary comment posted after a plan is applied: every task with its sub-issue, and the
 * dependencies now native on GitHub. Depends only on the final state (not on what one run did),
 * so re-applying an applied plan renders the same text and makes no write.
 */
export function renderSummary(
  epic: number,
  plan: Plan,
  issues: Materialized,
  marker: string,
  unknownUsers: string[],
): string {
  const edges = plan.tasks.reduce((n, t) => n + t.dependsOn.length, 0);
  const ref = (key: string) => (issues.get(key) ? `#${issues.get(key)?.number}` : key);
  const lines = [
    marker,
    `### ✅ Flightdeck applied the plan to #${epic}`,
    "",
    `Native sub-issues of this epic: ${issues.size} of ${plural(plan.tasks.length, "task")}, with ${plural(edges, "blocked-by dependency", "blocked-by dependencies")}.`,
    "",
    "| Key | Sub-issue | Role | Estimate | Priority | Blocked by |",
    "|---|---|---|---|---|---|",
    ...plan.tasks.map(
      (t) =>
        `| ${t.key} | ${ref(t.key)} ${tableCell(t.title)} | ${t.role} | ${t.estimateHours} h | ${t.priority} | ${t.dependsOn.map(ref).join(", ") || "—"} |`,
    ),
  ];
  if (unknownUsers.length) {
    lines.push(
      "",
      `Could not assign ${unknownUsers.map((u) => `\`${u}\``).join(", ")}: not found on GitHub. Check \`team\` in \`.github/flightdeck.yml\`.`,
    );
  }
  return lines.join("\n");
}
