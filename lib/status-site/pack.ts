/**
 * Keeping every page under its byte budget: long content is split at
 * element boundaries (list items, table rows, blocks of a quote), what is
 * still too long on its own is shortened to plain text with a note, and
 * blocks are packed onto as many pages as they need.
 */
import type { Element, ElementContent } from "hast";
import { byteSize, h, plainText } from "./hast";

/** Containers whose children can go on different pages without changing meaning. */
const SPLITTABLE = new Set(["ul", "ol", "table", "blockquote", "section", "div", "li"]);

const CUT_NOTE = "This part is too long for the status page and is shortened here.";

/** The element's text, shortened with "…" so that it serialises to at most `max` bytes. */
export function shortenToFit(node: Element, max: number): Element {
  const full = plainText(node).replace(/\n{3,}/g, "\n\n").trim();
  const make = (chars: number) =>
    h("div", { className: ["cut"] }, h("p", null, `${full.slice(0, chars)}${chars < full.length ? "…" : ""}`), h("p", { className: ["note"] }, CUT_NOTE));
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (byteSize(make(mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  return make(lo);
}

function shell(node: Element, children: ElementContent[]): Element {
  return { ...node, properties: { ...node.properties }, children };
}

/** A table split by body rows; every part repeats the header. */
function splitTable(node: Element, max: number): Element[] {
  const head = node.children.filter((c): c is Element => c.type === "element" && c.tagName === "thead");
  const rows = node.children.flatMap((c) => (c.type === "element" && c.tagName === "tbody" ? c.children : [])).filter((c) => c.type === "element");
  if (rows.length <= 1) return [shortenToFit(node, max)];
  const wrap = (part: ElementContent[]) => shell(node, [...head, h("tbody", null, part)]);
  return packChildren(rows, wrap, max);
}

/** Greedy: children in order, each part as full as `max` allows; a child too big alone is split itself. */
function packChildren(children: ElementContent[], wrap: (part: ElementContent[]) => Element, max: number): Element[] {
  const overhead = byteSize(wrap([]));
  const room = max - overhead;
  const parts: ElementContent[][] = [];
  let current: ElementContent[] = [];
  let size = 0;
  for (const child of children) {
    const childSize = byteSize(child);
    if (childSize > room) {
      if (current.length) parts.push(current);
      current = [];
      size = 0;
      const pieces = child.type === "element" ? splitToFit(child, room) : [];
      for (const piece of pieces) parts.push([piece]);
      continue;
    }
    if (size + childSize > room && current.length) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(child);
    size += childSize;
  }
  if (current.length) parts.push(current);
  return parts.map(wrap);
}

/**
 * `node` as one or more elements of at most `max` bytes each: as it is when
 * it fits, split between children when it is a container, else shortened.
 */
export function splitToFit(node: Element, max: number): Element[] {
  if (byteSize(node) <= max) return [node];
  if (node.tagName === "table") return splitTable(node, max);
  const elements = node.children.filter((c) => c.type === "element");
  if (!SPLITTABLE.has(node.tagName) || elements.length <= 1) return [shortenToFit(node, max)];
  if (node.tagName === "ol") {
    // Numbering continues across parts.
    let start = typeof node.properties.start === "number" ? node.properties.start : 1;
    return packChildren(node.children, (part) => shell(node, part), max).map((el) => {
      const numbered = shell(el, el.children);
      numbered.properties.start = start === 1 ? undefined : start;
      start += el.children.filter((c) => c.type === "element").length;
      return numbered;
    });
  }
  return packChildren(node.children, (part) => shell(node, part), max);
}

/**
 * Blocks onto pages: in order, each page as full as `capacity` bytes and
 * `maxCount` counted blocks allow (every page takes at least one block).
 * Blocks are assumed to fit a page on their own (splitToFit first).
 */
export function packPages<T>(
  blocks: T[],
  sizeOf: (block: T) => number,
  capacity: number,
  limit: { maxCount: number; counts: (block: T) => boolean } = { maxCount: Infinity, counts: () => true },
): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  let size = 0;
  let count = 0;
  for (const block of blocks) {
    const s = sizeOf(block);
    const c = limit.counts(block) ? 1 : 0;
    if (current.length && (size + s > capacity || count + c > limit.maxCount)) {
      pages.push(current);
      current = [];
      size = 0;
      count = 0;
    }
    current.push(block);
    size += s;
    count += c;
  }
  if (current.length) pages.push(current);
  return pages;
}
