import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkFrontmatter from "remark-frontmatter";
import remarkStringify, { type Options as StringifyOptions } from "remark-stringify";
import type { Root } from "mdast";

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
};

const processor = unified()
  .use(remarkParse)
  // Cells are never padded to line up (10,000 rows would all be padded to the
  // widest), yet the delimiter row reads `| --- |` like hand-written tables:
  // markdown-table sizes every column from `stringLength`, so a constant 3
  // gives three dashes and no padding.
  .use(remarkGfm, { tablePipeAlign: true, stringLength: () => 3, singleTilde: false })
  .use(remarkFrontmatter, ["yaml"])
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
  return processor.stringify(tree);
}
