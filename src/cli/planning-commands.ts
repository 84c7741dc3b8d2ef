import { type Command, Option } from "commander";
import type { LlmClient } from "../planner/llm.js";
import { applyCommand } from "./apply.js";
import { examples } from "./help.js";
import { isoDateOption, positiveInt, readConfig, readInput } from "./inputs.js";
import type { CliIo } from "./io.js";
import { planOffline } from "./plan.js";
import { renderPlanView } from "./plan-view.js";

/** The Claude client when ANTHROPIC_API_KEY is set (built when a command runs), else undefined. */
export type LlmFactory = () => LlmClient | undefined;

/** `flightdeck plan <file>`: the plan preview (text, Markdown or Plan JSON) of an epic, offline. */
export function addPlanCommand(program: Command, io: CliIo, llm: LlmFactory): void {
  program
    .command("plan")
    .description("print the plan preview the app would post (or the Plan JSON) for an epic")
    .argument("<file>", "epic in Markdown, or - for stdin")
    .addOption(
      new Option(
        "--format <format>",
        "text: a readable view (default on a terminal); md: the preview Markdown the app posts (default when piped); json: the Plan JSON",
      ).choices(["text", "md", "json"]),
    )
    .option("--json", "the same as --format json")
    .option("--max-tasks <n>", "most tasks allowed in the plan")
    .option("--config <path>", "a flightdeck.yml to use (default: built-in defaults)")
    .option("--epic <n>", "epic issue number shown in the preview", "1")
    .option("--title <text>", "the epic issue's title, as the app passes it to the planner")
    .option("--start <date>", "first working day for the forecast (YYYY-MM-DD; default today)")
    .action(
      async (
        file: string,
        opts: {
          format?: "text" | "md" | "json";
          json?: boolean;
          maxTasks?: string;
          config?: string;
          epic: string;
          title?: string;
          start?: string;
        },
      ) => {
        const config = await readConfig(opts.config);
        if (opts.maxTasks) config.planner.maxTasks = positiveInt("--max-tasks", opts.maxTasks);
        const text = await readInput(file, io);
        const client = llm();
        const epic = positiveInt("--epic", opts.epic);
        const start = opts.start ? isoDateOption("--start", opts.start) : io.now();
        const result = await planOffline(text, config, {
          epic,
          start,
          ...(opts.title ? { title: opts.title } : {}),
          ...(client ? { llm: client } : {}),
        });
        const format = opts.json ? "json" : (opts.format ?? (io.stdoutIsTTY ? "text" : "md"));
        if (format === "json") io.stdout(JSON.stringify(result.plan, null, 2));
        else if (format === "md") io.stdout(result.preview);
        else
          io.stdout(
            renderPlanView(result, {
              epic,
              start: start.toISOString().slice(0, 10),
              ...(io.columns ? { columns: io.columns } : {}),
            }),
          );
      },
    )
    .addHelpText(
      "after",
      examples([
        "flightdeck plan epic.md --epic 42            # task table, dependencies, critical path, forecast",
        "flightdeck plan epic.md --format md > preview.md",
        "flightdeck plan epic.md --format json > plan.json",
        "cat epic.md | flightdeck plan - --config .github/flightdeck.yml --start 2025-02-03",
      ]),
    );
}

/** `flightdeck apply <file> --repo --epic`: creates the plan's sub-issues, dependencies and labels (GITHUB_TOKEN). */
export function addApplyCommand(program: Command, io: CliIo, llm: LlmFactory): void {
  program
    .command("apply")
    .description("create the plan's sub-issues, dependencies and labels on a repository (GITHUB_TOKEN)")
    .argument("<file>", "Plan JSON from `flightdeck plan --json`, or an epic in Markdown")
    .requiredOption("--repo <owner/name>", "the repository")
    .requiredOption("--epic <n>", "the epic's issue number")
    .option("--dry-run", "list the writes without making them")
    .option("--config <path>", "a flightdeck.yml to use (default: the repository's, from its default branch)")
    .addHelpText(
      "after",
      examples([
        "GITHUB_TOKEN=… flightdeck apply epic.md --repo acme/shop --epic 42 --dry-run",
        "flightdeck plan epic.md --format json > plan.json && flightdeck apply plan.json --repo acme/shop --epic 42",
      ]),
    )
    .action(async (file: string, opts: { repo: string; epic: string; dryRun?: boolean; config?: string }) => {
      const client = llm();
      await applyCommand(
        file,
        {
          repo: opts.repo,
          epic: positiveInt("--epic", opts.epic),
          dryRun: Boolean(opts.dryRun),
          ...(opts.config ? { config: opts.config } : {}),
          ...(client ? { llm: client } : {}),
        },
        io,
      );
    });
}
