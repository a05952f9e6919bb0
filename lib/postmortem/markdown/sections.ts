import type { Heading, Html, Nodes, Paragraph, Root, RootContent } from "mdast";
import { parseFragment, stringifyMarkdown } from "./processor";

/**
 * A user's section Markdown is embedded in the export as parsed mdast. Two
 * things a user can type would otherwise change the document's structure:
 * - headings: ours use levels 1–3, so a user's headings are moved down
 *   together until the shallowest is level 4 (the importer treats level 4+
 *   as section content);
 * - raw HTML blocks that do not end at a blank line (`<!--`, `<pre>`,
 *   `<script>` … without their closing tag) would swallow every following
 *   section; those are kept as plain text instead.
 */
export const USER_HEADING_MIN_DEPTH = 4;

function htmlEndsByItself(node: Html): boolean {
  const probe = parseFragment(`${node.value}\n\n# probe`).children;
  return probe.length === 2 && probe[0]?.type === "html" && probe[0].value === node.value && probe[1]?.type === "heading";
}

/**
 * A bare URL or e-mail address is kept as text, not as a link: remark would
 * write it back as `<…>`, which is not always an autolink again
 * (`<a@b.co_x>`), so each pass would add brackets. As text it stays a bare
 * address, which GFM still renders as a link.
 */
export function unlinkLiterals(node: Nodes): void {
  if (!("children" in node)) return;
  node.children = node.children.map((child) => {
    if (child.type === "link" && child.children.length === 1) {
      const only = child.children[0];
      if (only?.type === "text" && (only.value === child.url || `mailto:${only.value}` === child.url)) return only;
    }
    return child;
    // Safe: a link's only text child is phrasing content, allowed wherever the link stood.
  }) as typeof node.children;
  for (const child of node.children) unlinkLiterals(child);
}

const FLOW_CONTAINERS = new Set(["root", "listItem", "blockquote", "footnoteDefinition"]);

/**
 * Raw HTML blocks that would run on past their container become text, at
 * any depth. The others lose the (meaningless) indentation of their first
 * line, which mdast keeps in the value: "  <br/>" written after a list
 * would otherwise be read back as part of its last item.
 */
function neutraliseOpenHtml(node: Nodes): void {
  if (!("children" in node)) return;
  if (FLOW_CONTAINERS.has(node.type)) {
    node.children = node.children.map((child) => {
      if (child.type !== "html") return child;
      if (!htmlEndsByItself(child)) return { type: "paragraph", children: [{ type: "text", value: child.value }] } satisfies Paragraph;
      return { ...child, value: child.value.replace(/^ {1,3}/, "") };
      // Safe: only flow containers get here, and a paragraph is flow content like the html block it replaces.
    }) as typeof node.children;
  }
  for (const child of node.children) neutraliseOpenHtml(child);
}

/**
 * Headings inside a section move down together so the shallowest is at
 * least level 4: a user's "# Heading" cannot start a section, and an
 * imported "### Part" keeps its "#### Detail" under it.
 */
function demoteHeadings(nodes: RootContent[]): RootContent[] {
  const depths = nodes.flatMap((n) => (n.type === "heading" ? [n.depth] : []));
  const shift = depths.length ? Math.max(0, USER_HEADING_MIN_DEPTH - Math.min(...depths)) : 0;
  if (shift === 0) return nodes;
  return nodes.map((node): RootContent => {
    if (node.type !== "heading") return node;
    const demoted: Heading = { ...node, depth: clampDepth(node.depth + shift) };
    return demoted;
  });
}

function clampDepth(depth: number): Heading["depth"] {
  if (depth <= 4) return 4;
  return depth === 5 ? 5 : 6;
}

function makeSafe(tree: Root): Root {
  unlinkLiterals(tree);
  neutraliseOpenHtml(tree);
  return { type: "root", children: demoteHeadings(tree.children) };
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

/** Nodes read from a document back to a section's Markdown (made safe the same way the export makes them). */
export function nodesToSection(nodes: RootContent[]): string {
  if (nodes.length === 0) return "";
  return stringifyMarkdown(makeSafe({ type: "root", children: nodes })).replace(/\n+$/, "");
}
