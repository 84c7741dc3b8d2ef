// Entry point bundled into actions/load-test/dist/index.mjs (npm run build:actions).
import { runLoadTestAction } from "./load-test.js";

process.exitCode = await runLoadTestAction();
