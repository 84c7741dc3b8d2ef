import type { Role } from "../planner/schema.js";
import { inlineUntrusted } from "../text/sanitize.js";
import type { TaskFacts } from "./facts.js";

/**
 * Each role's playbook applied to one task: deterministic templates over the task's facts (no
 * LLM), the same checklists the playbooks' role agents open a ticket with. Pure; criteria and
 * titles are sanitized here, so the Markdown can be written as it is.
 */
export interface Playbook {
  heading: string;
  /** Markdown lines (list items, sub-headings). */
  lines: string[];
}

const PERF =
  /\b(load|latency|throughput|p9\d|p50|rps|requests? (?:per|a) (?:second|minute)|concurren\w*|scal\w*|performance|traffic|peak|sla|slo)\b/i;
const DATA =
  /\b(database|db|schema|migration|table|column|index|model|storage|persist\w*|record|postgres|mysql|redis)\b/i;
const API = /\b(api|endpoint|rest|graphql|webhook|route|request|response|http|grpc)\b/i;

const textOf = (f: TaskFacts) => [f.task.title, f.task.body, ...f.task.acceptanceCriteria].join("\n");
const criteria = (f: TaskFacts) => f.task.acceptanceCriteria.map((c) => inlineUntrusted(c));
const titles = (links: TaskFacts["blockedBy"]) =>
  links.map((l) =>
    l.issue ? `#${l.issue} ${inlineUntrusted(l.title)}` : `${l.key} ${inlineUntrusted(l.title)}`,
  );

/** Whether the task calls for a load test, and why (its wording names performance). */
export function needsLoadTest(facts: TaskFacts): { needed: boolean; reason: string } {
  const m = PERF.exec(textOf(facts));
  return m
    ? { needed: true, reason: `the task mentions "${inlineUntrusted(m[0])}"` }
    : {
        needed: false,
        reason: "no criterion states a performance target; the deploy's smoke test covers it",
      };
}

/**
 * The QA test plan: each criterion as a P0 case (acceptance means every criterion holds), its
 * failure handling as a P1 case, and boundary cases at P2 — P0s first.
 */
export function testPlan(facts: TaskFacts): Array<{ priority: "P0" | "P1" | "P2"; case: string }> {
  const items = criteria(facts);
  return [
    ...items.map((c, i) => ({ priority: "P0" as const, case: `C${i + 1}: ${c}` })),
    ...items.map((_, i) => ({
      priority: "P1" as const,
      case: `C${i + 1} fails cleanly: invalid input, missing permission, a dependency down`,
    })),
    { priority: "P2" as const, case: "Boundaries: empty, maximum-size and concurrent input" },
  ];
}

const PLAYBOOKS: Record<Role, (f: TaskFacts) => Playbook> = {
  qa: (f) => {
    const load = needsLoadTest(f);
    return {
      heading: "Test plan",
      lines: [
        ...testPlan(f).map((t) => `- [ ] **${t.priority}** ${t.case}`),
        `- **Load test:** ${load.needed ? "needed" : "not needed"} — ${load.reason}.`,
        "- Evidence: the QA Action's report on the pull request's head (P0 cases must pass for a go).",
      ],
    };
  },
  devops: (f) => {
    const data = DATA.test(textOf(f));
    return {
      heading: "Deployment plan",
      lines: [
        "- **Deployment:** staging first through the Deploy Action, then production behind Flightdeck's protection rule and the environment's reviewers.",
        "- **Rollback:** redeploy the previous release; the watch (`flightdeck watch --rollback`) rolls back on a failed smoke test or a breached rule, with the reason recorded.",
        "- **Monitoring:** error rate and p95 latency of what this task changes, alert thresholds written down before the deploy.",
        `- **Backup points:** ${data ? "snapshot the data store before any migration, and test the restore" : "none needed unless the task turns out to change stored data"}.`,
      ],
    };
  },
  backend: (f) => {
    const t = textOf(f);
    return {
      heading: "Open questions",
      lines: [
        `- **API contract:** ${API.test(t) ? "which endpoints, request and response schemas, error codes" : "does this task expose or change an interface other tasks call"}; authentication; versioning; idempotency of writes.`,
        `- **Data model:** ${DATA.test(t) ? "entities and fields, migration and its rollback, indexes" : "does any state need storing"}; retention and who may read it.`,
        ...(f.unblocks.length
          ? [`- **Consumers:** agree the contract with ${titles(f.unblocks).join(", ")} before building.`]
          : []),
      ],
    };
  },
  frontend: () => ({
    heading: "States and accessibility",
    lines: [
      "- [ ] Loading state (skeleton or spinner, no layout jump)",
      "- [ ] Empty state (what the user sees first, and the next action)",
      "- [ ] Error state (message in words, retry, nothing lost)",
      "- [ ] Accessibility: keyboard only, labels for screen readers, contrast (WCAG 2.2 AA), focus order",
    ],
  }),
  design: (f) => ({
    heading: "Deliverables and review",
    lines: [
      "- [ ] User flow and wireframes for each criterion",
      "- [ ] Every state: loading, empty, error, success; copy written",
      `- **Review:** product and frontend review before ${f.unblocks.length ? titles(f.unblocks).join(", ") : "implementation"} starts.`,
    ],
  }),
  product: (f) => ({
    heading: "Scope",
    lines: [
      `- **In scope:** the ${f.task.acceptanceCriteria.length} acceptance criteria below.`,
      "- **Non-goals:** anything not in the criteria; new asks become new issues in the epic.",
      "- **Success metrics:** state how each criterion is measured after launch (adoption, conversion, error rate) and the target.",
    ],
  }),
  "tech-lead": (f) => ({
    heading: "Integration and review",
    lines: [
      `- **Integration risks:** ${f.blockedBy.length ? `interfaces coming from ${titles(f.blockedBy).join(", ")}` : "none upstream"}; ${f.unblocks.length ? `what ${titles(f.unblocks).join(", ")} will rely on` : "nothing waits on it"}.`,
      `- **Review plan:** one reviewer from each role this task touches${f.unblocks.length ? ` (${[...new Set(f.unblocks.map((u) => u.role))].join(", ")})` : ""}; the Go/No-Go gate's evidence before merge.`,
    ],
  }),
};

/** The role's playbook applied to the task. */
export function playbookFor(facts: TaskFacts): Playbook {
  return PLAYBOOKS[facts.role](facts);
}
