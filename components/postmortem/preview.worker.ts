// A Web Worker that renders the live preview, so Markdown that takes remark
// seconds (or forever) can never freeze the editor tab: the page ends this
// worker when a render runs too long (components/postmortem/preview-renderer.ts).
import { renderPreviewHtml } from "@/lib/postmortem/render-preview";

type Request = { id: number; markdown: string };
export type PreviewReply = { type: "ready" } | { type: "rendered"; id: number; html: string } | { type: "failed"; id: number };

// The worker's global scope; the DOM typings this project compiles with describe a window.
const scope = self as unknown as { postMessage(message: PreviewReply): void; onmessage: ((event: MessageEvent<unknown>) => void) | null };

function isRequest(data: unknown): data is Request {
  return typeof data === "object" && data !== null && "id" in data && typeof data.id === "number" && "markdown" in data && typeof data.markdown === "string";
}

scope.onmessage = (event) => {
  if (!isRequest(event.data)) return;
  const { id, markdown } = event.data;
  try {
    scope.postMessage({ type: "rendered", id, html: renderPreviewHtml(markdown) });
  } catch {
    // A stack overflow on deeply nested input: as good as too complex.
    scope.postMessage({ type: "failed", id });
  }
};
scope.postMessage({ type: "ready" });
