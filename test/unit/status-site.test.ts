import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { useTempDatabase } from "../support/db";
import { savePostmortem } from "../support/postmortem";
import { decodeEntities, htmlProblems, outsideUrls, readSite } from "../support/status-site";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createIncident, deleteIncident, updateIncident } from "@/lib/incidents/service";
import { createTimelineEvent, updateTimelineEvent, deleteTimelineEvent } from "@/lib/timeline/service";
import { setPostmortemStatus } from "@/lib/postmortem/service";
import { createActionItem } from "@/lib/action-items/service";
import { assignIncidentRole } from "@/lib/incident-roles/assignments";
import { buildStatusSite } from "@/lib/status-site/build";
import { writeSiteAtomically } from "@/lib/status-site/write";
import { PAGE_MAX_BYTES, STATUS_LIMITS } from "@/lib/status-site/rules";

// The static status site built from a real temporary database through the
// services: what it shows, what it never shows, and how it stays small.

useTempDatabase();

// An author whose name must never reach the site.
const actor: Actor = { id: "author-1", name: "Zebulon Quillfeather", role: "admin", kind: "user" };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function build(options = { title: "Acme status", baseUrl: null as string | null }) {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "debrief-status-test-")), "site");
  dirs.push(path.dirname(dir));
  const site = await buildStatusSite({ db: await getDb(), now: new Date(), options });
  await writeSiteAtomically(dir, site.files, site.hash);
  return { dir, site, files: readSite(dir) };
}

function everything(files: Map<string, string>): string {
  return [...files.values()].join("\n");
}

async function incident(title: string, severity: "SEV1" | "SEV2" | "SEV3" | "SEV4" = "SEV2", services: string[] = []) {
  return createIncident({ input: { title, severity, services, summary: "summary-marker-kestrel" }, actor });
}

async function post(incidentId: string, body: string, extra: Record<string, unknown> = {}) {
  return (await createTimelineEvent({ incidentId, input: { body, ...extra }, actor })).event;
}

const publicUpdate = (incidentId: string, body: string, extra: Record<string, unknown> = {}) => post(incidentId, body, { visibility: "public", ...extra });

describe("the status site shows public updates only", () => {
  it("never carries internal entries, internal-only incidents, authors, summaries or incident roles", async () => {
    const a = await incident("Checkout errors for some users", "SEV1", ["Checkout API"]);
    // Role changes write internal timeline entries; neither they nor the holders may show.
    await assignIncidentRole({ incidentId: a.id, roleKey: "commander", input: { name: "Commander Ottoline" }, actor });
    await assignIncidentRole({ incidentId: a.id, roleKey: "scribe", input: { name: "Scribe Barnaby" }, actor });
    await assignIncidentRole({ incidentId: a.id, roleKey: "communications", input: { name: "Comms Wilhelmina" }, actor });
    await post(a.id, "internal-marker-aardvark db-3 ran out of memory");
    await post(a.id, "internal-marker-badger starred internal entry", { key: true, statusLabel: "internal-label-marker-cobra" });
    await publicUpdate(a.id, "public-marker-dolphin We are investigating errors at checkout.", { statusLabel: "Investigating" });
    const madeInternal = await publicUpdate(a.id, "formerly-public-marker-emu");
    await updateTimelineEvent({ incidentId: a.id, eventId: madeInternal.id, input: { version: madeInternal.version, visibility: "internal" }, actor });
    const deleted = await publicUpdate(a.id, "deleted-marker-ferret");
    await deleteTimelineEvent({ incidentId: a.id, eventId: deleted.id, actor });
    const b = await incident("internal-only-marker-gecko incident", "SEV1", ["internal-only-service-marker-heron"]);
    await post(b.id, "internal-marker-ibis");

    const { files } = await build();
    const all = everything(files);
    for (const marker of [
      "internal-marker-aardvark",
      "internal-marker-badger",
      "internal-label-marker-cobra",
      "formerly-public-marker-emu",
      "deleted-marker-ferret",
      "internal-only-marker-gecko",
      "internal-only-service-marker-heron",
      "internal-marker-ibis",
      "Zebulon",
      "Quillfeather",
      "summary-marker-kestrel",
      "Ottoline",
      "Barnaby",
      "Wilhelmina",
      "System (command line)",
      "@debrief.test",
    ]) {
      expect(all, marker).not.toContain(marker);
    }
    const page = files.get(`incidents/INC-${a.number}.html`) ?? "";
    expect(page).toContain("public-marker-dolphin");
    expect(page).toContain("Investigating");
    expect(files.get("index.html")).toContain("public-marker-dolphin");
    expect(files.get("feed.atom")).toContain("public-marker-dolphin");
    expect(files.get("status.json")).toContain("public-marker-dolphin");
    expect(files.has(`incidents/INC-${b.number}.html`)).toBe(false);
  });

  it("lists an incident once it has a public update, drops it when deleted, and keeps 90 days of resolved ones", async () => {
    const fresh = await incident("appears-later-marker-jackal", "SEV3", ["Search"]);
    expect(everything((await build()).files)).not.toContain("appears-later-marker-jackal");
    await publicUpdate(fresh.id, "Search is slower than usual.");
    const shown = await build();
    expect(shown.files.get("index.html")).toContain("appears-later-marker-jackal");
    expect(shown.files.has(`incidents/INC-${fresh.number}.html`)).toBe(true);

    const day = 24 * 3_600_000;
    const old = await createIncident({ input: { title: "resolved-long-ago-marker-koala", severity: "SEV2", startedAt: new Date(Date.now() - 120 * day).toISOString() }, actor });
    await publicUpdate(old.id, "Old news.", { occurredAt: new Date(Date.now() - 119 * day).toISOString() });
    await post(old.id, "Fixed.", { milestone: "resolved", occurredAt: new Date(Date.now() - 100 * day).toISOString() });
    const oldNow = await getDb().then((db) => db.incident.findUniqueOrThrow({ where: { id: old.id } }));
    await updateIncident({ id: old.id, input: { version: oldNow.version, status: "resolved" }, actor });
    const recent = await createIncident({ input: { title: "resolved-recently-marker-lemur", severity: "SEV2", startedAt: new Date(Date.now() - 12 * day).toISOString() }, actor });
    await publicUpdate(recent.id, "Recent news.", { occurredAt: new Date(Date.now() - 11 * day).toISOString() });
    await post(recent.id, "Fixed.", { milestone: "resolved", occurredAt: new Date(Date.now() - 10 * day).toISOString() });
    const recentNow = await getDb().then((db) => db.incident.findUniqueOrThrow({ where: { id: recent.id } }));
    await updateIncident({ id: recent.id, input: { version: recentNow.version, status: "resolved" }, actor });

    const site = await build();
    const all = everything(site.files);
    expect(all).not.toContain("resolved-long-ago-marker-koala");
    expect(site.files.get("index.html")).toContain("resolved-recently-marker-lemur");
    expect(site.files.get("history.html")).toContain("resolved-recently-marker-lemur");

    await deleteIncident({ id: fresh.id, actor });
    const after = await build();
    expect(everything(after.files)).not.toContain("appears-later-marker-jackal");
    expect(after.files.has(`incidents/INC-${fresh.number}.html`)).toBe(false);
  });

  it("derives each service's state from the open incidents that are on the site", async () => {
    const major = await incident("state-major", "SEV1", ["svc-outage-marker"]);
    await publicUpdate(major.id, "Down.");
    const minor = await incident("state-minor", "SEV3", ["svc-degraded-marker"]);
    await publicUpdate(minor.id, "Slow.");
    const watched = await incident("state-watched", "SEV1", ["svc-monitoring-marker"]);
    await publicUpdate(watched.id, "Fix deployed.");
    await updateIncident({ id: watched.id, input: { version: watched.version, status: "monitoring" }, actor });
    const done = await incident("state-done", "SEV1", ["svc-resolved-marker"]);
    await publicUpdate(done.id, "Fixed.");
    await updateIncident({ id: done.id, input: { version: done.version, status: "resolved" }, actor });

    const { files } = await build();
    const json = JSON.parse(files.get("status.json") ?? "{}") as { status: { state: string }; services: { name: string; state: string }[] };
    const state = (name: string) => json.services.find((s) => s.name === name)?.state;
    expect(state("svc-outage-marker")).toBe("outage");
    expect(state("svc-degraded-marker")).toBe("degraded");
    expect(state("svc-monitoring-marker")).toBe("degraded");
    expect(state("svc-resolved-marker")).toBe("operational");
    expect(json.status.state).toBe("outage");
    // Worst first, and the state in words beside each service.
    expect(json.services.findIndex((s) => s.state === "outage")).toBeLessThan(json.services.findIndex((s) => s.state === "operational"));
    expect(files.get("index.html")).toMatch(/svc-outage-marker<\/span><span class="state state-outage"><span aria-hidden="true">✕ <\/span>Outage/);
  });
});

describe("the published postmortem", () => {
  it("is on the incident's page only while published, sanitised, with public key entries only and no names", async () => {
    const inc = await incident("postmortem-incident", "SEV2", ["API"]);
    await publicUpdate(inc.id, "public-key-marker-mink API errors began.", { key: true, statusLabel: "Impact starts." });
    await post(inc.id, "internal-key-marker-newt paged the on-call", { key: true });
    await savePostmortem({
      incidentId: inc.id,
      input: {
        authors: ["Author Philomena"],
        sections: {
          summary: "pm-summary-marker-ocelot A bad config push. <script>alert(1)</script>",
          rootCause: "## Why\n\n<img src=x onerror=alert(1)> [docs](javascript:alert(1)) ![diagram](https://evil.example/d.png)",
        },
      },
      actor,
    });
    await createActionItem({ incidentId: inc.id, input: { title: "action-title-marker-puffin", description: "action-description-marker-quail", owner: "Owner Rosalind" }, actor });

    const pagePath = `incidents/INC-${inc.number}.html`;
    expect((await build()).files.get(pagePath)).not.toContain("pm-summary-marker-ocelot");
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor });
    expect((await build()).files.get(pagePath)).not.toContain("pm-summary-marker-ocelot");

    await setPostmortemStatus({ incidentId: inc.id, input: { status: "published" }, actor });
    const { files } = await build();
    const page = files.get(pagePath) ?? "";
    expect(page).toContain('<h2 id="postmortem">Postmortem</h2>');
    expect(page).toContain("pm-summary-marker-ocelot");
    expect(page).toContain("action-title-marker-puffin");
    expect(page).toContain("public-key-marker-mink");
    expect(page).toContain("diagram"); // the image's alt text, not the image
    for (const absent of ["internal-key-marker-newt", "Philomena", "Rosalind", "action-description-marker-quail", "<script", "<img", "onerror", "javascript:", "evil.example"]) {
      expect(page, absent).not.toContain(absent);
    }
    // Only the incident's own page carries it.
    for (const [file, text] of files) if (file !== pagePath) expect(text, file).not.toContain("pm-summary-marker-ocelot");
    expect(files.get("feed.atom")).toContain(`Postmortem: postmortem-incident (INC-${inc.number})`);

    // Edits of a published postmortem show; unpublishing takes it off.
    await savePostmortem({ incidentId: inc.id, input: { sections: { summary: "pm-edited-marker-raven" } }, actor });
    expect((await build()).files.get(pagePath)).toContain("pm-edited-marker-raven");
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor });
    const unpublished = await build();
    expect(unpublished.files.get(pagePath)).not.toContain("pm-edited-marker-raven");
    expect(unpublished.files.get(pagePath)).not.toContain('id="postmortem"');
  });
});

describe("the files", () => {
  it("link and load nothing outside the site, even from hostile Markdown", async () => {
    const inc = await incident("hostile <b>title</b> & \"quotes\" marker-sloth", "SEV2", ["svc <i>x</i>"]);
    await publicUpdate(
      inc.id,
      [
        "[link](https://evil.example/a) [rel](//evil.example/b) <https://evil.example/c> https://evil.example/d",
        "![img](https://evil.example/e.png) <img src=https://evil.example/f.png> <iframe src=https://evil.example/g></iframe>",
        "<script>alert(1)</script> <a href=https://evil.example/h>raw</a> [js](javascript:alert(1)) [data](data:text/html,x)",
        "<style>body{background:url(https://evil.example/i)}</style> <link rel=stylesheet href=https://evil.example/j.css>",
        "\u0001control\u0007chars\uFFFF and a footnote[^n]\n\n[^n]: see [here](mailto:ops@evil.example)",
      ].join("\n\n"),
      { statusLabel: 'label "quoted" <b>' },
    );
    const { files } = await build({ title: "Acme <status>", baseUrl: "https://status.acme.test/" });
    expect(await htmlProblems(files)).toEqual([]);
    // The checker itself finds what it is for.
    expect(outsideUrls(new Map([["a.html", '<p><a href="https://evil.example/">x</a><img src=//evil.example/i></p>']]))).toHaveLength(2);
    expect(outsideUrls(files, ["https://status.acme.test/feed.atom"])).toEqual([]);
    // No markup from the text survives as markup (in the pages, or in the feed's HTML once decoded).
    const feedHtml = [...(files.get("feed.atom") ?? "").matchAll(/<content type="html">([\s\S]*?)<\/content>/g)].map((m) => decodeEntities(m[1] ?? ""));
    const markup = [...[...files].filter(([f]) => !f.endsWith(".json")).map(([, text]) => text), ...feedHtml].join("\n");
    expect(feedHtml.join("")).toContain("<p>");
    for (const absent of ["<script", "<iframe", "<img", "<b>title", "<style>body", "<link rel=stylesheet"]) expect(markup, absent).not.toContain(absent);
    for (const absent of ["\u0001", "\u0007", "\uFFFF"]) expect(everything(files), JSON.stringify(absent)).not.toContain(absent);
    // Only relative links: the pages work from file:// and on any host.
    expect(files.get("index.html")).toContain('href="feed.atom"');
    expect(files.get(`incidents/INC-${inc.number}.html`)).toContain('href="../index.html"');
    // The feed's self link is the one absolute URL, and only when configured.
    expect(files.get("feed.atom")).toContain('<link rel="self" type="application/atom+xml" href="https://status.acme.test/feed.atom"/>');
    expect((await build()).files.get("feed.atom")).not.toContain('rel="self"');
  });

  it("are valid HTML (html-validate, recommended rules), with landmarks, lang and machine-readable times", async () => {
    const inc = await incident("validity", "SEV2", ["API"]);
    await publicUpdate(inc.id, "# Heading\n\n### Skipped level\n\n- [x] task\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n> quote\n\n```js\ncode()\n```\n\nnote[^1]\n\n[^1]: foot", { statusLabel: "Identified" });
    await publicUpdate(inc.id, "Second update with its own footnote[^1]\n\n[^1]: another");
    await savePostmortem({ incidentId: inc.id, input: { sections: { summary: "#### deep heading first\n\ntext[^1]\n\n[^1]: pm foot", rootCause: "# Top\n\n###### tiny" } }, actor });
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor });
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "published" }, actor });
    const { files } = await build();
    expect(await htmlProblems(files)).toEqual([]);
    for (const [file, html] of files) {
      if (!file.endsWith(".html")) continue;
      expect(html, file).toMatch(/^<!DOCTYPE html><html lang="en">/);
      for (const landmark of ["<header>", '<main id="main">', "<footer>", "<h1>"]) expect(html, `${file} ${landmark}`).toContain(landmark);
      expect(html, file).toContain("prefers-color-scheme:dark");
      expect(html, file).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z">/);
    }
  });

  it("parse as JSON in the documented shape, and the feed keeps stable ids across rebuilds", async () => {
    const inc = await incident("json-shape", "SEV4", ["Docs"]);
    const update = await publicUpdate(inc.id, "Docs are stale.", { statusLabel: "Monitoring" });
    const first = await build();
    const json = JSON.parse(first.files.get("status.json") ?? "") as Record<string, unknown>;
    expect(json).toMatchObject({ format: "debrief-status/1", title: "Acme status", historyDays: 90, status: { state: expect.any(String), description: expect.any(String) } });
    const entry = (json.incidents as Record<string, unknown>[]).find((i) => i.key === `INC-${inc.number}`);
    expect(entry).toMatchObject({
      number: inc.number,
      title: "json-shape",
      status: "investigating",
      impact: "minor",
      services: ["Docs"],
      url: `incidents/INC-${inc.number}.html`,
      postmortemPublished: false,
      updateCount: 1,
      resolvedAt: null,
      updates: [{ id: update.id, label: "Monitoring", text: "Docs are stale.", occurredAt: update.occurredAt.toISOString(), updatedAt: update.updatedAt.toISOString() }],
    });
    expect(first.files.get("feed.atom")).toContain(`<id>urn:uuid:${update.id}</id>`);
    const again = await build();
    expect(again.site.hash).toBe(first.site.hash); // the same data gives the same bytes
    const feedId = /<feed[^>]*>\s*<id>([^<]+)<\/id>/.exec(first.files.get("feed.atom") ?? "")?.[1];
    expect(feedId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(again.files.get("feed.atom")).toContain(`<id>${feedId}</id>`);
  });
});

describe("hostile Markdown", () => {
  it("leaves out a text too complex to render in time, and shows the rest", async () => {
    const inc = await incident("pathological", "SEV3", ["API"]);
    await publicUpdate(inc.id, "before-pathological-marker all good");
    await publicUpdate(inc.id, `${"- ".repeat(4_900)}x`); // lists nested thousands deep: seconds of parsing
    await publicUpdate(inc.id, "after-pathological-marker still good");
    const { files } = await build();
    const page = files.get(`incidents/INC-${inc.number}.html`) ?? "";
    expect(page).toContain("before-pathological-marker");
    expect(page).toContain("after-pathological-marker");
    expect(page).toContain("This text could not be shown here.");
  });
});

describe("size", () => {
  it("keeps every page under 50 KB with a huge incident, and every update within the limit reachable through the pages", async () => {
    const services = Array.from({ length: 50 }, (_, i) => `Service ${i} ${"&<".repeat(40)}`);
    const big = await incident(`big ${"<&>".repeat(60)}`, "SEV1", services);
    const total = STATUS_LIMITS.updatesPerIncident + 20;
    const ids: string[] = [];
    for (let i = 0; i < total; i++) {
      // Long bodies of characters that grow when escaped.
      const body = `update-${i}-marker ${i % 7 === 0 ? "<&".repeat(4_900) : "word ".repeat(400)}`;
      ids.push((await publicUpdate(big.id, body, { occurredAt: new Date(Date.now() - (total - i) * 60_000).toISOString() })).id);
    }
    // Mostly prose (what a long postmortem is), with a list and a table; heavy
    // enough to span pages, light enough to pass the save's export check.
    const huge = (tag: string) =>
      `${tag} ${"Text with <&> in it, escaped on the page. ".repeat(700)}\n\n${"- item with <&> text\n".repeat(200)}\n\n| a | b |\n|-|-|\n${"| <&> | cell |\n".repeat(100)}`.slice(0, 49_000);
    await savePostmortem({
      incidentId: big.id,
      input: { sections: { summary: huge("summary"), impact: huge("impact"), rootCause: "x".repeat(49_000), resolution: huge("resolution") } },
      actor,
    });
    await setPostmortemStatus({ incidentId: big.id, input: { status: "in_review" }, actor });
    await setPostmortemStatus({ incidentId: big.id, input: { status: "published" }, actor });
    // Many open incidents with long updates for the front page.
    for (let i = 0; i < 35; i++) {
      const other = await incident(`open-${i} ${"long title ".repeat(15)}`, "SEV2", services.slice(0, 20));
      await publicUpdate(other.id, "y".repeat(9_000));
    }

    const { files } = await build();
    for (const [file, text] of files) {
      if (file.endsWith(".html")) expect(Buffer.byteLength(text), file).toBeLessThan(PAGE_MAX_BYTES);
    }
    expect(await htmlProblems(files)).toEqual([]);

    // Follow the pager from the first page: every page of the incident is reachable.
    const pages = new Set<string>();
    const queue = [`INC-${big.number}.html`];
    while (queue.length) {
      const name = queue.shift() ?? "";
      if (pages.has(name)) continue;
      pages.add(name);
      const html = files.get(`incidents/${name}`);
      expect(html, name).toBeDefined();
      for (const m of (html ?? "").matchAll(/href="(INC-\d+(?:-\d+)?\.html)"/g)) queue.push(m[1] ?? "");
    }
    expect(pages.size).toBeGreaterThan(3);
    const onPages = [...pages].map((p) => files.get(`incidents/${p}`) ?? "").join("\n");
    const shownIds = ids.slice(-STATUS_LIMITS.updatesPerIncident);
    for (const id of shownIds) expect(onPages).toContain(`id="update-${id}"`);
    for (const id of ids.slice(0, total - STATUS_LIMITS.updatesPerIncident)) expect(onPages).not.toContain(`id="update-${id}"`);
    expect(onPages).toContain("20 earlier updates are not shown on the status page.");
    expect(onPages).toContain("is too long for the status page and is shortened here");
    expect(onPages).toContain("Postmortem (continued)");
    // The front page says where the open incidents it could not fit are.
    expect(files.get("index.html")).toMatch(/\d+ more open incidents are listed on <a href="history.html">/);
  });
});
