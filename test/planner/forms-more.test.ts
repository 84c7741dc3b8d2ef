import { describe, expect, it } from "vitest";
import { planFromMarkdown } from "../../src/planner/deterministic.js";
import type { Plan } from "../../src/planner/schema.js";

// More of the project's own small documents, one per form: what the plan must contain, must
// leave out, and how it must be ordered, estimated and prioritised (not the scoring corpus).
const options = { maxTasks: 30, defaultEstimateHours: 4 };
const find = (plan: Plan, re: RegExp) => plan.tasks.find((t) => re.test(t.title));
const key = (plan: Plan, re: RegExp) => {
  const t = find(plan, re);
  if (!t) throw new Error(`no task matches ${re}: ${plan.tasks.map((x) => x.title).join(" | ")}`);
  return t.key;
};
const text = (plan: Plan) => plan.tasks.map((t) => `${t.title} ${t.acceptanceCriteria.join(" ")}`).join("\n");
/** Whether task b waits for task a, directly or through others. */
function precedes(plan: Plan, a: string, b: string): boolean {
  const byKey = new Map(plan.tasks.map((t) => [t.key, t]));
  const stack = [...(byKey.get(b)?.dependsOn ?? [])];
  const seen = new Set<string>();
  while (stack.length) {
    const k = stack.pop() as string;
    if (k === a) return true;
    if (!seen.has(k)) {
      seen.add(k);
      stack.push(...(byKey.get(k)?.dependsOn ?? []));
    }
  }
  return false;
}
/** No task waits for a documentation task. */
const nobodyWaitsFor = (plan: Plan, re: RegExp) =>
  plan.tasks
    .filter((t) => re.test(t.title))
    .every((d) => plan.tasks.every((t) => !t.dependsOn.includes(d.key)));

const BMAD = `# Epic 3: Notifications Service

## Epic Goal
Users get timely notifications about activity on their projects.

## Stories

### Story 3.1: Notification data model
As a developer, I want a notification table and repository, so that notifications are stored durably.

#### Acceptance Criteria
1. A notifications table stores recipient, kind, payload and read state
2. Repository methods create, list and mark notifications as read

### Story 3.2: Delivery worker
As a user, I want notifications delivered by email, so that I see them away from the app.

#### Acceptance Criteria
1. A worker sends queued notifications by email within 1 minute
2. Failed sends are retried three times

### Story 3.3: Notification inbox UI
As a user, I want an inbox page listing my notifications, so that I can catch up.

#### Acceptance Criteria
1. The inbox page lists unread notifications first
2. Clicking a notification marks it as read

## Integration Verification
- IV1: Existing project pages still load without regressions
`;

const RFC = `# RFC: Structured audit logging

## Summary
Record who did what to which resource, in a structured log.

## Motivation
Compliance asks for an audit trail.

## Goals
- Every write API call emits an audit event
- Audit events are searchable for 90 days

## Non-Goals
- Real-time alerting on audit events
- Replacing application logs

## Proposal
Audit events are JSON lines written by a middleware and shipped to the log store.

## Alternatives Considered
### Database triggers
Rejected: they miss the acting user.

## Work Plan
1. Define the audit event schema (1 day)
2. Implement the audit middleware for write endpoints (3 days)
3. Ship audit events to the log store with a retention of 90 days (2 days)
4. Build the audit search page (3 days)
5. Document the audit event fields for operators (1 day)
`;

const VISION = `# Vision: Field Inspections App

Inspectors fill paper forms on site today; the data reaches the office days later. We will build a
mobile app and an office dashboard. The team of 3 engineers has 6 weeks.

## What we will deliver
- **Offline inspection forms:** inspectors fill forms without a connection on their phone
- **Photo capture:** photos attached to each form item
- **Sync service:** forms and photos upload when the phone is back online
- **Office dashboard:** supervisors review submitted inspections
- **Deployment:** app store release and production hosting

## Later
- Customer portal
`;

const ROADMAP = `# Roadmap

## v1.0 — Released
- [x] Markdown import
- [x] PDF export

## v1.1 — Themes
- [x] Theme file format
- [ ] Theme gallery page
- [ ] Dark theme

## v1.2 — Collaboration
- [ ] Shared workspaces
- [ ] Comments on documents

## Ideas (not planned)
- Real-time co-editing
`;

const PRD_CHAIN = `# PRD: Team Expenses

## Overview
Small teams track shared expenses and settle up.

## Core Features
1. **Expense entry:** add an expense with amount, payer and split
2. **Balances:** show who owes whom
3. **Settle up:** record a payment that clears a balance
4. **Receipts:** attach a receipt photo to an expense

## Logical Dependency Chain
- Expense entry comes first.
- Balances depend on expense entry.
- Settle up requires balances.

## Non-Functional Requirements
- Pages load in under 1 second

## Out of Scope
- Currency conversion
`;

const SPEC_AGAINST_KIND = `# Feature Specification: Report builder

## Requirements
### Functional Requirements
- **FR-001**: Users MUST design a report layout in a drag-and-drop UI
- **FR-002**: The system MUST provide a report API that renders a saved layout
- **FR-003**: The system MUST export a report to PDF

## Dependencies
- The report API is built after the drag-and-drop UI, which fixes the layout format.
`;

const KIRO_USES = `# Requirements Document
## Requirements
### Requirement 1
**User Story:** As an operator, I want the gateway to reject requests over the tenant quota, so that one tenant cannot starve others
#### Acceptance Criteria
1. WHEN a request arrives THEN the system SHALL compare the tenant usage with the tenant quota
2. WHEN the tenant usage exceeds the tenant quota THEN the system SHALL answer 429
### Requirement 2
**User Story:** As an operator, I want tenant usage counted per minute, so that limits follow real traffic
#### Acceptance Criteria
1. WHEN a request completes THEN the system SHALL add it to the tenant usage of the current minute
### Requirement 3
**User Story:** As an operator, I want tenant quota loaded from the configuration store, so that I can change limits without a deploy
#### Acceptance Criteria
1. WHEN the configuration store changes THEN the system SHALL reload the tenant quota within 30 seconds
`;

describe("deterministic planner: more document forms", () => {
  it("BMAD epic: one task per story in story order, the epic goal is context, verification items are criteria", () => {
    const plan = planFromMarkdown(BMAD, options);
    expect(plan.tasks.map((t) => t.title)).toEqual([
      "Notification data model",
      "Delivery worker",
      "Notification inbox UI",
      "Integration and end-to-end verification",
    ]);
    expect(precedes(plan, "T1", "T2") && precedes(plan, "T2", "T3")).toBe(true);
    expect(find(plan, /^Delivery worker/)?.acceptanceCriteria).toContain(
      "Failed sends are retried three times",
    );
    expect(find(plan, /verification/)?.acceptanceCriteria).toContain(
      "IV1: Existing project pages still load without regressions",
    );
    expect(find(plan, /inbox/)?.role).toBe("frontend");
    // Estimates from the size of each story (4 h + 2 h per criterion), with the basis in the body.
    expect(find(plan, /^Delivery worker/)?.body).toMatch(/Estimate: from its \d+ requirements\./);
    expect(find(plan, /^Delivery worker/)?.body).toContain("Depends on: T1 (stated order of the steps).");
  });

  it("RFC with a work plan: its steps in order with their stated estimates; goals, non-goals and alternatives are not tasks", () => {
    const plan = planFromMarkdown(RFC, options);
    const titles = plan.tasks.map((t) => t.title);
    expect(titles.slice(0, 5)).toEqual([
      "Define the audit event schema",
      "Implement the audit middleware for write endpoints",
      "Ship audit events to the log store with a retention of 90 days",
      "Build the audit search page",
      "Document the audit event fields for operators",
    ]);
    expect(plan.tasks.slice(0, 5).map((t) => t.estimateHours)).toEqual([8, 24, 16, 24, 8]);
    expect(plan.tasks[1]?.body).toContain("Estimate: 3 days (stated in the document).");
    expect(precedes(plan, key(plan, /schema/), key(plan, /middleware/))).toBe(true);
    expect(precedes(plan, key(plan, /middleware/), key(plan, /search page/))).toBe(true);
    expect(text(plan)).not.toMatch(/real-time alerting|database triggers|replacing application logs/i);
    expect(plan.notes.join(" ")).toMatch(/Real-time alerting on audit events \(out of scope\)/);
    expect(nobodyWaitsFor(plan, /^Document/)).toBe(true);
  });

  it("free-form vision: deliverables as tasks, the stated team and weeks spread over them, deployment last, later work left out", () => {
    const plan = planFromMarkdown(VISION, options);
    expect(plan.tasks.map((t) => t.title)).toContain("Offline inspection forms");
    expect(plan.tasks.map((t) => t.title)).toContain("Sync service");
    expect(text(plan)).not.toMatch(/customer portal/i);
    // 6 weeks × 3 engineers × 40 h = 720 h, spread by size.
    expect(plan.tasks.reduce((s, t) => s + t.estimateHours, 0)).toBeCloseTo(720, -1);
    expect(plan.notes.join(" ")).toContain("6 weeks × 3 people");
    const deploy = key(plan, /^Deployment/);
    for (const t of plan.tasks) if (t.key !== deploy) expect(precedes(plan, t.key, deploy)).toBe(true);
    // The dashboard shows what the sync service uploads.
    expect(precedes(plan, key(plan, /^Sync service/), key(plan, /dashboard/))).toBe(true);
  });

  it("roadmap with versions and checkboxes: released and ticked items are not planned, each version after the one before", () => {
    const plan = planFromMarkdown(ROADMAP, options);
    expect(plan.tasks.map((t) => t.title)).toEqual([
      "Theme gallery page",
      "Dark theme",
      "Shared workspaces",
      "Comments on documents",
    ]);
    expect(text(plan)).not.toMatch(/markdown import|pdf export|theme file format|co-editing/i);
    for (const later of [/workspaces/, /Comments/])
      for (const earlier of [/gallery/, /Dark theme/])
        expect(precedes(plan, key(plan, earlier), key(plan, later))).toBe(true);
    expect(find(plan, /workspaces/)?.body).toContain("(stated order of the steps)");
  });

  it("PRD with a logical dependency chain in prose: the chain is kept; non-functional and out-of-scope items handled", () => {
    const plan = planFromMarkdown(PRD_CHAIN, options);
    expect(precedes(plan, key(plan, /^Expense entry/), key(plan, /^Balances/))).toBe(true);
    expect(precedes(plan, key(plan, /^Balances/), key(plan, /^Settle up/))).toBe(true);
    expect(find(plan, /^Balances/)?.body).toContain("(stated in the text)");
    expect(text(plan)).not.toMatch(/currency conversion/i);
    expect(find(plan, /^Balances/)?.acceptanceCriteria).toEqual(["show who owes whom"]);
    expect(plan.notes[0]).toMatch(/with 2 dependencies the text states/);
  });

  it("never adds an edge against the text: the API waits for the UI because the spec says so", () => {
    const plan = planFromMarkdown(SPEC_AGAINST_KIND, options);
    const ui = key(plan, /drag-and-drop UI/);
    const api = key(plan, /report API/);
    expect(precedes(plan, ui, api)).toBe(true);
    expect(precedes(plan, api, ui)).toBe(false);
    // FR lines are their own acceptance criteria, not boilerplate.
    expect(find(plan, /PDF/)?.acceptanceCriteria).toEqual(["The system MUST export a report to PDF"]);
  });

  it("Kiro requirements without stated order: a requirement that uses what another computes comes after it", () => {
    const plan = planFromMarkdown(KIRO_USES, options);
    const gate = key(plan, /reject requests over the tenant quota/);
    expect(precedes(plan, key(plan, /tenant usage counted/i), gate)).toBe(true);
    expect(precedes(plan, key(plan, /tenant quota loaded/i), gate)).toBe(true);
    expect(find(plan, /reject requests/)?.body).toMatch(/Depends on: .*it uses "tenant usage"/);
    expect(find(plan, /reject requests/)?.acceptanceCriteria).toContain(
      "WHEN the tenant usage exceeds the tenant quota THEN the system SHALL answer 429",
    );
  });

  it("takes the issue title as the document's name (a first heading repeating it is the title)", () => {
    const doc = "## Billing v2\n## Tasks\n- [ ] Invoice model\n- [ ] Invoice API\n";
    const plan = planFromMarkdown(doc, { ...options, title: "Billing v2" });
    expect(plan.tasks.map((t) => t.title)).toEqual(["Invoice model", "Invoice API"]);
  });
});
