import type { Heading, List, ListItem, Paragraph, PhrasingContent, RootContent, Table, TableRow } from "mdast";
import { canonicalLine, canonicalParagraphs } from "../text";
import { plainText } from "./plain";

/** Small mdast builders, so the exporter reads like the document it writes. */

export function heading(depth: 1 | 2 | 3, title: string): Heading {
  const text = canonicalLine(title);
  return { type: "heading", depth, children: text ? [{ type: "text", value: text }] : [] };
}

export function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: "paragraph", children };
}

export function textParagraph(value: string): Paragraph {
  return paragraph([{ type: "text", value }]);
}

/** Plain text as paragraphs (escaped by remark, so it cannot become structure). */
export function textParagraphs(value: string): Paragraph[] {
  return canonicalParagraphs(value).map(textParagraph);
}

export function table(header: readonly string[], rows: PhrasingContent[][][]): Table {
  const row = (cells: PhrasingContent[][]): TableRow => ({
    type: "tableRow",
    children: cells.map((children) => ({ type: "tableCell", children })),
  });
  return {
    type: "table",
    align: header.map(() => null),
    children: [row(header.map((h) => [{ type: "text", value: h }])), ...rows.map(row)],
  };
}

export function list(items: ListItem[]): List {
  return { type: "list", ordered: false, spread: false, children: items };
}

export function listItem(children: ListItem["children"]): ListItem {
  return { type: "listItem", spread: false, children };
}

/** The text of a paragraph, or null when the node is not one. */
export function paragraphText(node: RootContent | undefined): string | null {
  return node?.type === "paragraph" ? plainText(node.children).trim() : null;
}

/** Index of the first list preceded only by paragraphs (how remediation bullets are found). */
export function leadingListIndex(nodes: readonly RootContent[]): number {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node?.type === "list") return i;
    if (node?.type !== "paragraph") return -1;
  }
  return -1;
}

/** The first paragraph after the title, past the "All times … UTC" note: where the importer looks for the incident's date. */
export function firstParagraphText(afterTitle: readonly RootContent[], isNote: (text: string) => boolean): string {
  const start = isNote(paragraphText(afterTitle[0]) ?? "\0") ? 1 : 0;
  for (let i = start; i < afterTitle.length; i++) {
    const text = paragraphText(afterTitle[i]);
    if (text !== null) return text;
  }
  return "";
}
