import { plural } from "../text/plural.js";
import { assignKeys, type TaskDraft } from "./draft.js";
import type { EpicDocument, EpicListItem } from "./markdown.js";
import { rolesFromWording } from "./roles.js";
import type { Role } from "./schema.js";

const SKIP =
  /\b(out of scope|non[- ]?(goals?|requirements?)|risks?|timeline|dependencies|references|glossary|open questions|team|target users|personas?)\b/i;
const METRICS = /\b(success|metrics?|acceptance|definition of done|criteria|kpis?)\b/i;
const REQUIREMENTS = /\b(requirements?|features?|scope|capabilit(y|ies)|must have|functional)\b/i;
const NOT_WORK = /^(users?|personas?|audience|team|timeline|budget|stakeholders?)\b/i;

/**
 * Derives tasks from an epic with no explicit task list: one task per group of user stories
 * ("As a user, I want …" under a heading), one per requirement item or requirement subsection,
 * plus the work every launch needs and the epic did not mention (technical design first, UX
 * design before UI work, a QA pass against the success metrics, deployment last).
 * Dependencies: build work after the technical design, UI after the backend work it shows and
 * after design, QA after all build work, deployment after QA.
 *
 * @param notes receives a sentence for each assumption made
 */
export function deriveTasks(doc: EpicDocument, notes: string[]): TaskDraft[] {
  const metrics: string[] = [];
  const outOfScope: string[] = [];
  const build: TaskDraft[] = [];
  const storyGroups = new Map<string, EpicListItem[]>();
  const reqGroups = new Map<string, EpicListItem[]>();

  for (const item of doc.items) {
    if (item.depth !== 0 || !item.text) continue;
    const context = [...item.headings.slice(1), item.lead ?? ""].join(" / ");
    if (/\b(out of scope|non[- ]?(goals?|requirements?))\b/i.test(context)) {
      outOfScope.push(item.text);
      continue;
    }
    if (METRICS.test(context)) {
      metrics.push(item.text.replace(/^[✅✔☑]\s*/u, ""));
      continue;
    }
    if (SKIP.test(context)) continue;
    if (/^as an?\s/i.test(item.text)) {
      const group = item.headings[item.headings.length - 1] ?? "User stories";
      storyGroups.set(group, [...(storyGroups.get(group) ?? []), item]);
      continue;
    }
    if (REQUIREMENTS.test(context) && !NOT_WORK.test(item.text)) {
      // A requirements section with subsections gives one task per subsection; a flat list, one per item.
      const sub =
        item.headings.length >= 2 && REQUIREMENTS.test(item.headings[item.headings.length - 2] ?? "");
      const group = sub ? (item.headings[item.headings.length - 1] as string) : `\u0000${reqGroups.size}`;
      reqGroups.set(group, [...(reqGroups.get(group) ?? []), item]);
    }
  }

  for (const [group, stories] of storyGroups) {
    build.push({
      title: `${group}: ${plural(stories.length, "user story", "user stories")}`,
      details: stories.map((s) => s.text),
      roleHints: [],
      roleFallback: "backend",
      estimateHours: Math.min(40, 2 * stories.length + 2),
      dependsOn: [],
    });
  }
  for (const [group, items] of reqGroups) {
    const flat = group.startsWith("\u0000");
    const first = items[0] as EpicListItem;
    const [label, rest] = splitLabel(first.text);
    const title = flat
      ? rest
        ? `${label}: ${rest}`
        : label
      : `${group}: ${items.map((i) => splitLabel(i.text)[1] || i.text).join(", ")}`;
    build.push({
      title: truncate(title, 120),
      details: flat
        ? rest
          ? rest.split(/,\s+(?![^()]*\))/).map((r) => `${label}: ${r}`)
          : []
        : items.map((i) => i.text),
      roleHints: [],
      roleFallback: "backend",
      dependsOn: [],
    });
  }

  // Work the epic rules out ("Front-end application" out of scope) never gets that role.
  const excluded = new Set(
    outOfScope.flatMap((t) => (/\b(front-?end|ui|web app)\b/i.test(t) ? ["frontend"] : [])),
  );
  const roles = (d: TaskDraft): Role =>
    d.roleHints[0] ??
    rolesFromWording(d.title, d.details.join("\n")).find((r) => !excluded.has(r)) ??
    d.roleFallback ??
    "backend";
  for (const d of build) d.roleHints = [roles(d)];
  const drafts: TaskDraft[] = [];
  const design: TaskDraft = {
    title: "Technical design and project setup",
    details: [
      "Architecture, data model and interfaces are written down and reviewed",
      "The repository builds, tests and deploys an empty skeleton in CI",
    ],
    roleHints: ["tech-lead"],
    dependsOn: [],
  };
  drafts.push(design);
  const frontends = build.filter((d) => roles(d) === "frontend");
  let ux: TaskDraft | undefined;
  if (frontends.length && !build.some((d) => roles(d) === "design")) {
    ux = {
      title: `UX design for ${frontends.map((d) => shortName(d.title)).join(", ")}`,
      details: [
        "Wireframes for every view, with empty, loading and error states",
        "Design reviewed with product",
      ],
      roleHints: ["design"],
      dependsOn: [],
    };
    drafts.push(ux);
  }
  drafts.push(...build);
  const qa: TaskDraft = {
    title: metrics.length ? "Verify the success metrics" : "Test plan and end-to-end verification",
    details: metrics.length ? metrics : ["Every user-facing flow has an automated end-to-end test"],
    roleHints: ["qa"],
    dependsOn: [],
  };
  drafts.push(qa);
  const deploys = build.filter((d) => roles(d) === "devops");
  const deploy: TaskDraft = deploys[0] ?? {
    title: "Deployment pipeline and production launch",
    details: [
      "Staging and production environments deploy from CI",
      "Smoke test and rollback procedure verified",
    ],
    roleHints: ["devops"],
    dependsOn: [],
  };
  if (!deploys.length) drafts.push(deploy);

  assignKeys(drafts);
  const key = (d: TaskDraft) => d.key as string;
  const backends = build.filter((d) => roles(d) === "backend" || roles(d) === "tech-lead");
  for (const d of build) {
    if (d === deploy) continue;
    d.dependsOn.push(key(design));
    if (roles(d) === "frontend") {
      if (ux) d.dependsOn.push(key(ux));
      // A view shows data: it waits for the first backend work listed (usually the data source).
      if (backends[0]) d.dependsOn.push(key(backends[0]));
    }
  }
  if (ux) ux.dependsOn.push(key(design));
  qa.dependsOn.push(...build.filter((d) => d !== deploy).map(key));
  if (!build.length) qa.dependsOn.push(key(design));
  deploy.dependsOn.push(key(qa));

  notes.push(
    build.length
      ? `No task list in the epic: ${plural(build.length, "task")} ${build.length === 1 ? "was" : "were"} derived from its user stories and requirements, plus design, QA and deployment work.`
      : "The epic has no task list, user stories or requirements list; this is a skeleton plan. Add a task list for a finer plan.",
  );
  if (outOfScope.length)
    notes.push(`Out of scope (no tasks planned): ${truncate(outOfScope.join("; "), 300)}`);
  return drafts;
}

function splitLabel(text: string): [string, string] {
  const m = /^([^:]{1,40}):\s*(.+)$/.exec(text);
  return m ? [(m[1] as string).trim(), (m[2] as string).trim()] : [text.trim(), ""];
}

function shortName(title: string): string {
  return splitLabel(title)[0].toLowerCase();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
