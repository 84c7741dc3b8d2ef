import { z } from "zod";
import { ROLES } from "../planner/schema.js";
import { LAUNCH_REPORT_DEFAULTS, LaunchReportSettings } from "./launch-report.js";

/** `release`: readiness checklists, launches and launch reports. */
export const ReleaseSettings = z
  .object({
    checklistLabel: z
      .string()
      .min(1)
      .max(50)
      .default("release-checklist")
      .describe("Label of readiness-checklist issues. Default: `release-checklist`."),
    managerRole: z
      .enum(ROLES)
      .default("devops")
      .describe(
        "Role allowed to start a launch with `/flightdeck launch <version>` (besides admins). Default: `devops`.",
      ),
    checklistTemplate: z
      .string()
      .max(60_000)
      .optional()
      .describe(
        "Markdown template of the checklist; `{{version}}` is replaced. An item ending in `<!-- flightdeck:evidence KEY -->` (KEY: `qa`, `load`, `security`, `defects.p0`, `custom:<name>`) is ticked and unticked by the evidence. Default: the built-in checklist.",
      ),
    defectLabel: z
      .string()
      .min(1)
      .max(50)
      .default("bug")
      .describe(
        "Label of defects; the readiness report counts open ones by priority label (`labels.priority` + P0…P2). Default: `bug`.",
      ),
    report: LaunchReportSettings,
  })
  .strict()
  .default({
    checklistLabel: "release-checklist",
    managerRole: "devops",
    defectLabel: "bug",
    report: LAUNCH_REPORT_DEFAULTS,
  })
  .describe("Releases: readiness checklists, launches and launch reports.");
