import { ProbotOctokit } from "probot";

/**
 * Why a receiver-only process (FLIGHTDECK_WORKERS=0 next to Redis workers) makes no GitHub
 * request: its handlers only filter payloads and store jobs; the workers authenticate.
 */
export const RECEIVER_ONLY =
  "this process only receives webhooks (FLIGHTDECK_WORKERS=0): GitHub is called by the workers that run its jobs";

/**
 * The Octokit of a receiver-only process, and the placeholder token Probot is given with it.
 *
 * Why: authenticated as the App, Probot builds an installation Octokit (with every plugin) for
 * each delivery — about a tenth of a receiver's CPU — that no handler uses. With a token, Probot
 * hands every delivery the same client (octokit-auth-probot returns it for "event-octokit").
 * Any request through it fails at once with RECEIVER_ONLY instead of sending the placeholder.
 */
export const ReceiverOctokit = ProbotOctokit.plugin((octokit) => {
  octokit.hook.wrap("request", async () => {
    throw new Error(RECEIVER_ONLY);
  });
});

/** Probot's `githubToken` for a receiver-only process: never sent (see ReceiverOctokit). */
export const RECEIVER_TOKEN = "flightdeck-receiver-only";
