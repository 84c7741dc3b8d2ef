// The planner thread's entry when Flightdeck runs from its TypeScript sources (vitest, tsx):
// worker threads do not inherit tsx's loader on Node 20, so this loads plan-thread.ts through
// tsx's API (a devDependency). Built code (dist/) uses plan-thread.js directly.
import { tsImport } from "tsx/esm/api";

const thread = await tsImport("./plan-thread.ts", import.meta.url);
export default thread.default;
