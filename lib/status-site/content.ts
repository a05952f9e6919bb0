import "server-only";
import { createHash } from "node:crypto";
import type { Root } from "hast";
import { h } from "./hast";
import { RENDER_LIMITS_MS, renderPostmortemMarkdown, renderPublicMarkdown, type MarkdownJob } from "./render";
import type { PublicIncident } from "./load";
import type { PageMemo } from "./pages";

type IncidentPages = { files: Map<string, string>; links: Map<string, string> };

/**
 * Rendered Markdown kept between builds, keyed by what it was rendered
 * from, so a rebuild renders only what changed (a new or edited update, a
 * postmortem saved again). Entries not used by a build are dropped after
 * it, so the cache never holds more than the site shows.
 */
export class RenderCache implements PageMemo {
  private entries = new Map<string, Root>();
  private used = new Set<string>();
  private incidentPages = new Map<string, { key: string; made: IncidentPages }>();
  private pagesUsed = new Set<string>();

  /** An incident's pages, made again only when their key changed. */
  pages(incidentId: string, key: string, make: () => IncidentPages): IncidentPages {
    this.pagesUsed.add(incidentId);
    const hit = this.incidentPages.get(incidentId);
    if (hit?.key === key) return hit.made;
    const made = make();
    this.incidentPages.set(incidentId, { key, made });
    return made;
  }

  get(key: string): Root | undefined {
    this.used.add(key);
    return this.entries.get(key);
  }

  set(key: string, root: Root): void {
    this.used.add(key);
    this.entries.set(key, root);
  }

  /** Forget what the last build did not use. */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used.clear();
  }

  sweepPages(): void {
    for (const id of this.incidentPages.keys()) if (!this.pagesUsed.has(id)) this.incidentPages.delete(id);
    this.pagesUsed.clear();
  }
}

const NOT_SHOWN: Root = { type: "root", children: [h("p", { className: ["note"] }, "The postmortem could not be shown here.")] };

export type RenderedContent = {
  /** Update id → its body as sanitised hast. */
  updateBodies: Map<string, Root>;
  /** Incident id → its published postmortem as sanitised hast. */
  postmortems: Map<string, Root>;
  /** Incident id → what its postmortem was rendered from (a hash). */
  postmortemKeys: Map<string, string>;
};

/**
 * Every update body and published postmortem the site shows, as sanitised
 * hast: from the cache when unchanged, else rendered in one batch.
 */
export async function renderContent(cache: RenderCache, incidents: PublicIncident[]): Promise<RenderedContent> {
  const updateBodies = new Map<string, Root>();
  const postmortems = new Map<string, Root>();
  const postmortemKeys = new Map<string, string>();
  const jobs: MarkdownJob[] = [];
  const fill: ((root: Root) => void)[] = [];
  for (const incident of incidents) {
    for (const update of incident.updates) {
      const key = `update:${update.id}:${update.version}`;
      const hit = cache.get(key);
      if (hit) updateBodies.set(update.id, hit);
      else {
        jobs.push({ markdown: update.body, options: { idPrefix: `u-${update.id}`, headings: "flatten" }, limitMs: RENDER_LIMITS_MS.update });
        fill.push((root) => {
          cache.set(key, root);
          updateBodies.set(update.id, root);
        });
      }
    }
    if (!incident.postmortem) continue;
    const doc = incident.postmortem.document;
    const key = `postmortem:${createHash("sha256").update(JSON.stringify(doc)).digest("hex")}`;
    postmortemKeys.set(incident.id, key);
    const hit = cache.get(key);
    if (hit) {
      postmortems.set(incident.id, hit);
      continue;
    }
    const markdown = await renderPostmortemMarkdown(doc);
    if (markdown === null) {
      console.error(`[debrief] status site: the postmortem of ${incident.key} is too complex to render; it is left out`);
      cache.set(key, NOT_SHOWN);
      postmortems.set(incident.id, NOT_SHOWN);
      continue;
    }
    jobs.push({ markdown, options: { idPrefix: "pm", headings: 1 }, limitMs: RENDER_LIMITS_MS.postmortem });
    fill.push((root) => {
      cache.set(key, root);
      postmortems.set(incident.id, root);
    });
  }
  const rendered = await renderPublicMarkdown(jobs);
  rendered.forEach((root, i) => fill[i]?.(root));
  cache.sweep();
  return { updateBodies, postmortems, postmortemKeys };
}
