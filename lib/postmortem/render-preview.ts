import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";

// Raw HTML in a section is dropped (not passed through) and the result is
// sanitised with GitHub's schema, so a preview can never run a script.
const previewProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize)
  .use(rehypeStringify)
  .freeze();

/** A section's Markdown as safe HTML for the live preview (runs in the browser too). */
export function renderPreviewHtml(markdown: string): string {
  return String(previewProcessor.processSync(markdown));
}
