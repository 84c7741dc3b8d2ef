// Entry point bundled into actions/qa/dist/index.mjs (npm run build:actions).
import { runQaAction } from "./qa.js";

process.exitCode = await runQaAction();
