// Entry point bundled into actions/watch/dist/index.mjs (npm run build:actions).
import { runWatchAction } from "./watch.js";

process.exitCode = await runWatchAction();
