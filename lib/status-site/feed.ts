/**
 * feed.atom: Atom 1.0 (RFC 4287) of the newest public updates and published
 * postmortems. Built as an element tree and serialised with escaping, never
 * by pasting text into markup. Ids are stable: an update's is its own
 * UUID, a postmortem's is derived from its incident's, the feed's from the
 * instance (or the configured site URL), so readers never see an entry twice.
 */
import { createHash } from "node:crypto";
import type { Root } from "hast";
import { cleanText, serialize } from "./hast";
import type { PublicIncident, StatusData } from "./load";
import { incidentPagePath } from "./pages";
import { STATUS_LIMITS } from "./rules";

type XmlNode = { name: string; attrs?: Record<string, string>; children?: (XmlNode | string)[] };

function escapeXml(value: string, attribute: boolean): string {
  const text = cleanText(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return attribute ? text.replace(/"/g, "&quot;") : text;
}

function toXml(node: XmlNode, indent = ""): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v, true)}"`)
    .join("");
  const children = node.children ?? [];
  if (children.length === 0) return `${indent}<${node.name}${attrs}/>`;
  if (children.every((c) => typeof c === "string")) return `${indent}<${node.name}${attrs}>${children.map((c) => escapeXml(c as string, false)).join("")}</${node.name}>`;
  const inner = children.map((c) => (typeof c === "string" ? `${indent}  ${escapeXml(c, false)}` : toXml(c, `${indent}  `))).join("\n");
  return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
}

const el = (name: string, attrs: Record<string, string> | null, ...children: (XmlNode | string)[]): XmlNode => ({ name, attrs: attrs ?? undefined, children });

/** A name-based UUID (the shape of RFC 4122 version 5, from SHA-256) for things without a UUID of their own. */
export function derivedUuid(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function entryId(updateId: string): string {
  return `urn:uuid:${UUID.test(updateId) ? updateId.toLowerCase() : derivedUuid(`update:${updateId}`)}`;
}

type Entry = { id: string; title: string; updated: Date; published: Date; href: string; html: () => string };

export type FeedInput = {
  data: StatusData;
  siteTitle: string;
  /** Where the site is published (ends with "/"), for the self link; null when not configured. */
  baseUrl: string | null;
  updateBodies: Map<string, Root>;
  updateLinks: Map<string, string>;
  /** For an empty feed's <updated>. */
  now: Date;
};

function entriesOf(incident: PublicIncident, input: FeedInput): Entry[] {
  const entries: Entry[] = incident.updates.map((u) => {
    const body = input.updateBodies.get(u.id);
    return {
      id: entryId(u.id),
      title: `${u.label ?? "Update"}: ${incident.title} (${incident.key})`,
      updated: u.updatedAt,
      published: u.recordedAt,
      href: input.updateLinks.get(u.id) ?? incidentPagePath(incident),
      // Serialised only for the entries the feed keeps.
      html: () => (body ? serialize(body) : ""),
    };
  });
  if (incident.postmortem) {
    entries.push({
      id: `urn:uuid:${derivedUuid(`postmortem:${incident.id}`)}`,
      title: `Postmortem: ${incident.title} (${incident.key})`,
      updated: incident.postmortem.updatedAt,
      published: incident.postmortem.updatedAt,
      href: `${incidentPagePath(incident)}#postmortem`,
      html: () => "",
    });
  }
  return entries;
}

export function buildFeed(input: FeedInput): string {
  const { data, siteTitle, baseUrl } = input;
  const entries = [...data.open, ...data.recent]
    .flatMap((i) => entriesOf(i, input))
    .sort((a, b) => b.updated.getTime() - a.updated.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, STATUS_LIMITS.feedEntries);
  const dayStart = new Date(Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), input.now.getUTCDate()));
  const updated = entries.reduce<Date | null>((max, e) => (!max || e.updated > max ? e.updated : max), null) ?? dayStart;
  const feedId = baseUrl ? `${baseUrl}feed.atom` : `urn:uuid:${derivedUuid(`feed:${data.instanceId}`)}`;
  // Links are relative (resolved against the feed's own address), so the
  // feed works wherever the site is copied; only the self link is absolute.
  const feed = el(
    "feed",
    { xmlns: "http://www.w3.org/2005/Atom" },
    el("id", null, feedId),
    el("title", null, `${siteTitle}: updates`),
    el("subtitle", null, "Public updates on incidents, newest first."),
    el("updated", null, updated.toISOString()),
    el("link", { rel: "alternate", type: "text/html", href: "index.html" }),
    ...(baseUrl ? [el("link", { rel: "self", type: "application/atom+xml", href: `${baseUrl}feed.atom` })] : []),
    el("author", null, el("name", null, siteTitle)),
    el("generator", null, "Debrief"),
    ...entries.map((e) => ({ ...e, html: e.html() })).map((e) =>
      el(
        "entry",
        null,
        el("id", null, e.id),
        el("title", { type: "text" }, e.title),
        el("updated", null, e.updated.toISOString()),
        el("published", null, e.published.toISOString()),
        el("link", { rel: "alternate", type: "text/html", href: e.href }),
        e.html ? el("content", { type: "html" }, e.html) : el("summary", { type: "text" }, "The postmortem is published on the incident's page."),
      ),
    ),
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${toXml(feed)}\n`;
}
