import { z } from "zod";

/** Defaults of `release.report`. */
export const LAUNCH_REPORT_DEFAULTS = {
  enabled: true,
  environment: "production",
  windowDays: 30,
  retroLabel: "retro",
};

/** `release.report`: when and how the launch report (planned vs actual, evidence, DORA figures, retrospective) is posted. */
export const LaunchReportSettings = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Post launch reports (on a production deployment, an epic or a release's milestone closing, `/flightdeck report`). Default: `true`.",
      ),
    environment: z
      .string()
      .min(1)
      .max(255)
      .default("production")
      .describe("The environment whose successful deployment completes a release. Default: `production`."),
    windowDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe("Days of deployment history the DORA figures cover, 1–365. Default: `30`."),
    retroLabel: z
      .string()
      .min(1)
      .max(50)
      .default("retro")
      .describe("Label of the issues `/flightdeck retro apply` opens. Default: `retro`."),
  })
  .strict()
  .default(LAUNCH_REPORT_DEFAULTS)
  .describe("The launch report and retrospective.");
