import type { Break, Nodes, Paragraph, PhrasingContent, Root, Text } from "mdast";

/**
 * Nothing a user typed may reach a reader of the Markdown as something that
 * runs. The export is opened in renderers we do not control (GitHub, wikis,
 * static-site generators, some with raw HTML allowed and no sanitiser), so
 * the tree is made inert before it is written:
 * - raw HTML (`<script>`, `<img onerror>`, `<iframe>`, comments …) becomes
 *   text, which the serialiser escapes: the words stay visible, nothing is
 *   parsed as a tag. Only a bare `<br>` stays (the exporter writes them in
 *   table cells; a user's is as inert);
 * - links, images and link-reference definitions whose URL would run
 *   (`javascript:`, `vbscript:`, `data:`, in any case, with entities, tabs
 *   or control characters inside) lose the URL: a link becomes its text, an
 *   image its alt text, a definition is dropped.
 * The preview runs the same rules (remarkInertHtml), so what the editor
 * shows is what the export carries.
 */

const BR = /^<br\s*\/?>$/i;
/** Schemes a reader may follow; anything else with a scheme is dropped. Relative URLs and #anchors stay. */
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel", "xmpp", "irc", "ircs"]);
const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

const NAMED: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", amp: "&", sol: "/", lpar: "(", rpar: ")", num: "#" };

/** Character references decoded as an HTML or Markdown parser would, once (enough to see through `&#106;avascript:`). */
function decodeReferences(value: string): string {
  return value.replace(/&(?:#(\d{1,8})|#x([0-9a-f]{1,8})|([a-z]{2,8}));?/gi, (whole, dec?: string, hex?: string, name?: string) => {
    const code = dec ? Number.parseInt(dec, 10) : hex ? Number.parseInt(hex, 16) : NaN;
    if (!Number.isNaN(code)) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    return (name && NAMED[name.toLowerCase()]) ?? whole;
  });
}

/**
 * The scheme a browser would see. Browsers drop ASCII tab and newlines
 * anywhere in a URL and control characters and spaces around it; we drop
 * every control character, space and invisible format character anywhere,
 * which is stricter. Entities are decoded until nothing changes, so a URL
 * that some renderer decodes once more is judged by what it becomes.
 */
function schemeOf(url: string): string | null {
  let value = url;
  for (let i = 0; i < 4; i++) {
    const decoded = decodeReferences(value);
    if (decoded === value) break;
    value = decoded;
  }
  const compact = value.replace(/[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, "");
  const match = /^([a-z][a-z0-9+.\-]*):/i.exec(compact);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** Whether a link or image URL may stay: relative, or one of the safe schemes. */
export function isSafeUrl(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === null || SAFE_SCHEMES.has(scheme);
}

type BrAs = "html" | "break";

function text(value: string): Text {
  return { type: "text", value };
}

function inertPhrasing(node: PhrasingContent, br: BrAs): PhrasingContent[] {
  switch (node.type) {
    case "html":
      if (BR.test(node.value.trim())) return [br === "html" ? node : ({ type: "break" } satisfies Break)];
      return [text(node.value)];
    case "link":
      return isSafeUrl(node.url) ? [node] : node.children;
    case "image":
      return isSafeUrl(node.url) ? [node] : node.alt ? [text(node.alt)] : [];
    default:
      return [node];
  }
}

function makeInert(node: Nodes, br: BrAs): void {
  if (!("children" in node)) return;
  const flow = FLOW_PARENTS.has(node.type);
  const next: Nodes[] = [];
  for (const child of node.children) {
    if (child.type === "definition") {
      if (isSafeUrl(child.url)) next.push(child);
      continue;
    }
    if (flow && child.type === "html") {
      // A block of raw HTML becomes a paragraph of its text (flow content, like the block it replaces).
      if (BR.test(child.value.trim())) next.push(child);
      else next.push({ type: "paragraph", children: [text(child.value)] } satisfies Paragraph);
      continue;
    }
    // Safe: outside flow parents every child is phrasing content (or a table row/cell, left as it is).
    next.push(...inertPhrasing(child as PhrasingContent, br));
  }
  // Safe: each replacement is the same kind of content as what it replaces (phrasing for phrasing, flow for flow).
  node.children = next as typeof node.children;
  for (const child of node.children) makeInert(child, br);
}

/** The export's tree with no executable HTML or script URL from user text (changed in place, and returned). */
export function withInertHtml<T extends Root>(tree: T): T {
  makeInert(tree, "html");
  return tree;
}

/**
 * The same rules as a remark plugin for the preview. remark-rehype drops raw
 * HTML, so a `<br>` becomes a line break here to look as it does in the export.
 */
export function remarkInertHtml() {
  return (tree: Root) => {
    makeInert(tree, "break");
  };
}
