import type { Heading, Html, Paragraph, Root, RootContent } from "mdast";
import { parseFragment, stringifyMarkdown } from "./processor";

/**
 * A user's section Markdown is embedded in the export as parsed mdast. Two
 * things a user can type would otherwise change the document's structure:
 * - headings: ours use levels 1–3, so a user's heading is demoted to level 4
 *   or deeper (and the importer treats level 4+ as section content);
 * - raw HTML blocks that do not end at a blank line (`<!--`, `<pre>`,
 *   `<script>` … without their closing tag) would swallow every following
 *   section; those are kept as plain text instead.
 */
export const USER_HEADING_MIN_DEPTH = 4;

function htmlEndsByItself(node: Html): boolean {
  const probe = parseFragment(`${node.value}\n\n# probe`).children;
  return probe.length === 2 && probe[0]?.type === "html" && probe[0].value === node.value && probe[1]?.type === "heading";
}

function makeSafe(tree: Root): Root {
  const children = tree.children.map((node): RootContent => {
    if (node.type === "heading" && node.depth < USER_HEADING_MIN_DEPTH) {
      const demoted: Heading = { ...node, depth: USER_HEADING_MIN_DEPTH };
      return demoted;
    }
    if (node.type === "html" && !htmlEndsByItself(node)) {
      const asText: Paragraph = { type: "paragraph", children: [{ type: "text", value: node.value }] };
      return asText;
    }
    return node;
  });
  return { type: "root", children };
}

/**
 * The mdast of a section, in canonical form: parsing and serialising it
 * again gives the same Markdown. Without this, Markdown that remark
 * normalises on the first pass (a `*` bullet, a setext heading, spacing)
 * would change between a first and a second export.
 */
export function sectionNodes(markdown: string): RootContent[] {
  if (!markdown.trim()) return [];
  let tree = makeSafe(parseFragment(markdown));
  let text = stringifyMarkdown(tree);
  for (let pass = 0; pass < 4; pass++) {
    const next = makeSafe(parseFragment(text));
    const nextText = stringifyMarkdown(next);
    tree = next;
    if (nextText === text) break;
    text = nextText;
  }
  return tree.children;
}

/** Nodes read from a document back to a section's Markdown. */
export function nodesToSection(nodes: RootContent[]): string {
  if (nodes.length === 0) return "";
  return stringifyMarkdown({ type: "root", children: nodes }).replace(/\n+$/, "");
}
