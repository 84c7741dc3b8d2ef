import { z } from "zod";

/** Severities GitHub gives code-scanning (`rule.security_severity_level`) and Dependabot alerts. */
export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

const LEVEL = "`block` fails the gate (red), `warn` marks it yellow, `off` skips it";
const levelOf = (what: string) =>
  z.enum(["block", "warn", "off"]).default("block").describe(`${what} Level: ${LEVEL}. Default: \`block\`.`);

const most = (severity: Severity, fallback?: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .optional()
    .describe(
      `Most open ${severity} alerts allowed, e.g. \`${fallback ?? 3}\`. Default: ${fallback === undefined ? "no limit" : `\`${fallback}\``}.`,
    );

/** Per-severity limits on one alert source, with its level. Unset severities are not limited. */
const BySeverity = (what: string) =>
  z
    .object({
      maxCritical: most("critical", 0).default(0),
      maxHigh: most("high", 0).default(0),
      maxMedium: most("medium"),
      maxLow: most("low"),
      level: levelOf(`How ${what} over a limit (or unreadable) count.`),
    })
    .strict();

/**
 * The `security` criterion of a pull-request or deployment policy: open alerts from GitHub's
 * code scanning (on the ref under evaluation), Dependabot and secret scanning, each against its
 * limits. A source GitHub cannot answer for (feature off, permission missing) fails closed with
 * GitHub's reason unless its `level` is `off`.
 */
export const SecurityPolicy = z
  .object({
    codeScanning: BySeverity("code-scanning alerts")
      .default({ maxCritical: 0, maxHigh: 0, level: "block" })
      .describe(
        "Open code-scanning alerts on the ref (GET …/code-scanning/alerts?ref=&state=open), by security severity. Default: `{ maxCritical: 0, maxHigh: 0, level: block }`.",
      ),
    dependabot: BySeverity("Dependabot alerts")
      .default({ maxCritical: 0, maxHigh: 0, level: "block" })
      .describe(
        "Open Dependabot alerts (GET …/dependabot/alerts?state=open), by advisory severity. Default: `{ maxCritical: 0, maxHigh: 0, level: block }`.",
      ),
    secretScanning: z
      .object({
        max: z
          .number()
          .int()
          .min(0)
          .max(100_000)
          .default(0)
          .describe("Most open secret-scanning alerts allowed. Default: `0`."),
        level: levelOf("How secret-scanning alerts over the limit (or unreadable) count."),
      })
      .strict()
      .default({ max: 0, level: "block" })
      .describe(
        "Open secret-scanning alerts (GET …/secret-scanning/alerts?state=open). Default: `{ max: 0, level: block }`.",
      ),
  })
  .strict()
  .describe(
    "Open security alerts allowed, per source (code scanning, Dependabot, secret scanning), e.g. `{ codeScanning: { maxCritical: 0, maxHigh: 3 } }`. A source that is off on GitHub or unreadable (missing permission) fails closed unless its `level` is `off`. Default: not checked.",
  );
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;
