import "server-only";
import { createHash } from "node:crypto";
import type { Root } from "hast";
import type { Root as MdRoot } from "mdast";
import { buildPostmortemTree } from "../postmortem/markdown/export";
import { stringifyMarkdown } from "../postmortem/markdown/processor";
import { withTimeLimit } from "../postmortem/time-limit";
import type { PostmortemDocument } from "../postmortem/document";
import { h } from "./hast";
import { renderPublicMarkdown } from "./markdown";
import type { PublicUpdate } from "./load";

/**
 * Rendered Markdown kept between builds, keyed by what it was rendered
 * from, so a rebuild renders only what changed (a new or edited update, a
 * postmortem saved again). Entries not used by a build are dropped after
 * it, so the cache never holds more than the site shows.
 */
export class RenderCache {
  private entries = new Map<string, Root>();
  private used = new Set<string>();

  async get(key: string, render: () => Promise<Root>): Promise<Root> {
    this.used.add(key);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const made = await render();
    this.entries.set(key, made);
    return made;
  }

  /** Forget what the last build did not use. */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used.clear();
  }
}

const EXPORT_LIMIT_MS = 30_000;

/** An update's body as sanitised hast (cached by id and version). */
export function renderUpdateBody(cache: RenderCache, update: PublicUpdate): Promise<Root> {
  return cache.get(`update:${update.id}:${update.version}`, () =>
    renderPublicMarkdown(update.body, { idPrefix: `u-${update.id}`, headings: "flatten" }),
  );
}

/**
 * The published postmortem as the Markdown export writes it (the
 * Cloudflare-style write-up), without its title (the page has it) and
 * without an empty timeline table. The document was loaded public-only:
 * public key entries, no people's names.
 */
function publicPostmortemMarkdown(doc: PostmortemDocument): string {
  const tree: MdRoot = buildPostmortemTree(doc, { template: "cloudflare", frontMatter: false });
  const children = tree.children.filter((node, i) => !(i === 0 && node.type === "heading" && node.depth === 1));
  const last = children.at(-1);
  if (doc.timeline.length === 0 && last?.type === "table") children.splice(-2, 2);
  return stringifyMarkdown({ ...tree, children });
}

/** The postmortem as sanitised hast, its headings one level under the page's "Postmortem" heading. */
export function renderPostmortem(cache: RenderCache, doc: PostmortemDocument): Promise<Root> {
  const key = createHash("sha256").update(JSON.stringify(doc)).digest("hex");
  return cache.get(`postmortem:${key}`, async () => {
    try {
      const markdown = withTimeLimit(EXPORT_LIMIT_MS, { path: "postmortem", label: "This postmortem" }, () => publicPostmortemMarkdown(doc));
      return await renderPublicMarkdown(markdown, { idPrefix: "pm", headings: 1 });
    } catch (err) {
      console.error(`[debrief] status site: the postmortem of ${doc.incident.key ?? "an incident"} could not be rendered:`, err);
      return { type: "root", children: [h("p", { className: ["note"] }, "The postmortem could not be shown here.")] };
    }
  });
}
