import { describe, expect, it } from "vitest";
import { planFromMarkdown } from "../../src/planner/deterministic.js";
import type { Plan } from "../../src/planner/schema.js";

// The project's own small documents, one per common form (not the scoring corpus).
const options = { maxTasks: 30, defaultEstimateHours: 4 };
const find = (plan: Plan, re: RegExp) => plan.tasks.find((t) => re.test(t.title));
const text = (plan: Plan) => plan.tasks.map((t) => `${t.title} ${t.acceptanceCriteria.join(" ")}`).join("\n");
const dependsTransitively = (plan: Plan, a: string, b: string): boolean => {
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
};

const PRD = `<context>
# PRD: Recipe Box
## Overview
A place to keep family recipes.
## Core Features
**Recipe editor**

- Create, edit and delete recipes with ingredients and steps
- Photos up to 5 per recipe

**Shopping list**

- Build a shopping list from selected recipes
- Share the list by link

**Meal planner**

- Plan meals for a week
## User Stories
- As a cook, I want to print a recipe card so that I can use it offline
## Non-Goals
- Social network features
- Paid subscriptions
## Risks
- Photo storage costs
</context>`;

const KIRO = `# Requirements Document
## Introduction
Rate limiting for the upload service.
## Requirements
### Requirement 1
**User Story:** As an operator, I want uploads limited per tenant, so that one tenant cannot starve others
#### Acceptance Criteria
1. WHEN a tenant exceeds its quota THEN the system SHALL reject the upload with status 429
2. WHEN the quota resets THEN the system SHALL accept uploads again
### Requirement 2
**User Story:** As an operator, I want to configure quotas without a restart, so that I can react to abuse
#### Acceptance Criteria
1. WHEN the quota file changes THEN the system SHALL apply it within 60 seconds
`;

const SPECKIT = `# Feature Specification: Dark Mode
## User Scenarios & Testing *(mandatory)*
### User Story 1 - Switch theme (Priority: P1)
A user switches between light and dark themes.
### User Story 2 - Follow the OS setting (Priority: P2)
The theme follows the operating system.
## Requirements *(mandatory)*
### Functional Requirements
- **FR-001**: System MUST store the chosen theme per user
- **FR-002**: System MUST follow the OS theme when the user chose none
- **FR-003**: System MUST render every screen in both themes
## Success Criteria *(mandatory)*
- **SC-001**: Switching takes under 100 ms
## Out of Scope
- High-contrast themes
`;

const ROADMAP = `# Roadmap
## Version 1.0 (Completed)
* **Importer:** CSV import
## Version 1.1: Sync
* **Cloud sync:** sync notes across devices
* **Conflict resolution:** last writer wins with a history
## Version 1.2: Sharing
* **Share links:** read-only links
## Future Considerations
* **Plugins:** third-party plugins
`;

const DUPLICATED = `# Epic: Billing
## Task Breakdown Preview
- [ ] **Task 1: Invoice model**
  - Tables and migrations
- [ ] **Task 2: Invoice API**
- [ ] **Task 3: Invoice tests**
## Dependency Graph
\`\`\`
Task 1 (Model) → Task 2 (API) → Task 3 (Tests)
\`\`\`
## Estimates
- Task 1: 2 days
## Tasks Created
- [ ] #11 - Invoice model (parallel: true)
- [ ] #12 - Invoice API (parallel: false)
- [ ] #13 - Invoice tests (parallel: false)
`;

const WORD_TASK = `# Scheduler improvements
## Silent Task Template Discovery
Templates are found without prompting.
## Requirements
- Discover templates in the project folder
- Cache discovered templates for a session
- Report templates that fail to parse
`;

describe("deterministic planner on the common document forms", () => {
  it("PRD template: one task per bold feature, an unmatched story kept, non-goals and risks only in notes", () => {
    const plan = planFromMarkdown(PRD, options);
    expect(plan.tasks.map((t) => t.title)).toEqual([
      "Recipe editor",
      "Shopping list",
      "Meal planner",
      "Print a recipe card",
      "Integration and end-to-end verification",
    ]);
    expect(find(plan, /^Recipe editor$/)?.acceptanceCriteria).toContain("Photos up to 5 per recipe");
    expect(text(plan)).not.toMatch(/social network|subscriptions|storage costs/i);
    expect(plan.notes.join(" ")).toMatch(/Social network features \(out of scope\)/);
    expect(plan.notes.join(" ")).toMatch(/Photo storage costs \(risk\)/);
    // Estimates from the work's size, with the basis in the body.
    const editor = find(plan, /^Recipe editor$/);
    expect(editor?.estimateHours).toBe(8);
    expect(editor?.body).toContain("Estimate: from its 2 requirements.");
    // The verification task waits for every feature; no feature depends on another.
    expect(find(plan, /verification/)?.dependsOn).toEqual(["T1", "T2", "T3", "T4"]);
    expect(plan.tasks.slice(0, 4).every((t) => t.dependsOn.length === 0)).toBe(true);
  });

  it("Kiro requirements.md: a task per requirement titled by its story, EARS lines as criteria", () => {
    const plan = planFromMarkdown(KIRO, options);
    const quota = find(plan, /^Uploads limited per tenant/);
    expect(quota?.acceptanceCriteria).toContain(
      "WHEN a tenant exceeds its quota THEN the system SHALL reject the upload with status 429",
    );
    expect(quota?.acceptanceCriteria).toContain("So that one tenant cannot starve others");
    expect(find(plan, /^Configure quotas without a restart/)).toBeDefined();
  });

  it("spec-kit spec.md: one task per FR, stories folded in, out of scope excluded", () => {
    const plan = planFromMarkdown(SPECKIT, options);
    expect(find(plan, /^Store the chosen theme per user/)).toBeDefined();
    expect(find(plan, /^Render every screen in both themes/)).toBeDefined();
    expect(text(plan)).not.toMatch(/high-contrast/i);
    expect(find(plan, /verification/)?.acceptanceCriteria.join(" ")).toContain("under 100 ms");
  });

  it("roadmap: completed versions and future considerations are not planned; versions run in order", () => {
    const plan = planFromMarkdown(ROADMAP, options);
    expect(text(plan)).not.toMatch(/CSV import|third-party plugins/i);
    const sync = find(plan, /^Cloud sync$/);
    const share = find(plan, /^Share links$/);
    expect(sync && share).toBeTruthy();
    expect(dependsTransitively(plan, sync?.key as string, share?.key as string)).toBe(true);
    expect(plan.notes.join(" ")).toMatch(/already completed/);
  });

  it("a task list given twice is planned once, with its text dependency graph and estimate lines", () => {
    const plan = planFromMarkdown(DUPLICATED, options);
    expect(plan.tasks.map((t) => t.title)).toEqual(["Invoice model", "Invoice API", "Invoice tests"]);
    expect(plan.tasks.map((t) => t.dependsOn)).toEqual([[], ["T1"], ["T2"]]);
    expect(plan.tasks[0]?.estimateHours).toBe(16);
  });

  it("a heading that merely contains the word 'task' is not a task list", () => {
    const plan = planFromMarkdown(WORD_TASK, options);
    expect(find(plan, /^Discover templates/)).toBeDefined();
    expect(find(plan, /^Report templates/)).toBeDefined();
  });

  it("groups more deliverables than maxTasks instead of refusing, and says how", () => {
    const items = Array.from({ length: 40 }, (_, i) => `- Deliverable number ${i + 1}`).join("\n");
    const plan = planFromMarkdown(`# Big\n## Deliverables\n${items}\n`, { ...options, maxTasks: 10 });
    expect(plan.tasks.length).toBeLessThanOrEqual(10);
    expect(text(plan)).toContain("Deliverable number 40");
    expect(plan.notes.join(" ")).toMatch(/planner\.maxTasks.*--max-tasks/);
  });
});
