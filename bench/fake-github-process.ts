// The fake GitHub of bench:webhooks in a process of its own, answering in 100 ms: its contract
// checks and GraphQL execution then cost the load generator nothing (in the bench's own process
// they would slow autocannon down exactly when Flightdeck's jobs call GitHub). Prints its host.
import { serveGitHubHttp } from "../test/support/github-http.js";
import { webhooksWorld } from "./webhooks-world.js";

const github = await serveGitHubHttp(webhooksWorld().fake, { latencyMs: 100 });
console.log(`fake GitHub on ${github.host}`);
