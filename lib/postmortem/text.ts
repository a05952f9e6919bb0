/**
 * Canonical forms of plain text (titles, labels, table cells, descriptions).
 * Markdown cannot carry every string exactly (it strips leading spaces,
 * turns trailing ones into line breaks, replaces NUL), so the exporter
 * writes these canonical forms; the importer reads back exactly them, which
 * is what makes export → import → export byte-identical.
 */

function basic(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD");
}

/** One line: line breaks become spaces, ends trimmed. */
export function canonicalLine(value: string): string {
  return basic(value).replace(/\n/g, " ").trim();
}

/** Several lines: each line trimmed, no blank lines at either end. */
export function canonicalLines(value: string): string {
  return basic(value)
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

/** Paragraphs of plain text: separated by one blank line, none empty. */
export function canonicalParagraphs(value: string): string[] {
  return canonicalLines(value)
    .split(/\n{2,}/)
    .filter((p) => p !== "");
}
