import { FlightdeckOctokit, type Octokit } from "../../src/github/octokit.js";

/** An Octokit for tests: token auth, no throttling delays, Probot's plugins otherwise intact. */
export function testOctokit(options: { throttle?: boolean } = {}): Octokit {
  return new FlightdeckOctokit({
    auth: "ghs_test",
    throttle: { enabled: options.throttle ?? false },
    retry: { enabled: true },
  }) as Octokit;
}
