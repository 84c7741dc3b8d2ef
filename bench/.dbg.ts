import { readFileSync } from "node:fs";
import { parseEpic } from "../src/planner/markdown.ts";
import { explicitTasks } from "../src/planner/explicit.ts";
const doc = parseEpic(readFileSync(process.argv[2]!, "utf8"));
const notes: string[] = [];
for (const d of explicitTasks(doc, notes)) console.log(d.key, "|", d.title.slice(0, 70), "|", d.dependsOn.join(","));
console.log(notes);
