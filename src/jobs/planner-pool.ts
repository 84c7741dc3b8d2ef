import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import type { PlanTask, PlanThreadResult } from "../plan-thread.js";
import type { DeterministicPlanner } from "../planner/index.js";
import { type Plan, PlanValidationError } from "../planner/schema.js";

/** A deterministic planner on worker threads, and how to stop them. */
export interface PlannerPool {
  plan: (...args: Parameters<DeterministicPlanner>) => Promise<Plan>;
  /** Ends the threads (waiting tasks are rejected). */
  close(): Promise<void>;
}

/**
 * The thread entry's file, seen from an entry point in src/ — pass that entry's
 * `import.meta.url`. Built code has plan-thread.js beside it; run from the TypeScript sources
 * (tsx, vitest) it is plan-thread-source.mjs, which loads plan-thread.ts through tsx.
 * @throws Error when neither file exists next to `entryUrl`
 */
export function planThreadEntry(entryUrl: string): string {
  for (const name of ["./plan-thread.js", "./plan-thread-source.mjs"]) {
    const file = fileURLToPath(new URL(name, entryUrl));
    if (existsSync(file)) return file;
  }
  throw new Error(`plan-thread.js is missing next to ${fileURLToPath(entryUrl)} (rebuild: npm run build)`);
}

/** Plans remembered by their input (the planner is deterministic): re-planning the same text is free. */
const REMEMBERED_PLANS = 64;

/**
 * Runs the deterministic planner on up to `threads` worker threads (tinypool). Threads start on
 * the first plan and end after `idleTimeoutMs` without work, so an idle process keeps none. The
 * planner stays the same pure function; only where it runs changes. Being deterministic, its
 * last REMEMBERED_PLANS results are kept by input hash (SHA-256 of text and options): a burst
 * of labels or commands on one epic plans its text once.
 *
 * @param options.entryUrl `import.meta.url` of the calling entry point (see planThreadEntry)
 * @param options.threads most threads at once (≥ 1)
 * @param options.idleTimeoutMs how long an idle thread is kept, in ms (default 30,000)
 * @returns a planner that throws PlanValidationError as planFromMarkdown does
 */
export function plannerPool(options: {
  entryUrl: string;
  threads: number;
  idleTimeoutMs?: number;
}): PlannerPool {
  const pool = new Tinypool({
    filename: planThreadEntry(options.entryUrl),
    minThreads: 0,
    maxThreads: options.threads,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
  });
  const remembered = new Map<string, Promise<PlanThreadResult>>();
  const run = (task: PlanTask): Promise<PlanThreadResult> => {
    const key = createHash("sha256").update(JSON.stringify(task.options)).update(task.markdown).digest("hex");
    let result = remembered.get(key);
    if (result)
      remembered.delete(key); // re-inserted below: the Map's order is recency
    else result = pool.run(task) as Promise<PlanThreadResult>;
    remembered.set(key, result);
    if (remembered.size > REMEMBERED_PLANS) remembered.delete(remembered.keys().next().value as string);
    // A thread that failed (not a plan refused) is not remembered: the next call tries again.
    result.catch(() => remembered.delete(key));
    return result;
  };
  return {
    async plan(markdown, planOptions) {
      const result = await run({ markdown, options: planOptions });
      if (!result.ok) throw new PlanValidationError([...result.issues]);
      // Each caller gets its own copy: a remembered plan is never shared mutable state.
      return structuredClone(result.plan);
    },
    close: () => pool.destroy(),
  };
}
