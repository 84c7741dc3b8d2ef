import type { TaskDraft } from "./draft.js";
import { addEdgeSafely, dependsOn, tokenList, tokens } from "./links.js";

/**
 * The kind of work a task is, read from the head of its title (what it delivers), for ordering
 * when the text is silent:
 * design → foundation (setup, structure, data model, auth) → data (ingestion, sources, API the
 * views read) → build / ui → test (integration, end-to-end, smoke) → release. `docs` is ordered
 * after nothing in particular and nothing waits for it.
 */
export type WorkKind =
  | "design"
  | "foundation"
  | "config"
  | "auth"
  | "data"
  | "build"
  | "ui"
  | "test"
  | "docs"
  | "release";

const RELEASE =
  /\b(deploy(ment)?|launch|release|rollout|roll out|go-live|go live|production|handoff|hand-off|ship(ping)?|publish(ing)?)\b/;
const TEST_HEAD =
  /^(\W*)(tests?|testing|verify|verification|qa|e2e|end-to-end|smoke|regression|load test|performance test|acceptance test|beta|user acceptance|uat|audit)\b/;
const TEST_TAIL =
  /\b(?<!(input|schema|request|form|data|field|config|configuration) )(tests?|testing|verification|validation|qa|e2e|smoke tests?|test suite|test plan|beta( programme| program| testing)?|audit)\s*(\(.*\))?$/;
const TEST_ANY =
  /\b(e2e|end-to-end|integration tests?|smoke tests?|test plan|test suite|qa pass|regression tests?)\b/;
const TEST_WORD = /\b(tests?|testing|verification|verify|validation|qa|e2e|end-to-end|smoke|beta|audit)\b/;
// "… implemented; templates and tests", "Add X with tests": the tests belong to the build work.
const BUILD_VERB =
  /\b(implement(ed|s|ation)?|build|create|add|write|develop|refactor|extend|support|introduce|generate|cli|scaffold(ing)?)\b/;
const DOCS =
  /^(\W*)(document(ing)? (the|how|our|its|all|every|each|api|new)|write (the )?(docs|documentation|guide)|documentation|docs?|guides?|readme|tutorials?|handbook|user docs|api docs)\b|\b(documentation|docs|guide|readme|tutorials?|handbook)( updated| update)?\s*(:.*)?$/;
const DESIGN =
  /^(\W*)(technical |system |ux |ui |api |data |solution )?(design|architecture|wireframes?|mockups?|specification|spec|proposal|rfc|research|discovery|prototype)\b|\b(design|architecture|wireframes?|mockups?)( and (review|sign-?off))?$/;
const FOUNDATION =
  /\b(setup|set up|project scaffold(ing)?|skeleton|bootstrap|project structure|directory structure|folder structure|repository structure|foundation|infrastructure foundation|data model|domain model|schema|database|migrations?|persistence|storage layer)\b/;
const AUTH =
  /\b(auth(entication|orization)?|log ?in|sign[- ]?(in|up)|accounts?|identity|sso|oauth|sessions?|wallet[- ]based|connect wallet|permissions?|rbac)\b/;
const DATA =
  /\b(data (integration|ingestion|pipeline|collection|source|layer|sync|import|model)|ingest(ion)?|import(er)?|sync(hroni[sz]ation)?|extraction|extract(or)?|crawler|indexing|indexer|registry|api|endpoints?|backend|service layer|aggregat(ion|or))\b/;
const UI =
  /\b(ui|user interface|front-?end|web app(lication)?|pages?|screens?|views?|dashboard|feed|panel|widgets?|viewer|explorer|overlay|display|mobile|responsive|visuali[sz]ation|charts?|forms?)\b/;
// Settings a later feature reads: a configuration file, preferences, modes, flags.
const CONFIG =
  /^(\W*)((support|provide|add|define|allow|introduce)\s+(an?\s+|the\s+)?)?(config(uration)?( file| schema| format| options?)?|settings|preferences|feature flags?|options)\b|\bconfiguration (file|schema|format)\b/;
// Verbs a requirement starts with; the words after them name what it is about.
const LEADING_VERB =
  /^(support|provide|implement|add|create|build|ensure|allow|enable|make|introduce|develop|define|handle|offer|deliver|use|let|write|establish|refactor|extend)\b\s*/;
// A view that shows data (rather than a form that produces it).
const SHOWS =
  /\b(views?|review|lists?|listing|show|shows|display|dashboard|feed|reports?|browse|search|explore|explorer|see|overview|history|timeline|charts?|visuali[sz]ation)\b/;
// Words saying a feature works on the signed-in user's own data.
const USER_SCOPED =
  /\b(user'?s|their|my|own|personal|profile|account|connected|signed[- ]in|logged[- ]in|per[- ]user)\b/;

/** The kind of work a task title names (see WorkKind). */
export function kindOfWork(title: string): WorkKind {
  const t = title.toLowerCase();
  if (RELEASE.test(t) && !/\b(pipeline|ci\b|ci\/cd|readiness review)/.test(t)) return "release";
  // Tests are the task when a test word comes before any build verb ("CI smoke test for the
  // scaffolding"), not when they are part of the work ("CLI implemented; templates and tests").
  const testAt = t.search(TEST_WORD);
  const buildAt = Math.min(
    ...[t.search(BUILD_VERB), t.search(/\.\w{1,4}\b/)].map((i) => (i < 0 ? Number.POSITIVE_INFINITY : i)),
  );
  if ((TEST_HEAD.test(t) || TEST_TAIL.test(t) || TEST_ANY.test(t)) && testAt >= 0 && testAt < buildAt)
    return "test";
  if (DOCS.test(t)) return "docs";
  if (DESIGN.test(t)) return "design";
  if (AUTH.test(t) && !UI.test(t.replace(AUTH, ""))) return "auth";
  if (FOUNDATION.test(t)) return "foundation";
  if (CONFIG.test(t)) return "config";
  if (UI.test(t)) return "ui";
  if (DATA.test(t)) return "data";
  return "build";
}

const BUILDS: ReadonlySet<WorkKind> = new Set(["foundation", "config", "auth", "data", "build", "ui"]);
const WIDE_TEST =
  /\b(integration|e2e|end-to-end|smoke|system|acceptance|beta|uat|regression|load|performance)\b/;

/** What the texts of drafts give the ordering rules: kind, words, and a two-word subject. */
interface Facts {
  kind: WorkKind;
  words: Set<string>;
  text: string;
  subject?: string;
}

function factsOf(d: TaskDraft): Facts {
  const kind = kindOfWork(d.title);
  const body = `${d.title} ${d.details.join(" ")}`;
  const head = tokenList(d.title.toLowerCase().replace(LEADING_VERB, ""));
  const subject = head.length >= 2 ? `${head[0]} ${head[1]}` : undefined;
  return {
    kind,
    words: tokens(body),
    text: ` ${tokenList(body).join(" ")} `,
    ...(subject ? { subject } : {}),
  };
}

/**
 * Dependencies from the kind of work where the text is silent, added after every stated edge and
 * never against one (an edge that would close a cycle with what the text says is dropped):
 * - build work after a design or foundation task (setup, structure, data model);
 * - work on the user's own data and every view after authentication;
 * - views after the data sources they show (ingestion, integration, API);
 * - work listed after a configuration task (a config file, preferences) and sharing its words
 *   after that task: the behaviour reads the settings;
 * - a task after another whose subject its text uses ("the scheduler checks the endpoint
 *   capacity" after "Endpoint capacity calculation");
 * - tests after what they test (integration/E2E/smoke tests after all build work), release last;
 * - nothing waits for documentation.
 * Each edge's origin is recorded on the draft (`origins`) for the task body.
 *
 * @returns the number of edges added
 */
export function linkByKind(drafts: TaskDraft[]): number {
  const facts = drafts.map(factsOf);
  let added = 0;
  const link = (from: number, to: number, why: string) => {
    if (from === to || dependsOn(drafts, to, from)) return;
    if (addEdgeSafely(drafts, from, to, why)) added++;
  };
  const indices = (pred: (f: Facts, i: number) => boolean) =>
    facts.map((f, i) => (pred(f, i) ? i : -1)).filter((i) => i >= 0);

  const design = indices((f) => f.kind === "design");
  const foundation = indices((f) => f.kind === "foundation");
  const auth = indices((f) => f.kind === "auth");
  const data = indices((f) => f.kind === "data");
  const builds = indices((f) => BUILDS.has(f.kind));
  for (const i of builds) {
    for (const j of design) link(j, i, "kind of work: build after design");
    if (facts[i]?.kind !== "foundation")
      for (const j of foundation) link(j, i, "kind of work: build on the foundation");
  }
  for (const i of builds) {
    const f = facts[i] as Facts;
    if (f.kind === "auth" || f.kind === "foundation") continue;
    if (f.kind === "ui" || USER_SCOPED.test(f.text))
      for (const j of auth) link(j, i, "kind of work: user-facing work after authentication");
    if (f.kind === "ui" && SHOWS.test(f.text))
      for (const j of data) link(j, i, "kind of work: views after the data they show");
  }
  const config = indices((f) => f.kind === "config");
  for (const j of config) {
    const own = tokens(drafts[j]?.title.replace(CONFIG, "") ?? "");
    for (const i of builds) {
      if (i <= j || facts[i]?.kind === "config") continue;
      if ([...own].some((w) => tokens(drafts[i]?.title ?? "").has(w)))
        link(j, i, "kind of work: behaviour after the settings it reads");
    }
  }
  // A task whose text uses another's subject builds on it (unless each uses the other's).
  for (const i of builds) {
    for (const j of builds) {
      const a = facts[i] as Facts;
      const b = facts[j] as Facts;
      if (i === j || !b.subject || a.subject === b.subject) continue;
      if (!a.text.includes(` ${b.subject} `)) continue;
      if (a.subject && b.text.includes(` ${a.subject} `)) continue;
      link(j, i, `it uses "${b.subject}"`);
    }
  }
  const tests = indices((f) => f.kind === "test");
  for (const i of tests) {
    const t = facts[i] as Facts;
    const wide = WIDE_TEST.test(drafts[i]?.title.toLowerCase() ?? "");
    const named = builds.filter((j) => {
      const s = facts[j]?.subject;
      return s !== undefined && t.text.includes(` ${s} `);
    });
    const before = builds.filter((j) => j < i);
    const targets = wide ? builds : named.length ? named : before.length ? before : builds;
    for (const j of targets) link(j, i, "kind of work: tests after what they test");
  }
  const release = indices((f) => f.kind === "release");
  for (const i of release) {
    const targets = tests.length ? tests : builds;
    for (const j of targets) link(j, i, "kind of work: release after the tests");
    // Build work no test covers still comes before the release (link skips what is already before it).
    for (const j of builds) link(j, i, "kind of work: release last");
  }
  return added;
}
