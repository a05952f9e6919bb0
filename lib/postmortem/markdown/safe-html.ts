import type { Break, Nodes, Paragraph, PhrasingContent, Root, Text } from "mdast";
import YAML from "yaml";
import { parseFragment, stringifyMarkdown } from "./processor";
import { unlinkLiterals } from "./sections";

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
 *   image its alt text, a definition is dropped;
 * - front matter is read as Markdown by renderers that do not know it (a
 *   title `<img src=x onerror=…>` would become a tag there), so its strings
 *   never hold a literal `<` or `[`: they are double-quoted with `\x3C` and
 *   `\x5B`, the same characters to a YAML reader.
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

/**
 * Raw HTML as the text it becomes. GFM makes a link of a `www.` in text when
 * it is read back (an escaped dot does not stop it), so such text is given in
 * the form the importer reads it as (a bare address stays text there, see
 * unlinkLiterals): a second export of an imported export then writes the
 * same bytes.
 */
function htmlAsText(value: string): PhrasingContent[] {
  if (!/www\./i.test(value)) return [text(value)];
  const written = stringifyMarkdown({ type: "root", children: [{ type: "paragraph", children: [text(value)] }] });
  const read = parseFragment(written);
  unlinkLiterals(read);
  const only = read.children.length === 1 ? read.children[0] : undefined;
  return only?.type === "paragraph" ? only.children : [text(value)];
}

function inertPhrasing(node: PhrasingContent, br: BrAs): PhrasingContent[] {
  switch (node.type) {
    case "html":
      if (BR.test(node.value.trim())) return [br === "html" ? node : ({ type: "break" } satisfies Break)];
      return htmlAsText(node.value);
    case "link":
      return isSafeUrl(node.url) ? [node] : node.children;
    case "image":
      return isSafeUrl(node.url) ? [node] : node.alt ? [text(node.alt)] : [];
    default:
      return [node];
  }
}

const MARKUP_START = /[<[]/;

/** Front matter whose strings cannot start a tag or a link when the block is read as Markdown. */
export function inertYaml(value: string): string {
  if (!MARKUP_START.test(value)) return value;
  const doc = YAML.parseDocument(value);
  YAML.visit(doc, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === "string" && MARKUP_START.test(scalar.value)) scalar.type = "QUOTE_DOUBLE";
    },
  });
  // Every < and [ of a string is now inside a double-quoted one (one line each, as lines are never
  // folded), where an escape means the same character; a flow sequence's own [ is left alone.
  const escaped = doc
    .toString({ lineWidth: 0 })
    .replace(/\n+$/, "")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, (quoted) => quoted.replace(/</g, "\\x3C").replace(/\[/g, "\\x5B"));
  if (JSON.stringify(YAML.parse(escaped)) !== JSON.stringify(doc.toJS())) {
    throw new Error("front matter could not be made inert without changing it");
  }
  return escaped;
}

function makeInert(node: Nodes, br: BrAs): void {
  if (node.type === "yaml") {
    node.value = inertYaml(node.value);
    return;
  }
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
      else next.push({ type: "paragraph", children: htmlAsText(child.value) } satisfies Paragraph);
      continue;
    }
    // Safe: outside flow parents every child is phrasing content (or a table row/cell, left as it is).
    next.push(...inertPhrasing(child as PhrasingContent, br));
  }
  // Safe: each replacement is the same kind of content as what it replaces (phrasing for phrasing, flow for flow).
  node.children = next as typeof node.children;
  for (const child of node.children) makeInert(child, br);
}

function definedIds(node: Nodes, into = new Set<string>()): Set<string> {
  if (node.type === "definition") into.add(node.identifier);
  if ("children" in node) for (const child of node.children) definedIds(child, into);
  return into;
}

/**
 * A reference whose definition was dropped is written as the text it now
 * reads as (`[text][label]`), so that reading the export back gives the same
 * tree and a second export the same bytes.
 */
function unlinkOrphans(node: Nodes, defined: Set<string>): void {
  if (!("children" in node)) return;
  const next: Nodes[] = [];
  for (const child of node.children) {
    if ((child.type === "linkReference" || child.type === "imageReference") && !defined.has(child.identifier)) {
      const label = child.label ?? child.identifier;
      const tail = child.referenceType === "full" ? `][${label}]` : child.referenceType === "collapsed" ? "][]" : "]";
      if (child.type === "linkReference") next.push(text("["), ...child.children, text(tail));
      else next.push(text(`![${child.alt ?? ""}${tail}`));
      continue;
    }
    next.push(child);
  }
  // Safe: references are phrasing content, replaced by phrasing content (text and the reference's own children).
  node.children = next as typeof node.children;
  for (const child of node.children) unlinkOrphans(child, defined);
}

function makeTreeInert(tree: Root, br: BrAs): void {
  makeInert(tree, br);
  unlinkOrphans(tree, definedIds(tree));
}

/** The export's tree with no executable HTML or script URL from user text (changed in place, and returned). */
export function withInertHtml<T extends Root>(tree: T): T {
  makeTreeInert(tree, "html");
  return tree;
}

/**
 * The same rules as a remark plugin for the preview. remark-rehype drops raw
 * HTML, so a `<br>` becomes a line break here to look as it does in the export.
 */
export function remarkInertHtml() {
  return (tree: Root) => {
    makeTreeInert(tree, "break");
  };
}
