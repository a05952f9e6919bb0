import type { Root } from "mdast";
import { markdownProcessor, stringifyDocument } from "../../markdown/processors";

// The pipelines themselves are configured once, in lib/markdown/processors.ts.

/** A whole document → mdast (GFM, YAML front matter). Parsing runs no transforms; none are needed. */
export function parseMarkdown(text: string): Root {
  return markdownProcessor.document().parse(text);
}

/** A section's Markdown → mdast (GFM, no front matter). */
export function parseFragment(text: string): Root {
  return markdownProcessor.fragment().parse(text);
}

/** mdast → Markdown with the export's fixed options. */
export function stringifyMarkdown(tree: Root): string {
  return stringifyDocument(tree);
}
