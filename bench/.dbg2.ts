import { readFileSync } from "node:fs";
import { planFromMarkdown } from "../src/planner/deterministic.ts";
const plan = planFromMarkdown(readFileSync(process.argv[2]!, "utf8"), { maxTasks: 30, defaultEstimateHours: 4 });
for (const t of plan.tasks) console.log(t.key, t.role, t.estimateHours, t.priority, "|", t.title.slice(0, 60), "|", t.dependsOn.join(","), "|", t.acceptanceCriteria.length);
console.log(plan.notes);
