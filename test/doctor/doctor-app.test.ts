import { describe, expect, it } from "vitest";
import { appHarness } from "../support/app-harness.js";
import { commentCreated, WORLD } from "../support/webhooks.js";
import { FULL_INSTALLATION, serveDoctorWorld } from "./github-fixtures.js";

describe("/flightdeck doctor", () => {
  it("answers a writer once with the app-only lines checked (installation, deliveries)", async () => {
    const github = serveDoctorWorld({ app: { ...FULL_INSTALLATION, failedDeliveries: 2 } });
    const h = await appHarness({ routes: ["GET", "POST"] });
    await h.comment("/flightdeck doctor", WORLD.maintainer, []);
    await h.settle();
    expect(github.isDone()).toBe(true);
    const answers = h.botComments().filter((c) => c.body.includes("<!-- flightdeck:doctor comment=501 -->"));
    expect(answers).toHaveLength(1);
    const body = answers[0]?.body ?? "";
    expect(body).toContain("### Flightdeck pre-flight doctor: octo-org/launchpad");
    expect(body).toContain("🟡 **Cleared for launch, with 1 warning.**");
    expect(body).toContain(
      "| ✅ PASS | Permissions and events | the installation has every permission and event the config uses |",
    );
    expect(body).toContain(
      '| ✅ PASS | Required check on main | "Flightdeck Go/No-Go" is required from this App (ruleset) |',
    );
    expect(body).toContain(
      "| ⚠️ WARN | Webhook deliveries | 2 failed deliveries in the last 24 h: issues.labeled → 503 at 2026-12-06T08:00:00Z; issues.labeled → 503 at 2026-12-06T08:00:00Z |",
    );
    expect(body).toContain("| ✅ PASS | Budget | no budget configured");

    // A redelivery of the same command (comment 501) finds its answer and posts nothing.
    const again = { number: h.epic.number, body: h.fake.issues.get(h.epic.number)?.body ?? "", labels: [] };
    await h.deliver("issue_comment", commentCreated(again, "/flightdeck doctor", WORLD.maintainer, 501));
    await h.settle();
    expect(h.botComments().filter((c) => c.body.includes("flightdeck:doctor"))).toHaveLength(1);
    expect(h.served.violations).toEqual([]);
  });

  it("fails closed on a missing permission, naming it", async () => {
    serveDoctorWorld({
      app: { ...FULL_INSTALLATION, permissions: { ...FULL_INSTALLATION.permissions, checks: "read" } },
    });
    const h = await appHarness({ routes: ["GET", "POST"] });
    await h.comment("/flightdeck doctor", WORLD.maintainer, []);
    await h.settle();
    const body = h.botComments().at(-1)?.body ?? "";
    expect(body).toContain("🔴 **Not cleared for launch: 1 check failed.**");
    expect(body).toContain(
      "| ❌ FAIL | Permissions and events | missing checks: write (the Go/No-Go check run) |",
    );
  });

  it("ignores people without write access", async () => {
    const h = await appHarness({ routes: ["GET"] });
    await h.comment("/flightdeck doctor", WORLD.outsider, []);
    await h.settle();
    expect(h.botComments()).toEqual([]);
    expect(h.fake.log.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
