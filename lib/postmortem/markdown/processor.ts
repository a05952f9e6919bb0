import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkFrontmatter from "remark-frontmatter";
import remarkStringify, { type Options as StringifyOptions } from "remark-stringify";
import type { Nodes, Root, Text } from "mdast";
import type { Handle } from "mdast-util-to-markdown";

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
    if (tildes === 1) for (const t of texts) loneTilde.add(t);
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
const STRINGIFY_OPTIONS: StringifyOptions = {
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
};

const processor = unified()
  .use(remarkParse)
  // Cells are never padded to line up (10,000 rows would all be padded to the
  // widest), yet the delimiter row reads `| --- |` like hand-written tables:
  // markdown-table sizes every column from `stringLength`, so a constant 3
  // gives three dashes and no padding.
  .use(remarkGfm, { tablePipeAlign: true, stringLength: () => 3, singleTilde: false })
  .use(remarkFrontmatter, ["yaml", "toml"])
  .use(remarkStringify, STRINGIFY_OPTIONS)
  .freeze();

// A section is a fragment: a `---` block at its start is not front matter.
const fragmentProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm, { singleTilde: false })
  .freeze();

/** A whole document → mdast (GFM, YAML front matter). Parsing runs no transforms; none are needed. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** A section's Markdown → mdast (GFM, no front matter). */
export function parseFragment(text: string): Root {
  return fragmentProcessor.parse(text);
}

/** mdast → Markdown with the fixed options above. */
export function stringifyMarkdown(tree: Root): string {
  markLoneTildes(tree);
  return processor.stringify(tree);
}
