import { expect } from "vitest";
import { QaInputError } from "../../src/qa/errors.js";

/**
 * Runs `fn`, which must throw a QaInputError, and returns its message (the text the user sees).
 * @throws Error when `fn` does not throw
 */
export function qaInputErrorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(QaInputError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
}
