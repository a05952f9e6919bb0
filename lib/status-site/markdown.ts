/**
 * The one place the status site turns Markdown (public updates, the
 * published postmortem) into HTML. It is the sanitised pipeline of
 * lib/postmortem/render-preview.ts (remark-parse, remark-gfm, remark-rehype,
 * rehype-sanitize with GitHub's schema; raw HTML dropped), ending at the
 * hast tree instead of a string so the public policy below can be applied
 * and pages can be packed block by block. renderPublicMarkdown is the one
 * entry point; it is async and takes and returns plain data (a batch of
 * texts in, hast trees out), so it can move into the Markdown worker pool
 * as it is.
 *
 * The public policy on top of the sanitiser: a status page loads nothing
 * and links nowhere outside itself, so images become their alt text, links
 * other than in-page ones (footnotes) become their text, task-list boxes
 * become ☐ / ☑, table alignment is dropped (deprecated attributes), ids get
 * a per-fragment prefix (two updates on one page must not share a footnote
 * id), and only the few attributes Markdown produces survive.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeSanitize from "rehype-sanitize";
import type { Element, ElementContent, Properties, Root } from "hast";
import { withTimeLimit } from "../postmortem/time-limit";
import { AppError } from "../errors";
import { cleanText, h, text } from "./hast";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).freeze();

// What a text may take before it is given up (it blocks the server's thread
// meanwhile). An update body is at most 10,000 characters and renders in
// milliseconds; a published postmortem can be a few MB.
export const RENDER_LIMITS_MS = { update: 2_000, postmortem: 20_000 } as const;
/** How long one slice of rendering holds the thread before letting requests through. */
const SLICE_MS = 15;

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

function renderOne(job: MarkdownJob): Root {
  const sanitised = processor.runSync(processor.parse(job.markdown));
  const children = sanitised.children.filter((c): c is ElementContent => c.type === "element" || c.type === "text");
  return { type: "root", children: applyPolicy(children, job.options) };
}

export type MarkdownJob = { markdown: string; options: PublicMarkdownOptions; limitMs: number };

/** What stands for a text that cannot be rendered in time (pathological Markdown). */
function unrenderable(): Root {
  return { type: "root", children: [h("p", { className: ["note"] }, "This text could not be shown here.")] };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Markdown → sanitised hast trees that follow the public policy above, in
 * order. Runs in slices of SLICE_MS between which the event loop is free,
 * so a rebuild never holds the server's thread for long; each slice runs
 * under a hard time limit (one vm context per slice, not per text: a context
 * costs about half a millisecond). A text that hits the limit alone is
 * replaced by a note and the others go on.
 */
export async function renderPublicMarkdown(jobs: readonly MarkdownJob[]): Promise<Root[]> {
  const out: Root[] = [];
  while (out.length < jobs.length) {
    // A slice holds jobs of one time limit, which it runs under.
    const limitMs = jobs[out.length]?.limitMs ?? RENDER_LIMITS_MS.update;
    try {
      withTimeLimit(limitMs, { path: "markdown", label: "This text" }, () => {
        const started = performance.now();
        do {
          const job = jobs[out.length];
          if (!job || job.limitMs !== limitMs) break;
          out.push(renderOne(job));
        } while (performance.now() - started < SLICE_MS);
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The text being rendered when the limit struck is the culprit.
      console.error(`[debrief] status site: a text of ${jobs[out.length]?.markdown.length ?? 0} characters is too complex to render; it is left out`);
      out.push(unrenderable());
    }
    if (out.length < jobs.length) await yieldToEventLoop();
  }
  return out;
}
