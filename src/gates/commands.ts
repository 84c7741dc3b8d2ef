import type { Paragraph, PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { inlineUntrusted } from "../text/sanitize.js";

/** A `/flightdeck go|no-go|withdraw` command, derived from a pull-request comment. */
export interface GateCommand {
  user: string;
  command: "go" | "no-go" | "withdraw";
  reason?: string;
  /** ISO time the comment was created (never its edit time: edited comments never count). */
  at: string;
}

/** A pull-request conversation comment as the gate reads it (GraphQL `IssueComment`). */
export interface PullComment {
  author: string;
  /** `author.__typename === "Bot"`: bots never give commands. */
  authorIsBot: boolean;
  body: string;
  /** ISO creation time. */
  createdAt: string;
  /** `lastEditedAt` set or `includesCreatedEdit`: the text is not what was first posted. */
  edited: boolean;
}

const COMMAND = /^[ \t]*\/flightdeck[ \t]+(go|no-go|withdraw)(?=$|[ \t])[ \t]*(.*)$/i;
/** A one-line body without any character Markdown gives meaning to: mdast would read it as is. */
const PLAIN_LINE =
  /^ {0,3}\/flightdeck[ \t]+(go|no-go|withdraw)(?:[ \t]+([\p{L}\p{N} .,:;!?'"()/+=%-]*))?[ \t]*$/iu;
const EXTENSIONS = [gfm()];
const MDAST_EXTENSIONS = [gfmFromMarkdown()];
/** Parsed bodies: evaluations re-read the same comments, and Markdown parsing is the costly part. */
const parsedBodies = new Map<string, Pick<GateCommand, "command" | "reason"> | undefined>();
const PARSE_CACHE_LIMIT = 10_000;

/**
 * The first gate command of a comment body: a top-level paragraph line `/flightdeck go`,
 * `/flightdeck no-go <reason>` or `/flightdeck withdraw`. A command inside any code block
 * (fenced, indented, nested fences), inline code, a block quote, a list or raw HTML is someone
 * quoting the syntax, not using it. Parsed with mdast (CommonMark + GFM), as GitHub renders it.
 * Bodies without `/flightdeck` and plain one-line commands skip the parser (same answer);
 * parsed answers are remembered per body text (at most 10,000).
 * @returns the command and its reason (≤ 500 characters), or undefined
 */
export function commandOf(body: string): Pick<GateCommand, "command" | "reason"> | undefined {
  if (!/\/flightdeck/i.test(body)) return undefined;
  const plain = PLAIN_LINE.exec(body);
  if (plain) return commandFrom(plain[1] as string, plain[2] ?? "");
  if (parsedBodies.has(body)) return parsedBodies.get(body);
  if (parsedBodies.size >= PARSE_CACHE_LIMIT) parsedBodies.clear();
  const parsed = parseCommandMarkdown(body);
  parsedBodies.set(body, parsed);
  return parsed;
}

function commandFrom(name: string, args: string): Pick<GateCommand, "command" | "reason"> {
  const command = name.toLowerCase() as GateCommand["command"];
  // The reason is the commenter's text, shown in the check run and the deployment's answer.
  // Inline code and HTML were blanked out (\u0000) by the parser: they are dropped from it.
  const reason = inlineUntrusted(args.split("\u0000").join("").replace(/\s+/g, " ").trim().slice(0, 500));
  return command === "no-go" && reason ? { command, reason } : { command };
}

function parseCommandMarkdown(body: string): Pick<GateCommand, "command" | "reason"> | undefined {
  const tree = fromMarkdown(body, { extensions: EXTENSIONS, mdastExtensions: MDAST_EXTENSIONS });
  for (const node of tree.children as RootContent[]) {
    if (node.type !== "paragraph") continue;
    for (const line of plainText(node).split(/\r?\n/)) {
      const m = COMMAND.exec(line);
      if (m) return commandFrom(m[1] as string, m[2] as string);
    }
  }
  return undefined;
}

/** The paragraph's text as written, without inline code or HTML (quoted syntax is not a command). */
function plainText(paragraph: Paragraph): string {
  const walk = (nodes: PhrasingContent[]): string =>
    nodes
      .map((n) => {
        if (n.type === "text") return n.value;
        if (n.type === "break") return "\n";
        if (n.type === "inlineCode" || n.type === "html") return "\u0000";
        return "children" in n ? walk(n.children as PhrasingContent[]) : "";
      })
      .join("");
  return walk(paragraph.children);
}

/**
 * The commands of a pull request's conversation, oldest first: one per comment at most, never
 * from bots or from edited comments (an edit could turn an old remark into a fresh approval).
 */
export function commandsFrom(comments: PullComment[]): GateCommand[] {
  return comments
    .filter((c) => !c.edited && !c.authorIsBot)
    .flatMap((c) => {
      const parsed = commandOf(c.body);
      return parsed ? [{ user: c.author, at: c.createdAt, ...parsed }] : [];
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** When the head commit could have become the head, from facts GitHub records (not the author). */
export interface HeadFacts {
  sha: string;
  /** The commit's committer date: set by whoever made the commit, so only ever a lower bound. */
  committedDate: string;
  /** `HeadRefForcePushedEvent`s of the pull request (server time, and the commit pushed). */
  forcePushes: Array<{ at: string; after: string | undefined }>;
  /**
   * Check suites GitHub created for the head commit (server time; one per app and push, one
   * per workflow run), with the branch they were created for.
   */
  checkSuites: Array<{ createdAt: string; branch: string | undefined }>;
  /** The pull request's head branch name. */
  headRef: string;
}

/**
 * The time from which a `/flightdeck go` counts for the head commit, or undefined when GitHub
 * holds no server-side record of the push (then no `go` counts: fail closed). GitHub no longer
 * reports push times (`Commit.pushedDate` was removed in 2023), so this is the latest of: the
 * committer date, the last force-push to this commit, and the first check suite GitHub created
 * for this commit on the pull request's head branch (GitHub creates one for every app with
 * checks permission on each push). Without such a suite, the newest suite of any branch is used
 * — later than the push, so a `go` given before it never counts (a stricter, safe answer).
 */
export function headSince(facts: HeadFacts): string | undefined {
  const onBranch = facts.checkSuites
    .filter((s) => s.branch === facts.headRef)
    .map((s) => s.createdAt)
    .sort();
  const any = facts.checkSuites.map((s) => s.createdAt).sort();
  const pushed = onBranch[0] ?? any[any.length - 1];
  if (!pushed) return undefined;
  const times = [
    pushed,
    facts.committedDate,
    ...facts.forcePushes.filter((p) => p.after === facts.sha).map((p) => p.at),
  ];
  return times.sort()[times.length - 1];
}
