import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

// The manifest Probot 14 posts to GitHub when you register the app from http://localhost:3000
// (https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest),
// built by Probot's own ManifestCreation from app.yml. The class is not in probot's export map,
// so it is imported from its file next to probot's entry.
type ManifestCreationT = {
  getManifest(options: { pkg: unknown; baseUrl: string; readFileSync?: unknown }): string;
};
const probotEntry = createRequire(import.meta.url).resolve("probot");
const { ManifestCreation } = (await import(
  pathToFileURL(probotEntry.replace(/index\.js$/, "manifest-creation.js")).href
)) as {
  ManifestCreation: new () => ManifestCreationT;
};

const root = new URL("../../", import.meta.url);
const appYml = readFileSync(new URL("app.yml", root), "utf8");
const readme = readFileSync(new URL("README.md", root), "utf8");
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as Record<string, unknown>;

type Manifest = {
  name: string;
  public: boolean;
  hook_attributes: { url: string };
  redirect_url: string;
  default_permissions: Record<string, string>;
  default_events: string[];
};
function manifest(env: { WEBHOOK_PROXY_URL?: string }, baseUrl = "http://localhost:3000"): Manifest {
  const saved = process.env.WEBHOOK_PROXY_URL;
  if (env.WEBHOOK_PROXY_URL) process.env.WEBHOOK_PROXY_URL = env.WEBHOOK_PROXY_URL;
  else delete process.env.WEBHOOK_PROXY_URL;
  try {
    // readFileSync is Probot's own injection point: it always reads the repository's app.yml.
    return JSON.parse(
      new ManifestCreation().getManifest({ pkg, baseUrl, readFileSync: () => appYml }),
    ) as Manifest;
  } finally {
    if (saved === undefined) delete process.env.WEBHOOK_PROXY_URL;
    else process.env.WEBHOOK_PROXY_URL = saved;
  }
}

/** Rows of the README's "Permissions and events" table: `Pull requests` → `pull_requests`. */
function documentedPermissions(): Record<string, string> {
  const section = readme.split("### Permissions and events")[1]?.split("\n### ")[0] ?? "";
  const rows = section.split("\n").filter((l) => /^\| [A-Z]/.test(l) && !l.startsWith("| Permission"));
  return Object.fromEntries(
    rows.map((l) => {
      const [name, access] = l
        .split("|")
        .slice(1, 3)
        .map((c) => c.trim());
      return [(name as string).toLowerCase().replace(/ /g, "_"), access as string];
    }),
  );
}
function documentedEvents(): string[] {
  const section = readme.split("### Permissions and events")[1]?.split("\n### ")[0] ?? "";
  const line = /Events: ([\s\S]*?)\.\n/.exec(section)?.[1] ?? "";
  return [...line.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] as string);
}

describe("the manifest Probot registers from app.yml", () => {
  afterEach(() => {
    delete process.env.WEBHOOK_PROXY_URL;
  });

  it("app.yml leaves the webhook URL to Probot (a URL there would override it)", () => {
    expect((parse(appYml) as Record<string, unknown>).hook_attributes).toBeUndefined();
  });

  it("with WEBHOOK_PROXY_URL, GitHub delivers to the smee.io channel Probot forwards from", () => {
    const m = manifest({ WEBHOOK_PROXY_URL: "https://smee.io/abc123" });
    expect(m.hook_attributes.url).toBe("https://smee.io/abc123");
    expect(m.redirect_url).toBe("http://localhost:3000/probot/setup");
  });

  it("without it, GitHub delivers to the address the setup page was opened on", () => {
    const m = manifest({}, "https://flightdeck.example.org");
    expect(m.hook_attributes.url).toBe("https://flightdeck.example.org/");
    expect(m.hook_attributes.url).not.toContain("example.com");
  });

  it("registers exactly the permissions the README documents", () => {
    const m = manifest({ WEBHOOK_PROXY_URL: "https://smee.io/abc123" });
    expect(documentedPermissions()).toEqual(m.default_permissions);
    expect(Object.keys(m.default_permissions).length).toBeGreaterThan(5);
  });

  it("subscribes to exactly the events the README documents", () => {
    const m = manifest({ WEBHOOK_PROXY_URL: "https://smee.io/abc123" });
    expect([...documentedEvents()].sort()).toEqual([...m.default_events].sort());
    expect(m.default_events).toContain("issues");
  });

  it("stays a private app named Flightdeck", () => {
    const m = manifest({});
    expect(m.public).toBe(false);
    expect(m.name).toBe("Flightdeck");
  });
});

describe("smee-client for local development", () => {
  it("is installed where Probot 14 looks for it (npx-import-light imports it locally)", async () => {
    const { npxImport } = (await import("npx-import-light")) as {
      npxImport: (name: string, o: { onlyPackageRunner: boolean }) => Promise<{ SmeeClient: unknown }>;
    };
    // The same call as probot/lib/helpers/webhook-proxy.js: no network, no npx, just the local package.
    const { SmeeClient } = await npxImport("smee-client@5.0.0", { onlyPackageRunner: true });
    expect(typeof SmeeClient).toBe("function");
    expect((pkg.devDependencies as Record<string, string>)["smee-client"]).toBeDefined();
  });
});
