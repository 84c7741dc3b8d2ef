// Entry point bundled into actions/deploy/dist/index.mjs (npm run build:actions).
import { runDeployAction } from "./deploy.js";

process.exitCode = await runDeployAction();
