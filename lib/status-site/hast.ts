/**
 * The status site's HTML is built as hast trees and serialised by
 * hast-util-to-html, which escapes every text and attribute value: no user
 * text is ever concatenated into markup. `h` is a small stand-in for
 * hastscript (not installed), with properties in hast's own naming
 * (className, dateTime, ariaLabel …).
 */
import type { Element, ElementContent, Properties, Root, RootContent, Text } from "hast";
import { toHtml } from "hast-util-to-html";
import { formatUtcHourMinute, formatUtcMinute } from "../time-format";

export type Child = ElementContent | string | number | null | undefined | false | readonly Child[];

// C0/C1 controls (but tab, newline, carriage return), lone surrogates and
// noncharacters are parse errors in HTML and not allowed at all in XML.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as the site may carry it: characters HTML and XML refuse are dropped. */
export function cleanText(value: string): string {
  return value.replace(UNSAFE_CHARS, "");
}

export function text(value: string): Text {
  return { type: "text", value: cleanText(value) };
}

function flatten(children: readonly Child[], out: ElementContent[]): ElementContent[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === "string" || typeof child === "number") out.push(text(String(child)));
    else if (Array.isArray(child)) flatten(child, out);
    else out.push(child as ElementContent);
  }
  return out;
}

export function h(tagName: string, properties: Properties | null, ...children: Child[]): Element {
  const props: Properties = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    props[key] = typeof value === "string" ? cleanText(value) : value;
  }
  return { type: "element", tagName, properties: props, children: flatten(children, []) };
}

/** A `<time>` with its machine-readable instant and a UTC reading. */
export function time(at: Date, withDate = true): Element {
  return h("time", { dateTime: at.toISOString() }, `${withDate ? formatUtcMinute(at) : formatUtcHourMinute(at)} UTC`);
}

const SERIALIZE = { characterReferences: { useShortestReferences: true }, upperDoctype: true } as const;

export function serialize(node: Root | RootContent | RootContent[]): string {
  return toHtml(node, SERIALIZE);
}

export function byteSize(node: Root | RootContent | RootContent[]): number {
  return Buffer.byteLength(serialize(node), "utf8");
}

/** The text of a tree, as a reader would see it (for excerpts and the feed). */
export function plainText(node: Root | RootContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" || node.type === "root") {
    const inner = node.children.map((c) => plainText(c)).join("");
    const block = node.type === "element" && /^(?:p|li|h[1-6]|tr|div|blockquote|pre|section|table)$/.test(node.tagName);
    return block ? `${inner}\n` : inner;
  }
  return "";
}

export function isElement(node: RootContent | Root, tagName?: string): node is Element {
  return node.type === "element" && (tagName === undefined || node.tagName === tagName);
}

/**
 * Headings never skip a level going deeper (h2 then h4), in document order:
 * a deeper heading is raised to one below the one before it. Applied to a
 * whole page after it is put together, so content split across pages stays
 * well-formed too.
 */
export function normalizeHeadings(root: Root | Element): void {
  let previous = 0;
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      const level = /^h([1-6])$/.exec(child.tagName)?.[1];
      if (level) {
        const next = Math.min(Number(level), previous + 1);
        child.tagName = `h${next}`;
        previous = next;
      }
      walk(child);
    }
  };
  walk(root);
}
