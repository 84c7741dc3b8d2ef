import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";

// The parts of GFM a plan is read from: tables, task lists (`- [x]` is completed work) and
// strikethrough. Autolink literals and footnotes change nothing the planner reads and cost two
// thirds of the parse time (a 1 MB epic: ≈1.2 s with all of GFM, ≈0.4 s with these).
const EXTENSIONS = [gfmTable(), gfmTaskListItem(), gfmStrikethrough()];
const MDAST_EXTENSIONS = [
  gfmTableFromMarkdown(),
  gfmTaskListItemFromMarkdown(),
  gfmStrikethroughFromMarkdown(),
];

/**
 * Parses an epic's Markdown (CommonMark + the GFM parts above, via mdast-util-from-markdown, the
 * parser family GitHub's renderer is specified against) into an mdast tree. Linear in the size.
 */
export function parsePlanMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: EXTENSIONS, mdastExtensions: MDAST_EXTENSIONS });
}
