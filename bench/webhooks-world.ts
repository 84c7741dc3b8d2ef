// The world of bench:webhooks, built the same way in the bench and in its fake GitHub process
// (deterministic: the same issue and pull request numbers in both): the usage-billing epic, a
// team, a config on the default branch and 20 open pull requests.
import { readFileSync } from "node:fs";
import { FakeGitHub } from "../test/support/fake-github.js";
import { fixtureEpicPath } from "../test/support/paths.js";
import { WORLD } from "../test/support/webhooks.js";

export function webhooksWorld() {
  const fake = new FakeGitHub();
  const epicBody = readFileSync(fixtureEpicPath("usage-billing.md"), "utf8");
  const epicIssue = fake.addIssue("Epic: Usage-based billing", epicBody, "mona");
  for (const login of ["alice", "bob", "quinn"]) fake.addUser(login, "write");
  fake.addUser(WORLD.maintainer, "admin");
  fake.files.set(".github/flightdeck.yml", "team:\n  backend: [alice, bob]\n  qa: [quinn]\n");
  for (let i = 0; i < 20; i++) fake.addPull(`${"a".repeat(39)}${i % 10}`, "dana");
  return { fake, epic: { number: epicIssue.number, body: epicBody, labels: ["epic"] } };
}
