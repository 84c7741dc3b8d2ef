/**
 * Planner benchmark: plans every document of ../shared/examples/prds (scored by
 * ../shared/tools/score_plans.py, which runs the CLI) and of ../shared/examples, prints planning
 * time per document, then a synthetic 1,000-item document (~1 MB) to check planning stays linear.
 * Run: npm run bench:plan
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { planFromMarkdown } from "../src/planner/deterministic.js";

const options = { maxTasks: 30, defaultEstimateHours: 4 };
const dirs = ["../shared/examples/prds", "../shared/examples"].filter((d) => existsSync(d));
for (const dir of dirs) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".md") && n !== "README.md")) {
    const text = readFileSync(join(dir, name), "utf8");
    const t0 = performance.now();
    let result: string;
    try {
      const plan = planFromMarkdown(text, options);
      result = `${plan.tasks.length} tasks`;
    } catch (error) {
      result = `refused: ${(error as Error).message.slice(0, 80)}`;
    }
    console.log(`${name.padEnd(45)} ${(performance.now() - t0).toFixed(1).padStart(7)} ms  ${result}`);
  }
}

const big = ["# Big epic", "## Deliverables"];
for (let i = 1; big.join("\n").length < 1_000_000; i++)
  big.push(
    `- **Deliverable ${i}:** ${"build the part of the system that handles this piece of work ".repeat(16)}`,
  );
const t0 = performance.now();
const plan = planFromMarkdown(big.join("\n"), { ...options, maxTasks: 100 });
console.log(
  `synthetic ${(big.join("\n").length / 1e6).toFixed(2)} MB / ${big.length - 2} items: ${(performance.now() - t0).toFixed(0)} ms, ${plan.tasks.length} tasks (target < 2000 ms)`,
);

if (existsSync("../shared/tools/score_plans.py") && existsSync("../shared/examples/prds")) {
  const run = spawnSync(
    "python3",
    [
      "../shared/tools/score_plans.py",
      "../shared/examples/prds",
      "--jobs",
      "2",
      "--cmd",
      "node --import tsx src/cli/index.ts plan {md} --json",
    ],
    { encoding: "utf8" },
  );
  process.stdout.write(run.stdout);
  if (run.status !== 0) process.stderr.write(run.stderr);
}
