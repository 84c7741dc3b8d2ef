import nock from "nock";
import { afterAll, afterEach, beforeAll } from "vitest";
import { assertNoViolations, recordViolation } from "./support/violations.js";

// Tests are offline: any request nock does not intercept fails instead of reaching the network.
// A GitHub request no fake answered fails the test too, even if the code swallows the error.
beforeAll(() => {
  nock.disableNetConnect();
  type Unmatched = { method?: string; path?: string; options?: { hostname?: string } };
  nock.emitter.on("no match", (req: Unmatched) => {
    if (/(^|\.)github\.com$/.test(req.options?.hostname ?? "")) {
      recordViolation("nock", `${req.method} ${req.path}: no fake GitHub answers this request`);
    }
  });
});

// Any request a fake GitHub refused (REST vs OpenAPI, GraphQL vs schema) fails the test that made
// it, whether or not the test looks at its harness; afterAll catches requests made after a test.
afterEach(() => {
  nock.cleanAll();
  assertNoViolations();
});

afterAll(() => {
  assertNoViolations();
});
