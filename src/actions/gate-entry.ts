// Entry point bundled into actions/gate/dist/index.mjs (npm run build:actions).
import { runGateAction } from "./gate.js";

process.exitCode = await runGateAction();
