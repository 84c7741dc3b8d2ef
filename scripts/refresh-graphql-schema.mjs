#!/usr/bin/env node
// Refreshes the GraphQL schema fixture the tests validate every GraphQL document against
// (test/fixtures/github/schema.docs.graphql) from GitHub's public schema, and records where it
// came from and when in test/fixtures/github/schema.source.json (a test checks the record
// matches the file, so the fixture cannot drift from its stated source unnoticed).
//
// The schema is GitHub's github.com schema as published in github/docs
// (src/graphql/data/fpt/schema.docs.graphql); this project receives a verified copy beside the
// repository in ../shared/github/ (its README says which commit and date). Do not use
// `@octokit/graphql-schema` from npm: it is stale (no `addBlockedBy`, no `issueTypeId`).
//
// Usage: node scripts/refresh-graphql-schema.mjs [path/to/schema.docs.graphql]
//        (default ../shared/github/schema.docs.graphql)
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const from = resolve(process.argv[2] ?? join(root, "..", "shared", "github", "schema.docs.graphql"));
if (!existsSync(from)) {
  console.error(`no schema at ${from}: pass the path to GitHub's schema.docs.graphql`);
  process.exit(2);
}
const text = readFileSync(from, "utf8");
if (!/^type Mutation\b/m.test(text) || !/^type Query\b/m.test(text)) {
  console.error(`${from} does not look like GitHub's GraphQL schema (no Query/Mutation types)`);
  process.exit(1);
}
// The copy's README (if any) states the upstream commit and retrieval date.
const readme = join(dirname(from), "README.md");
const notes = existsSync(readme) ? readFileSync(readme, "utf8") : "";
const retrieved = /retrieved (\d{4}-\d{2}-\d{2})/.exec(notes)?.[1] ?? null;
const mirror = /mirror ([\w.-]+\/[\w.-]+) @ ([0-9a-f]{40})/.exec(notes);

writeFileSync(join(root, "test/fixtures/github/schema.docs.graphql"), text);
const record = {
  source: "github/docs src/graphql/data/fpt/schema.docs.graphql (GitHub's public github.com GraphQL schema)",
  ...(mirror ? { repository: mirror[1], commit: mirror[2] } : {}),
  retrieved,
  copiedFrom: "../shared/github/schema.docs.graphql",
  copied: new Date().toISOString().slice(0, 10),
  characters: text.length,
  sha256: createHash("sha256").update(text).digest("hex"),
  refresh: "node scripts/refresh-graphql-schema.mjs [path]",
};
writeFileSync(join(root, "test/fixtures/github/schema.source.json"), `${JSON.stringify(record, null, 2)}\n`);
console.log(
  `copied ${text.length} characters (retrieved ${retrieved ?? "unknown"}) to test/fixtures/github/`,
);
