import { describe, expect, it } from "vitest";
import { throttleBoundMs, throttleGroup } from "../bench/throttle-model.js";

describe("benchmark throttle model (Flightdeck's per-installation write spacing)", () => {
  it("classifies requests like the plugin", () => {
    expect(throttleGroup({ method: "GET", path: "/repos/o/r/issues/1/comments" })).toBe("read");
    expect(throttleGroup({ method: "POST", path: "/graphql", operationType: "mutation" })).toBe("write");
    expect(throttleGroup({ method: "POST", path: "/graphql", operationType: "query" })).toBe("read");
    expect(throttleGroup({ method: "POST", path: "/repos/o/r/issues" })).toBe("notification");
    expect(throttleGroup({ method: "POST", path: "/repos/o/r/issues/3/sub_issues" })).toBe("notification");
    expect(throttleGroup({ method: "POST", path: "/repos/o/r/issues/3/comments" })).toBe("notification");
    expect(throttleGroup({ method: "POST", path: "/repos/o/r/issues/3/dependencies/blocked_by" })).toBe(
      "write",
    );
    expect(throttleGroup({ method: "PATCH", path: "/repos/o/r/issues/3" })).toBe("write");
    expect(throttleGroup({ method: "POST", path: "/repos/o/r/labels" })).toBe("write");
  });

  it("spaces writes 1 s apart and notifying writes 3 s apart", () => {
    const gql = { method: "POST", path: "/graphql", operationType: "mutation" };
    const create = { method: "POST", path: "/repos/o/r/issues" };
    const label = { method: "POST", path: "/repos/o/r/labels" };
    expect(throttleBoundMs([gql, gql, gql])).toBe(2000);
    expect(throttleBoundMs([create, create])).toBe(3000);
    expect(throttleBoundMs([create, label, create])).toBe(3000);
    expect(throttleBoundMs([{ method: "GET", path: "/repos/o/r" }])).toBe(0);
  });
});
