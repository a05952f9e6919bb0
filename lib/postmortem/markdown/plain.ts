import type { Nodes, PhrasingContent, TableCell } from "mdast";
import { canonicalLine, canonicalLines } from "../text";

const BR = /^<br\s*\/?>$/i;

/**
 * The text a reader sees in some mdast: like mdast-util-to-string, but a
 * line break (hard break or `<br>`) is kept as a newline, because in a table
 * cell that is how paragraph breaks are written.
 */
export function plainText(nodes: readonly Nodes[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text" || node.type === "inlineCode") out += node.value;
    else if (node.type === "break") out += "\n";
    else if (node.type === "html") out += BR.test(node.value.trim()) ? "\n" : node.value;
    else if (node.type === "image" || node.type === "imageReference") out += node.alt ?? "";
    else if (node.type === "code") out += node.value;
    else if ("children" in node) out += plainText(node.children);
  }
  return out;
}

/** Plain text as the content of a table cell: newlines become `<br>` (html nodes, so not escaped). */
export function textToCell(text: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  canonicalLines(text)
    .split("\n")
    .forEach((line, i) => {
      if (i > 0) out.push({ type: "html", value: "<br>" });
      if (line) out.push({ type: "text", value: line });
    });
  return out;
}

export function cellText(cell: TableCell | undefined): string {
  return cell ? canonicalLines(plainText(cell.children)) : "";
}

export function lineText(nodes: readonly Nodes[]): string {
  return canonicalLine(plainText(nodes));
}

/**
 * Text for a timeline entry or follow-up: like plainText, but a link whose
 * words differ from its address keeps the address ("PR-158
 * (https://github.com/…)"), so nothing the author linked is lost.
 */
export function readableText(nodes: readonly Nodes[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "link") {
      const words = readableText(node.children);
      // A bare address ("www.a.b", "a@b.co", "https://x.y") is its own link text.
      const literal = !words || node.url === words || (node.url.replace(/^(?:https?:\/\/|mailto:)/i, "") === words.replace(/^(?:https?:\/\/|mailto:)/i, ""));
      out += literal ? words || node.url : `${words} (${node.url})`;
    } else if (node.type === "text" || node.type === "inlineCode") out += node.value;
    else if (node.type === "break") out += "\n";
    else if (node.type === "html") out += BR.test(node.value.trim()) ? "\n" : node.value;
    else if (node.type === "image" || node.type === "imageReference") out += node.alt ?? "";
    else if (node.type === "code") out += node.value;
    else if (node.type === "list") {
      out += node.children.map((item) => `- ${readableText(item.children).replace(/\n+/g, " ").trim()}`).join("\n");
    } else if ("children" in node) {
      const parts = node.children.map((c) => readableText([c]));
      out += node.type === "listItem" || node.type === "blockquote" || node.type === "root" ? parts.join("\n") : parts.join("");
    }
  }
  return out;
}
