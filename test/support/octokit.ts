import { flightdeckOctokitClass, type Octokit } from "../../src/github/octokit.js";

/** An Octokit for tests: token auth, no throttling delays, Probot's plugins otherwise intact. */
export function testOctokit(options: { throttle?: boolean } = {}): Octokit {
  return new (flightdeckOctokitClass({ throttle: options.throttle ?? false }))({
    auth: "ghs_test",
    retry: { enabled: true },
  }) as Octokit;
}
