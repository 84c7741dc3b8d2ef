import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import type { Verdict } from "../gates/verdict.js";

/** Splits a multi-line or space-separated input into its items. */
export function list(input: string): string[] {
  return input
    .split(/[\n\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Parses an optional numeric input. @returns undefined for an empty input
 * @throws Error naming the input and what was expected
 */
export function number(
  input: string,
  name: string,
  bounds: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (!input.trim()) return undefined;
  const n = Number(input);
  const ok =
    Number.isFinite(n) &&
    (bounds.min === undefined || n >= bounds.min) &&
    (bounds.max === undefined || n <= bounds.max) &&
    (!bounds.integer || Number.isInteger(n));
  if (!ok) {
    const range = `${bounds.integer ? "a whole number" : "a number"}${bounds.min !== undefined ? ` ≥ ${bounds.min}` : ""}${bounds.max !== undefined ? ` ≤ ${bounds.max}` : ""}`;
    throw new Error(`input ${name} must be ${range}, got "${input}"`);
  }
  return n;
}

/**
 * The commit a report is about: the `sha` input, else the pull request's head commit from the
 * event payload (GITHUB_SHA is a merge commit on pull_request events), else GITHUB_SHA.
 */
export function commitOf(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.INPUT_SHA?.trim();
  if (explicit) return explicit;
  return readEvent(env).pull_request?.head?.sha || env.GITHUB_SHA || undefined;
}

/** The parts of the triggering event's payload (GITHUB_EVENT_PATH) the Actions read. */
export interface PullEvent {
  pull_request?: { number: number; user?: { login: string }; head?: { sha: string } };
  repository?: { default_branch?: string };
}

/** The triggering event's payload; {} when there is none or it cannot be read. */
export function readEvent(env: NodeJS.ProcessEnv): PullEvent {
  if (!env.GITHUB_EVENT_PATH) return {};
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as PullEvent;
  } catch {
    return {};
  }
}

/**
 * Ends a step by its verdict: red fails it (unless the fail-on-red input is false), yellow warns.
 * @returns the exit code
 */
export function exitForVerdict(verdict: Pick<Verdict, "color" | "title">): number {
  if (verdict.color === "red" && core.getBooleanInput("fail_on_red")) {
    core.setFailed(verdict.title);
    return 1;
  }
  if (verdict.color === "yellow") core.warning(verdict.title);
  return 0;
}
