import { run } from "probot";
import { FlightdeckOctokit } from "./github/octokit.js";
import flightdeck from "./index.js";

// `npm start`: Probot's server (and its manifest flow on first run) with Flightdeck's
// bounded rate-limit handling.
await run(flightdeck, { Octokit: FlightdeckOctokit });
