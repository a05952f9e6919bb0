import { markdownProcessor } from "../markdown/processors";

/** A section's Markdown as safe HTML for the live preview (runs in the browser too). */
export function renderPreviewHtml(markdown: string): string {
  return String(markdownProcessor.previewHtml().processSync(markdown));
}
