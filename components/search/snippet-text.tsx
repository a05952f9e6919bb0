import type { ReactNode } from "react";

/**
 * A snippet with its matches marked. The text is rendered as text and the
 * ranges as <mark> elements: nothing in stored text can become markup.
 */
export function SnippetText({ text, highlights }: { text: string; highlights: Array<{ start: number; end: number }> }) {
  const parts: ReactNode[] = [];
  let at = 0;
  const ranges = [...highlights].sort((a, b) => a.start - b.start);
  for (const [i, h] of ranges.entries()) {
    const start = Math.max(at, Math.min(h.start, text.length));
    const end = Math.max(start, Math.min(h.end, text.length));
    if (start > at) parts.push(text.slice(at, start));
    if (end > start) {
      parts.push(
        <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-700/70">
          {text.slice(start, end)}
        </mark>,
      );
    }
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
