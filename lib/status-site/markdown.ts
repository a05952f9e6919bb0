/**
 * The one place the status site turns Markdown (public updates, the
 * published postmortem) into HTML. It is the sanitised pipeline of
 * lib/postmortem/render-preview.ts (remark-parse, remark-gfm, remark-rehype,
 * rehype-sanitize with GitHub's schema; raw HTML dropped), ending at the
 * hast tree instead of a string so the public policy below can be applied
 * and pages can be packed block by block. Everything here is a plain
 * function of plain data: it runs inside the Markdown worker pool
 * (lib/workers/markdown-tasks.ts), driven by ./render.ts.
 *
 * The public policy on top of the sanitiser: a status page loads nothing
 * and links nowhere outside itself, so images become their alt text, links
 * other than in-page ones (footnotes) become their text, task-list boxes
 * become ☐ / ☑, table alignment is dropped (deprecated attributes), ids get
 * a per-fragment prefix (two updates on one page must not share a footnote
 * id), and only the few attributes Markdown produces survive.
 */
import type { Element, ElementContent, Properties, Root } from "hast";
import type { Root as MdRoot } from "mdast";
import { buildPostmortemTree } from "../postmortem/markdown/export";
import { stringifyMarkdown } from "../postmortem/markdown/processor";
import type { PostmortemDocument } from "../postmortem/document";
import { cleanText, h, text } from "./hast";
import { markdownProcessor } from "../markdown/processors";



export type PublicMarkdownOptions = {
  /** Prefix for ids and in-page links, unique per fragment on a page (letters, digits, "-"). */
  idPrefix: string;
  /**
   * "flatten": headings become bold paragraphs (a short update has no
   * business restructuring the page); a number: headings move down that
   * many levels (the postmortem under its own heading).
   */
  headings: "flatten" | number;
};

const KEEP: Record<string, readonly string[]> = {
  a: ["href", "ariaDescribedBy", "ariaLabel", "dataFootnoteRef", "dataFootnoteBackref", "className"],
  ol: ["start", "className"],
  ul: ["className"],
  li: ["className"],
  code: ["className"],
  section: ["dataFootnotes", "className"],
  h1: ["className"],
  h2: ["className"],
  h3: ["className"],
  h4: ["className"],
  h5: ["className"],
  h6: ["className"],
};

// remark-rehype prefixes footnote ids with "user-content-" and the sanitiser
// prefixes ids again (but not links to them); one prefix of ours replaces both.
function prefixId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/^(?:user-content-)+/, "")}`;
}

function keepProperties(el: Element, prefix: string): Properties {
  const kept: Properties = {};
  const allowed = KEEP[el.tagName] ?? [];
  for (const [key, value] of Object.entries(el.properties)) {
    if (key === "id" && typeof value === "string") kept.id = prefixId(prefix, value);
    else if (key === "ariaDescribedBy" && Array.isArray(value)) kept.ariaDescribedBy = value.map((v) => prefixId(prefix, String(v)));
    else if (key === "href") {
      if (typeof value === "string" && value.startsWith("#")) kept.href = `#${prefixId(prefix, value.slice(1))}`;
    } else if (allowed.includes(key)) kept[key] = typeof value === "string" ? cleanText(value) : value;
  }
  return kept;
}

function applyPolicy(children: ElementContent[], opts: PublicMarkdownOptions): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === "text") {
      out.push(text(child.value));
      continue;
    }
    if (child.type !== "element") continue; // comments and the like: nothing a reader needs
    const inner = applyPolicy(child.children, opts);
    const tag = child.tagName;
    if (tag === "img") {
      const alt = typeof child.properties.alt === "string" ? child.properties.alt.trim() : "";
      if (alt) out.push(text(alt));
      continue;
    }
    if (tag === "input") {
      out.push(text(child.properties.checked ? "☑" : "☐"));
      continue;
    }
    if (tag === "a" && !(typeof child.properties.href === "string" && child.properties.href.startsWith("#"))) {
      out.push(...inner);
      continue;
    }
    const level = /^h([1-6])$/.exec(tag)?.[1];
    if (level && opts.headings === "flatten") {
      // Keeps its id: the footnotes' label is referred to by aria-describedby.
      out.push(h("p", { id: typeof child.properties.id === "string" ? prefixId(opts.idPrefix, child.properties.id) : undefined }, h("strong", null, inner)));
      continue;
    }
    const tagName = level && typeof opts.headings === "number" ? `h${Math.min(6, Number(level) + opts.headings)}` : tag;
    out.push({ type: "element", tagName, properties: keepProperties(child, opts.idPrefix), children: inner });
  }
  return out;
}

export type PublicMarkdownJob = { markdown: string; options: PublicMarkdownOptions };

/** One text → sanitised hast that follows the public policy above. */
export function renderPublicMarkdownOne(job: PublicMarkdownJob): Root {
  const processor = markdownProcessor.publicHast();
  const sanitised = processor.runSync(processor.parse(job.markdown));
  const children = sanitised.children.filter((c): c is ElementContent => c.type === "element" || c.type === "text");
  return { type: "root", children: applyPolicy(children, job.options) };
}

/**
 * The published postmortem as the Markdown export writes it (the
 * Cloudflare-style write-up), without its title (the page has it) and
 * without an empty timeline table. The document was loaded public-only:
 * public key entries, no people's names.
 */
export function publicPostmortemMarkdown(doc: PostmortemDocument): string {
  const tree: MdRoot = buildPostmortemTree(doc, { template: "cloudflare", frontMatter: false });
  const children = tree.children.filter((node, i) => !(i === 0 && node.type === "heading" && node.depth === 1));
  const last = children.at(-1);
  if (doc.timeline.length === 0 && last?.type === "table") children.splice(-2, 2);
  return stringifyMarkdown({ ...tree, children });
}
