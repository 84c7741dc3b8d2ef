import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { cliIo } from "../support/cli-io.js";

let server: Server;
let base = "";
beforeAll(async () => {
  nock.enableNetConnect(/127\.0\.0\.1/);
  server = createServer((req, res) => {
    res.statusCode = req.url === "/down" ? 503 : 200;
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  nock.disableNetConnect();
  await new Promise<void>((r) => server.close(() => r()));
});

const io = (env: Record<string, string> = {}) =>
  cliIo({ env: { PATH: process.env.PATH ?? "", ...env }, now: "2026-11-30T16:00:00Z" });

describe("flightdeck watch", () => {
  it("rolls back with the reason (and without GITHUB_TOKEN) when the health URL fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fd-watch-"));
    const log = join(dir, "rollback.log");
    const t = io({ GITHUB_TOKEN: "ghs_secret" });
    const code = await runCli(
      [
        "watch",
        "--rule",
        "health",
        "--health-url",
        `${base}/down`,
        "--rollback",
        `echo "$FLIGHTDECK_ROLLBACK_REASON \${GITHUB_TOKEN:-no-token}" > ${log}`,
        "--window",
        "1",
        "--consecutive",
        "2",
        "--duration",
        "5",
        "--out",
        join(dir, "watch.json"),
      ],
      t.cli,
    );
    expect(code).toBe(1);
    expect(t.err()).toContain(
      "flightdeck: watch rolled-back: health check failed (GET returned 503) for 2 consecutive seconds",
    );
    expect(readFileSync(log, "utf8")).toBe(
      "health check failed (GET returned 503) for 2 consecutive seconds no-token\n",
    );
    expect(JSON.parse(readFileSync(join(dir, "watch.json"), "utf8"))).toMatchObject({
      kind: "watch",
      outcome: "rolled-back",
    });
  }, 20_000);

  it("exits 0 when healthy and 2 on a bad rule", async () => {
    const ok = io();
    expect(
      await runCli(
        [
          "watch",
          "--rule",
          "health",
          "--health-url",
          `${base}/up`,
          "--rollback",
          "false",
          "--window",
          "1",
          "--duration",
          "2",
        ],
        ok.cli,
      ),
    ).toBe(0);
    expect(ok.out()).toContain("Flightdeck Watch: healthy");
    const bad = io();
    expect(await runCli(["watch", "--rule", "p95~3", "--rollback", "true"], bad.cli)).toBe(2);
    expect(bad.err()).toContain('threshold "p95~3" is not understood');
  }, 20_000);
});
