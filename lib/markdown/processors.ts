/**
 * The one place a Markdown pipeline (unified) is configured: the postmortem
 * export and import, the section preview, the overdue digest and the status
 * site all take theirs from here, so GFM, front matter, sanitising and the
 * serialiser's choices are decided once. Browser-safe (the preview runs in a
 * Web Worker); each processor is built on first use and frozen.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkFrontmatter from "remark-frontmatter";
import remarkStringify, { type Options as StringifyOptions } from "remark-stringify";
import remarkRehype from "remark-rehype";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import type { Nodes, Root, Text } from "mdast";
import type { Handle } from "mdast-util-to-markdown";
import { remarkInertHtml } from "../postmortem/markdown/safe-html";

/**
 * Text whose block (paragraph, heading, table cell) holds a single "~":
 * no strikethrough can form there, not even GitHub's single-tilde one, so
 * the tilde is written as it is ("~38%", not "\~38%").
 */
const loneTilde = new WeakSet<Text>();

function textNodes(node: Nodes, into: Text[]): Text[] {
  if (node.type === "text") into.push(node);
  else if ("children" in node) for (const child of node.children) textNodes(child, into);
  return into;
}

function markLoneTildes(node: Nodes): void {
  if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
    const texts = textNodes(node, []);
    const tildes = texts.reduce((n, t) => n + (t.value.match(/~/g)?.length ?? 0), 0);
    // Marks are per stringify: a node written before in another tree (a
    // section checked on its own, where raw HTML beside it was not yet text)
    // must not keep a mark that is wrong here.
    for (const t of texts) {
      if (tildes === 1) loneTilde.add(t);
      else loneTilde.delete(t);
    }
    return;
  }
  if ("children" in node) for (const child of node.children) markLoneTildes(child);
}

const text: Handle = (node: Text, _parent, state, info) => {
  if (!loneTilde.has(node)) return state.safe(node.value, info);
  const saved = state.unsafe;
  state.unsafe = saved.filter((pattern) => pattern.character !== "~");
  try {
    return state.safe(node.value, info);
  } finally {
    state.unsafe = saved;
  }
};

/**
 * Every choice remark would otherwise make for us is fixed here, so the same
 * tree always gives the same bytes (the export's promise) and the importer
 * re-serialises sections exactly as the exporter wrote them.
 */
const EXPORT_STRINGIFY: StringifyOptions = {
  bullet: "-",
  bulletOrdered: ".",
  emphasis: "*",
  strong: "*",
  fence: "`",
  fences: true,
  rule: "-",
  ruleRepetition: 3,
  ruleSpaces: false,
  listItemIndent: "one",
  incrementListMarker: true,
  setext: false,
  closeAtx: false,
  quote: '"',
  resourceLink: false,
  tightDefinitions: false,
  handlers: { text },
  // remark escapes "<" before a letter, "!", "/" or "?" (tags and URL
  // autolinks), but an e-mail autolink may start with a digit or a symbol:
  // "<^@0>" written as it is would be read back as a link to "^@0".
  unsafe: [{ character: "<", after: "[0-9.#$%&'*+=^_`{|}~-][A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@", inConstruct: "phrasing" }],
};

/** The digest's own choices (it has no tilde rule to keep and reads `_emphasis_`). */
const DIGEST_STRINGIFY: StringifyOptions = { bullet: "-", emphasis: "_", strong: "*", fences: true, rule: "-" };

function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

export const markdownProcessor = {
  /** Whole postmortems, export and import: GFM, YAML/TOML front matter, the fixed serialiser. */
  document: once(() =>
    unified()
      .use(remarkParse)
      // Cells are never padded to line up (10,000 rows would all be padded to the
      // widest), yet the delimiter row reads `| --- |` like hand-written tables:
      // markdown-table sizes every column from `stringLength`, so a constant 3
      // gives three dashes and no padding.
      .use(remarkGfm, { tablePipeAlign: true, stringLength: () => 3, singleTilde: false })
      .use(remarkFrontmatter, ["yaml", "toml"])
      .use(remarkStringify, EXPORT_STRINGIFY)
      .freeze(),
  ),
  /** A section is a fragment: a `---` block at its start is not front matter. */
  fragment: once(() => unified().use(remarkParse).use(remarkGfm, { singleTilde: false }).freeze()),
  /** mdast built in code → Markdown (the overdue digest). */
  digest: once(() => unified().use(remarkGfm).use(remarkStringify, DIGEST_STRINGIFY).freeze()),
  /**
   * A section's live preview: raw HTML and script URLs made inert exactly as
   * the export makes them, then sanitised with GitHub's schema as a second guard.
   */
  previewHtml: once(() =>
    unified().use(remarkParse).use(remarkGfm).use(remarkInertHtml).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze(),
  ),
  /** The status site: sanitised hast (raw HTML dropped) for its public policy to finish. */
  publicHast: once(() => unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).freeze()),
};

/** mdast → Markdown with the export's fixed options. */
export function stringifyDocument(tree: Root): string {
  markLoneTildes(tree);
  return markdownProcessor.document().stringify(tree);
}
