import { randomBytes } from "node:crypto";
import type { Probot } from "probot";
import { createApp } from "./app.js";
import { anthropicClient } from "./llm/anthropic.js";

/**
 * The Flightdeck GitHub App as Probot loads it (`probot run ./dist/index.js` or `npm start`).
 * Environment: WEBHOOK_SECRET (also signs previewed plans unless FLIGHTDECK_PLAN_SECRET is
 * set), ANTHROPIC_API_KEY (optional: enables the Claude planner).
 */
export default function flightdeck(app: Probot): void {
  let secret = process.env.FLIGHTDECK_PLAN_SECRET ?? process.env.WEBHOOK_SECRET;
  if (!secret || secret === "development") {
    app.log.warn(
      "No WEBHOOK_SECRET/FLIGHTDECK_PLAN_SECRET: plan previews are signed with a per-process key and need re-planning after a restart.",
    );
    secret = randomBytes(32).toString("hex");
  }
  const key = process.env.ANTHROPIC_API_KEY;
  // APP_ID is required by Probot itself; it is what "written by Flightdeck" is checked against.
  const appId = Number(process.env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0) throw new Error("APP_ID must be this GitHub App's numeric id.");
  createApp({ secret, appId, ...(key ? { llm: anthropicClient(key) } : {}) })(app);
}
