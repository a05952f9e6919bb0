import type { RootContent } from "mdast";
import type { LayoutBlock } from "../document";

/**
 * A section's top-level Markdown nodes while it is being read: the author's
 * nodes, and placeholders where a timeline, services table, factor list or
 * follow-ups were taken out (they are written back there on export).
 */
export type Placeholder = Omit<LayoutBlock, "at" | "kind"> & { placeholder: LayoutBlock["kind"] };
export type Part = RootContent | Placeholder;

export function isPlaceholder(part: Part): part is Placeholder {
  return "placeholder" in part;
}
