import nock from "nock";
import { afterEach, beforeAll } from "vitest";

// Tests are offline: any request nock does not intercept fails instead of reaching the network.
beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});
