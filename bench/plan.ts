/**
 * Planner benchmark: plans every document of ../shared/examples/prds (scored by
 * ../shared/tools/score_plans.py, which runs the CLI) and of ../shared/examples, prints planning
 * time per document, then synthetic 1 MB (1,000-item) and 2 MB documents to check planning stays
 * linear.
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

/** A synthetic epic of `bytes` characters: one Deliverables list of ~1 KB items. */
function syntheticEpic(bytes: number): { text: string; items: number } {
  const lines = ["# Big epic", "## Deliverables"];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const line = `- **Deliverable ${i}:** ${"build the part of the system that handles this piece of work ".repeat(16)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return { text: lines.join("\n"), items: lines.length - 2 };
}

// Wall time moves with the machine's load; CPU time (user + system of this process) shows
// whether planning stays linear: 2 MB should take about twice 1 MB.
planFromMarkdown(syntheticEpic(50_000).text, { ...options, maxTasks: 100 }); // warm-up
for (const bytes of [1_000_000, 2_000_000]) {
  const { text, items } = syntheticEpic(bytes);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const plan = planFromMarkdown(text, { ...options, maxTasks: 100 });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `synthetic ${(text.length / 1e6).toFixed(2)} MB / ${items} items: ${wall.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, ${plan.tasks.length} tasks${bytes === 1_000_000 ? " (target < 2000 ms)" : ""}`,
  );
}

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
