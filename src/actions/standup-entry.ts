// Entry point bundled into actions/standup/dist/index.mjs (npm run build:actions).
import { runStandupAction } from "./standup.js";

process.exitCode = await runStandupAction();
