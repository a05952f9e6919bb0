/**
 * Snippets travel as plain text plus the ranges to highlight, never as
 * markup: the client renders the ranges as <mark> elements, so stored text
 * cannot inject anything. The database marks matches with two private-use
 * characters, which the index never holds (the search migration strips them
 * from the indexed copy), so every marker in its answer is its own.
 */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

export type Highlight = { start: number; end: number };
export type Snippet = { text: string; highlights: Highlight[] };

/** Text with markers → text without them, and where the marked ranges are (UTF-16 offsets). */
export function parseMarkedSnippet(marked: string): Snippet {
  let text = "";
  const highlights: Highlight[] = [];
  let open: number | null = null;
  for (const ch of marked) {
    if (ch === MATCH_START) {
      if (open === null) open = text.length;
    } else if (ch === MATCH_END) {
      if (open !== null && text.length > open) {
        const prev = highlights.at(-1);
        // Touching ranges read as one.
        if (prev && prev.end === open) prev.end = text.length;
        else highlights.push({ start: open, end: text.length });
      }
      open = null;
    } else {
      text += ch;
    }
  }
  if (open !== null && text.length > open) highlights.push({ start: open, end: text.length });
  return { text, highlights };
}

/** True when the database marked a match in this text. */
export function hasMatch(marked: string | null | undefined): boolean {
  return typeof marked === "string" && marked.includes(MATCH_START);
}

/** Collapse runs of whitespace (a snippet is one line), keeping the ranges right. */
export function flattenSnippet(snippet: Snippet): Snippet {
  const map: number[] = [];
  let text = "";
  let lastSpace = true;
  for (let i = 0; i < snippet.text.length; i++) {
    const ch = snippet.text[i] ?? "";
    map.push(text.length);
    if (/\s/.test(ch)) {
      if (!lastSpace) text += " ";
      lastSpace = true;
    } else {
      text += ch;
      lastSpace = false;
    }
  }
  map.push(text.length);
  const trimmedStart = text.length - text.trimStart().length;
  const out = text.trim();
  const highlights = snippet.highlights
    .map((h) => ({ start: Math.max(0, (map[h.start] ?? 0) - trimmedStart), end: Math.min(out.length, (map[h.end] ?? 0) - trimmedStart) }))
    .filter((h) => h.end > h.start);
  return { text: out, highlights };
}
