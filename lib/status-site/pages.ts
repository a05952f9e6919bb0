/**
 * The HTML pages: the front page, one page (or a few) per incident, and the
 * list of the window's incidents. Each is packed to stay under
 * PAGE_MAX_BYTES: long update lists continue on numbered pages
 * (INC-12.html, INC-12-2.html …), and every list that is cut says so and
 * links to where the rest is.
 */
import type { Element, ElementContent, Root } from "hast";
import { byteSize, h, serialize, text, time, type Child } from "./hast";
import { renderPage, pageTree, type SiteOptions } from "./layout";
import { packPages, shortenToFit, splitToFit } from "./pack";
import type { PublicIncident, PublicUpdate, StatusData } from "./load";
import type { RenderedContent } from "./content";
import {
  IMPACT_WORDS,
  incidentServiceState,
  OVERALL_WORDS,
  PAGE_TARGET_BYTES,
  SERVICE_STATE_SYMBOLS,
  SERVICE_STATE_WORDS,
  serviceStates,
  STATUS_LIMITS,
  STATUS_WORDS,
  worstState,
  type ServiceState,
} from "./rules";

export type SitePages = {
  files: Map<string, string>;
  /** Update id → the page (relative to the site root) and anchor it is on, for the feed. */
  updateLinks: Map<string, string>;
};

const TITLE_MAX = 70;

/** A document title within TITLE_MAX characters as written in the page (after escaping). */
function docTitle(...parts: string[]): string {
  const full = parts.join(" · ");
  let title = full;
  for (let keep = full.length; serialize(text(title)).length > TITLE_MAX && keep > 0; keep--) title = `${full.slice(0, keep - 1).trimEnd()}…`;
  return title;
}

export function incidentPagePath(incident: { key: string }, page = 1): string {
  return `incidents/${incident.key}${page > 1 ? `-${page}` : ""}.html`;
}

function historyPagePath(page: number): string {
  return page > 1 ? `history-${page}.html` : "history.html";
}

function stateLabel(state: ServiceState): ElementContent[] {
  return [h("span", { className: ["state", `state-${state}`] }, h("span", { ariaHidden: "true" }, `${SERVICE_STATE_SYMBOLS[state]} `), SERVICE_STATE_WORDS[state])];
}

function contentOf(root: Root): ElementContent[] {
  return root.children.filter((c): c is ElementContent => c.type === "element" || c.type === "text");
}

/** A copy, for trees a page changes (its headings are renumbered); update bodies have none and are shared. */
function cloneChildren(root: Root): ElementContent[] {
  return structuredClone(contentOf(root));
}

// Serialising is most of a build's cost: a body's size is measured once.
const bodySizes = new WeakMap<Root, number>();

function bodySize(root: Root): number {
  let size = bodySizes.get(root);
  if (size === undefined) {
    size = byteSize(contentOf(root));
    bodySizes.set(root, size);
  }
  return size;
}

function updateLabel(update: PublicUpdate): string {
  return update.label ?? "Update";
}

function updateAnchor(update: PublicUpdate): string {
  return `update-${update.id}`;
}

/** One update: label, time, body; the body is shortened when the whole would not fit `max`. */
function updateItem(update: PublicUpdate, body: Root | undefined, headingTag: string, max: number): { el: Element; size: number } {
  const make = (content: ElementContent[]) =>
    h(
      "li",
      { id: updateAnchor(update) },
      h("article", null, h(headingTag, null, updateLabel(update)), h("p", { className: ["when"] }, time(update.occurredAt)), h("div", { className: ["body"] }, content)),
    );
  const frame = byteSize(make([]));
  const size = frame + (body ? bodySize(body) : 0);
  if (size <= max) return { el: make(body ? contentOf(body) : []), size };
  const el = make([shortenToFit(h("div", null, body ? contentOf(body) : []), Math.max(200, max - frame))]);
  return { el, size: byteSize(el) };
}

function incidentMeta(incident: PublicIncident, opts: { servicesMax?: number } = {}): Element {
  const services = opts.servicesMax !== undefined ? incident.services.slice(0, opts.servicesMax) : incident.services;
  const more = incident.services.length - services.length;
  const state = incidentServiceState(incident);
  return h(
    "dl",
    { className: ["meta"] },
    h("dt", null, "Status"),
    h("dd", null, STATUS_WORDS[incident.status]),
    h("dt", null, "Impact"),
    h("dd", null, incident.status === "resolved" ? `${IMPACT_WORDS[incident.severity]} (resolved)` : [IMPACT_WORDS[incident.severity], " — ", stateLabel(state)]),
    services.length ? [h("dt", null, "Affected services"), h("dd", null, services.join(", "), more > 0 ? ` and ${more} more` : "")] : null,
    h("dt", null, "Started"),
    h("dd", null, incident.startedAt ? time(incident.startedAt) : "unknown"),
    incident.resolvedAt && incident.status === "resolved" ? [h("dt", null, "Resolved"), h("dd", null, time(incident.resolvedAt))] : null,
  );
}

// ------------------------------------------------------------ incident pages

type IncidentBlock = { kind: "postmortem" | "update"; el: Element; size: number };

function pagerNav(incident: PublicIncident, page: number, pages: number): Element | null {
  if (pages <= 1) return null;
  const name = (n: number) => incidentPagePath(incident, n).slice("incidents/".length);
  return h(
    "nav",
    { className: ["pager"], ariaLabel: "Pages of this incident" },
    page > 1 ? h("a", { href: name(page - 1), rel: ["prev"] }, "← Previous page") : null,
    h(
      "ol",
      null,
      Array.from({ length: pages }, (_, i) =>
        h("li", null, i + 1 === page ? h("span", { ariaCurrent: "page" }, `Page ${i + 1}`) : h("a", { href: name(i + 1) }, `Page ${i + 1}`)),
      ),
    ),
    page < pages ? h("a", { href: name(page + 1), rel: ["next"] }, "Next page (older updates) →") : null,
  );
}

function incidentMain(incident: PublicIncident, blocks: IncidentBlock[], page: number, pages: number): Child[] {
  const pm = blocks.filter((b) => b.kind === "postmortem").map((b) => b.el);
  const updates = blocks.filter((b) => b.kind === "update").map((b) => b.el);
  const hidden = incident.updateCount - incident.updates.length;
  const continued = page > 1;
  return [
    h("h1", null, incident.title),
    h("p", { className: ["meta"] }, incident.key, pages > 1 ? ` · page ${page} of ${pages}` : ""),
    incidentMeta(incident),
    pm.length
      ? h("section", { ariaLabelledBy: ["postmortem"] }, h("h2", { id: "postmortem" }, continued ? "Postmortem (continued)" : "Postmortem"), pm)
      : null,
    updates.length
      ? h(
          "section",
          { ariaLabelledBy: ["updates"] },
          h("h2", { id: "updates" }, continued && blocks[0]?.kind === "update" ? "Updates (continued)" : "Updates"),
          h("p", { className: ["note"] }, "Newest first."),
          h("ol", { className: ["updates"] }, updates),
        )
      : null,
    page === pages && hidden > 0
      ? h("p", { className: ["note"] }, `${hidden} earlier update${hidden === 1 ? " is" : "s are"} not shown on the status page.`)
      : null,
    pagerNav(incident, page, pages),
  ];
}

function incidentPages(site: SiteOptions, incident: PublicIncident, content: RenderedContent): { files: Map<string, string>; links: Map<string, string> } {
  const links = new Map<string, string>();
  const pageInput = (main: Child[]) => ({
    site,
    title: docTitle(incident.title, incident.key, site.title),
    prefix: "../",
    isIndex: false,
    main,
    // Only the front page names the site's latest change: a page whose
    // incident did not change stays byte for byte the same (and is not
    // copied again by rsync and the like).
    latestChange: null,
  });
  // What a page holds besides its blocks (both sections, the pager for n pages).
  const frameFor = (n: number) =>
    byteSize(pageTree(pageInput(incidentMain(incident, [{ kind: "postmortem", el: h("p", null), size: 0 }, { kind: "update", el: h("li", null), size: 0 }], n, n))));

  const blocksFor = (capacity: number): IncidentBlock[] => {
    const blocks: IncidentBlock[] = [];
    const pm = content.postmortems.get(incident.id);
    if (pm) {
      for (const node of cloneChildren(pm)) {
        if (node.type !== "element") continue;
        for (const el of splitToFit(node, capacity)) blocks.push({ kind: "postmortem", el, size: byteSize(el) });
      }
    }
    for (const update of incident.updates) {
      const { el, size } = updateItem(update, content.updateBodies.get(update.id), "h3", capacity);
      blocks.push({ kind: "update", el, size });
    }
    return blocks;
  };
  // The pager grows with the number of pages, which depends on the room the
  // pager leaves: start from one page and repack until the count holds.
  let pages: IncidentBlock[][] = [];
  for (let n = 1; ; ) {
    const capacity = Math.max(4_000, PAGE_TARGET_BYTES - frameFor(n));
    pages = packPages(blocksFor(capacity), (b) => b.size, capacity, { maxCount: STATUS_LIMITS.updatesPerPage, counts: (b) => b.kind === "update" });
    if (pages.length <= n) break;
    n = pages.length;
  }
  const files = new Map<string, string>();
  pages.forEach((pageBlocks, i) => {
    const path = incidentPagePath(incident, i + 1);
    for (const b of pageBlocks) {
      const id = b.kind === "update" && typeof b.el.properties.id === "string" ? b.el.properties.id : null;
      if (id) links.set(id.slice("update-".length), `${path}#${id}`);
    }
    files.set(path, renderPage(pageInput(incidentMain(incident, pageBlocks, i + 1, pages.length))));
  });
  return { files, links };
}

// ----------------------------------------------------------------- front page

function historyRow(incident: PublicIncident, prefix: string): Element {
  return h(
    "li",
    null,
    h("a", { href: `${prefix}${incidentPagePath(incident)}` }, incident.title),
    " — ",
    STATUS_WORDS[incident.status],
    ", ",
    IMPACT_WORDS[incident.severity].toLowerCase(),
    "; ",
    incident.status === "resolved" && incident.resolvedAt ? ["resolved ", time(incident.resolvedAt)] : incident.startedAt ? ["since ", time(incident.startedAt)] : "",
    incident.postmortem ? " · postmortem published" : "",
  );
}

/** An open incident on the front page with its latest updates, made to fit `max` bytes. */
function openIncidentBlock(incident: PublicIncident, content: RenderedContent, max: number): Element {
  const make = (count: number, perUpdate: number) =>
    h(
      "article",
      { className: ["incident"], ariaLabelledBy: [`open-${incident.key}`] },
      h("h3", { id: `open-${incident.key}` }, h("a", { href: incidentPagePath(incident) }, incident.title)),
      incidentMeta(incident, { servicesMax: 10 }),
      h("ol", { className: ["updates"] }, incident.updates.slice(0, count).map((u) => updateItem(u, content.updateBodies.get(u.id), "h4", perUpdate).el)),
      h("p", { className: ["more"] }, h("a", { href: incidentPagePath(incident) }, incident.updateCount === 1 ? "The incident's page" : `All ${incident.updateCount} updates`)),
    );
  for (const [count, perUpdate] of [
    [STATUS_LIMITS.updatesOnIndex, 6_000],
    [1, 6_000],
    [1, 2_000],
    [1, 600],
  ] as const) {
    const block = make(count, perUpdate);
    if (byteSize(block) <= max) return block;
  }
  return make(0, 0);
}

function takeFitting(items: Element[], room: number): { taken: Element[]; used: number } {
  const taken: Element[] = [];
  let used = 0;
  for (const item of items) {
    const size = byteSize(item);
    if (used + size > room) break;
    taken.push(item);
    used += size;
  }
  return { taken, used };
}

function indexPage(site: SiteOptions, data: StatusData, content: RenderedContent, latestChange: Date | null): string {
  const all = [...data.open, ...data.recent];
  const services = serviceStates(all).slice(0, STATUS_LIMITS.servicesShown);
  const overall = worstState(services.map((s) => s.state));
  const build = (parts: { services: Element[]; servicesLeft: number; open: Element[]; openLeft: number; past: Element[] }): Child[] => [
    h(
      "section",
      { ariaLabelledBy: ["current"] },
      h("h2", { id: "current", className: ["sr-only"] }, "Current status"),
      h("p", { className: ["overall", `state-${overall}`] }, h("span", { ariaHidden: "true" }, `${SERVICE_STATE_SYMBOLS[overall]} `), OVERALL_WORDS[overall]),
    ),
    h(
      "section",
      { ariaLabelledBy: ["services"] },
      h("h2", { id: "services" }, "Services"),
      services.length === 0
        ? h("p", null, "No service has been named in an incident of the last 90 days.")
        : h("ul", { className: ["services"] }, parts.services),
      parts.servicesLeft > 0 ? h("p", { className: ["note"] }, `${parts.servicesLeft} more services are not listed here.`) : null,
    ),
    h(
      "section",
      { ariaLabelledBy: ["open"] },
      h("h2", { id: "open" }, "Open incidents"),
      data.open.length === 0 ? h("p", null, "There are no open incidents.") : parts.open,
      parts.openLeft > 0
        ? h("p", { className: ["more"] }, `${parts.openLeft} more open incident${parts.openLeft === 1 ? " is" : "s are"} listed on `, h("a", { href: historyPagePath(1) }, "the incidents page"), ".")
        : null,
    ),
    h(
      "section",
      { ariaLabelledBy: ["past"] },
      h("h2", { id: "past" }, "Past incidents (last 90 days)"),
      data.recent.length === 0 ? h("p", null, "No incidents in the last 90 days.") : h("ul", { className: ["history"] }, parts.past),
      h("p", { className: ["more"] }, h("a", { href: historyPagePath(1) }, "All incidents of the last 90 days")),
    ),
  ];
  const pageInput = (main: Child[]) => ({ site, title: docTitle(site.title), prefix: "", isIndex: true, main, latestChange });
  const frame = byteSize(pageTree(pageInput(build({ services: [], servicesLeft: 999, open: [], openLeft: 999, past: [] }))));
  let room = Math.max(4_000, PAGE_TARGET_BYTES - frame);

  const serviceItems = services.map((s) => h("li", null, h("span", null, s.name), stateLabel(s.state)));
  const shownServices = takeFitting(serviceItems, Math.min(room / 4, 12_000));
  room -= shownServices.used;

  // Past incidents get at least a few rows; open incidents come first.
  const pastReserve = Math.min(room / 4, 4_000);
  const openBlocks: Element[] = [];
  let openRoom = room - pastReserve;
  for (const incident of data.open) {
    const block = openIncidentBlock(incident, content, Math.min(openRoom, 14_000));
    const size = byteSize(block);
    if (size > openRoom) break;
    openBlocks.push(block);
    openRoom -= size;
  }
  room = pastReserve + openRoom;
  const past = takeFitting(data.recent.slice(0, STATUS_LIMITS.recentOnIndex).map((i) => historyRow(i, "")), room);

  return renderPage(
    pageInput(
      build({
        services: shownServices.taken,
        servicesLeft: serviceItems.length - shownServices.taken.length,
        open: openBlocks,
        openLeft: data.open.length - openBlocks.length,
        past: past.taken,
      }),
    ),
  );
}

// ------------------------------------------------------------- history pages

function historyPages(site: SiteOptions, data: StatusData): Map<string, string> {
  const rows = [...data.open, ...data.recent].map((i) => historyRow(i, ""));
  const pageInput = (main: Child[], page: number, pages: number) => ({
    site,
    title: docTitle(pages > 1 ? `Incidents, page ${page}` : "Incidents", site.title),
    prefix: "",
    isIndex: false,
    main,
    latestChange: null,
  });
  const build = (items: Element[], page: number, pages: number): Child[] => [
    h("h1", null, "Incidents of the last 90 days"),
    h("p", null, "Open incidents first, then resolved ones, newest first. Only incidents with public updates are listed."),
    items.length ? h("ul", { className: ["history"] }, items) : h("p", null, "No incidents in the last 90 days."),
    pages > 1
      ? h(
          "nav",
          { className: ["pager"], ariaLabel: "Pages of the incident list" },
          h(
            "ol",
            null,
            Array.from({ length: pages }, (_, i) =>
              h("li", null, i + 1 === page ? h("span", { ariaCurrent: "page" }, `Page ${i + 1}`) : h("a", { href: historyPagePath(i + 1) }, `Page ${i + 1}`)),
            ),
          ),
        )
      : null,
  ];
  const frame = byteSize(pageTree(pageInput(build([], 1, 50), 1, 50)));
  const pages = packPages(rows, byteSize, Math.max(4_000, PAGE_TARGET_BYTES - frame));
  if (pages.length === 0) pages.push([]);
  const files = new Map<string, string>();
  pages.forEach((items, i) => files.set(historyPagePath(i + 1), renderPage(pageInput(build(items, i + 1, pages.length), i + 1, pages.length))));
  return files;
}

/** What an incident's pages are made from: equal keys give equal pages. */
function incidentPagesKey(site: SiteOptions, incident: PublicIncident, content: RenderedContent): string {
  return JSON.stringify([
    site.title,
    incident.key,
    incident.title,
    incident.status,
    incident.severity,
    incident.services,
    incident.startedAt,
    incident.resolvedAt,
    incident.updateCount,
    incident.updates.map((u) => [u.id, u.version]),
    content.postmortemKeys.get(incident.id) ?? null,
  ]);
}

/**
 * Every HTML page of the site, by path. An incident's pages are made again
 * only when the incident changed (else they come from `memo`), and between
 * incidents the event loop gets a turn once the thread has been busy for a
 * few milliseconds, so a large site never holds up requests for long.
 */
export async function buildPages(
  site: SiteOptions,
  data: StatusData,
  content: RenderedContent,
  latestChange: Date | null,
  memo: PageMemo,
): Promise<SitePages> {
  const files = new Map<string, string>();
  const updateLinks = new Map<string, string>();
  let busySince = performance.now();
  const breathe = async () => {
    if (performance.now() - busySince < 10) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    busySince = performance.now();
  };
  files.set("index.html", indexPage(site, data, content, latestChange));
  await breathe();
  for (const [path, html] of historyPages(site, data)) files.set(path, html);
  for (const incident of [...data.open, ...data.recent]) {
    await breathe();
    const made = memo.pages(incident.id, incidentPagesKey(site, incident, content), () => incidentPages(site, incident, content));
    for (const [path, html] of made.files) files.set(path, html);
    for (const [id, href] of made.links) updateLinks.set(id, href);
  }
  return { files, updateLinks };
}

export interface PageMemo {
  pages(incidentId: string, key: string, make: () => { files: Map<string, string>; links: Map<string, string> }): { files: Map<string, string>; links: Map<string, string> };
}
