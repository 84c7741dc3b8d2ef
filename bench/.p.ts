import { fromMarkdown } from "mdast-util-from-markdown";
import { planFromMarkdown } from "../src/planner/deterministic.ts";
const big = ["# Big epic", "## Deliverables"];
for (let i = 1; big.join("\n").length < 1_000_000; i++)
  big.push(`- **Deliverable ${i}:** ${"build the part of the system that handles this piece of work ".repeat(16)}`);
const md = big.join("\n");
let t = performance.now(); fromMarkdown(md); console.log("plain parse", performance.now() - t);
t = performance.now(); planFromMarkdown(md, { maxTasks: 100, defaultEstimateHours: 4 }); console.log("plan", performance.now() - t);
t = performance.now(); planFromMarkdown(md, { maxTasks: 100, defaultEstimateHours: 4 }); console.log("plan warm", performance.now() - t);
