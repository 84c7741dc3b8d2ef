import type { Unavailable } from "./facts.js";

/** PASS: ready; WARN: works, with a gap to know about; FAIL: blocks the launch. */
export type DoctorStatus = "PASS" | "WARN" | "FAIL";

/** One line of the doctor's report: what was checked, what was found, and how to fix it. */
export interface DoctorLine {
  check: string;
  status: DoctorStatus;
  detail: string;
  /** What to do; absent on PASS lines. */
  fix?: string;
}

/** The whole report: every line and the overall verdict. */
export interface DoctorReport {
  repository: string;
  lines: DoctorLine[];
  /** True when no line fails. */
  cleared: boolean;
  /** One sentence: cleared for launch or not, and why. */
  overall: string;
}

/** True for a fact that could not be read. */
export const isUnavailable = (v: unknown): v is Unavailable =>
  typeof v === "object" && v !== null && "unavailable" in v;
