import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import { remarkInertHtml } from "./markdown/safe-html";

// Raw HTML and script URLs are made inert exactly as the export makes them
// (raw HTML shows as text), so the preview shows what the export will carry;
// the HTML is then sanitised with GitHub's schema as a second guard.
const previewProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkInertHtml)
  .use(remarkRehype)
  .use(rehypeSanitize)
  .use(rehypeStringify)
  .freeze();

/** A section's Markdown as safe HTML for the live preview (runs in the browser too). */
export function renderPreviewHtml(markdown: string): string {
  return String(previewProcessor.processSync(markdown));
}
