import nock from "nock";
import { afterAll, afterEach, beforeAll } from "vitest";
import { assertNoViolations } from "./support/violations.js";

// Tests are offline: any request nock does not intercept fails instead of reaching the network.
beforeAll(() => {
  nock.disableNetConnect();
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
