import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { buildFeed } from "./feed";
import { buildStatusJson } from "./json";
import { loadStatusData, type StatusData } from "./load";
import { buildPages } from "./pages";
import { RenderCache, renderContent } from "./content";
import { HISTORY_DAYS } from "./rules";

export type StatusSiteOptions = {
  /** The site's name, shown on every page. */
  title: string;
  /** Where the site is published (ending in "/"), for the feed's self link; null if not set. */
  baseUrl: string | null;
};

export type StatusSite = {
  /** Path relative to the site's folder → file content. */
  files: Map<string, string>;
  /** Of every file: equal hashes mean an identical site. */
  hash: string;
  incidents: number;
  updates: number;
  /** Every update the site shows: a change to one of them changes the site even when it is no longer public. */
  updateIds: Set<string>;
};

/** The newest public change shown: an update written or edited, an incident resolved, a postmortem saved. */
function latestChange(data: StatusData): Date | null {
  let latest: Date | null = null;
  const see = (d: Date | null | undefined) => {
    if (d && (!latest || d > latest)) latest = d;
  };
  for (const incident of [...data.open, ...data.recent]) {
    for (const u of incident.updates) see(u.updatedAt);
    if (incident.status === "resolved") see(incident.resolvedAt);
    see(incident.postmortem?.updatedAt);
  }
  return latest;
}

export function siteHash(files: Map<string, string>): string {
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${files.get(path) ?? ""}\0`);
  return hash.digest("hex");
}

/**
 * The whole static site from the database: pages, feed and JSON, in memory.
 * The same data gives the same bytes (no build time is printed; times shown
 * are those of the changes), so an unchanged site is not pushed again.
 */
export async function buildStatusSite({ db, now, options, cache = new RenderCache() }: { db: Db; now: Date; options: StatusSiteOptions; cache?: RenderCache }): Promise<StatusSite> {
  const data = await loadStatusData(db, now);
  const incidents = [...data.open, ...data.recent];
  const content = await renderContent(cache, incidents);
  const { updateBodies } = content;
  const latest = latestChange(data);
  const { files, updateLinks } = await buildPages({ title: options.title }, data, content, latest, cache);
  cache.sweepPages();
  files.set("feed.atom", buildFeed({ data, siteTitle: options.title, baseUrl: options.baseUrl, updateBodies, updateLinks, now }));
  files.set("status.json", buildStatusJson(data, options.title, latest, HISTORY_DAYS, updateBodies));
  return {
    files,
    hash: siteHash(files),
    incidents: incidents.length,
    updates: incidents.reduce((n, i) => n + i.updates.length, 0),
    updateIds: new Set(incidents.flatMap((i) => i.updates.map((u) => u.id))),
  };
}
