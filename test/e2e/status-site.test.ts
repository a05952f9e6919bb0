import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, startTestServer, type TestServer } from "../support/server";
import { launchBrowser, signedInContext } from "../support/browser";

// Public updates in Chromium: the entry box's public mode and templates,
// how public entries look, the public-only filter; then the status site the
// server wrote, read from file:// with JavaScript off, and its Atom feed
// parsed by the browser's XML parser.

let server: TestServer;
let browser: Browser;
let root: string;
let site: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "debrief-status-e2e-"));
  site = path.join(root, "site");
  [server, browser] = await Promise.all([startTestServer({ env: { DEBRIEF_STATUS_DIR: site, DEBRIEF_STATUS_TITLE: "Browser status" } }), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
  await server?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function newPage(role: "admin" | "viewer" = "admin"): Promise<Page> {
  const context = await signedInContext(browser, server, role);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const entryBox = (page: Page) => page.getByRole("textbox", { name: "New timeline entry" });
const row = (page: Page, text: string) => page.locator("li[data-entry-id]", { hasText: text });
const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

async function waitFor(what: string, check: () => boolean, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let incident: { id: string; number: number };

describe("public updates in the timeline", () => {
  it("posts public updates from the keyboard and templates, marks them, and filters them", async () => {
    const created = await api(server, "POST", "/api/v1/incidents", { title: "Image uploads failing", severity: "SEV2", services: ["Uploads", "CDN"] });
    expect(created.status).toBe(201);
    incident = created.json;
    const page = await newPage();
    await page.goto(`/incidents/${incident.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    const composer = page.locator("[data-composer-visibility]");
    const box = entryBox(page);

    // An internal note first: no public mark.
    await box.fill("e2e-internal-marker checking the upload workers");
    await box.press("Enter");
    await row(page, "e2e-internal-marker").and(page.locator('[data-state="saved"]')).waitFor();
    expect(await row(page, "e2e-internal-marker").getAttribute("data-visibility")).toBe("internal");
    expect(await row(page, "e2e-internal-marker").locator("[data-public-badge]").count()).toBe(0);

    // Alt+P: the box says it is public, in words; Enter posts a public update; the box is internal again.
    await box.focus();
    await page.keyboard.press("Alt+P");
    expect(await composer.getAttribute("data-composer-visibility")).toBe("public");
    await page.getByText("This entry is a public update: it appears on the status page within seconds.").waitFor();
    expect(await page.locator('button[aria-keyshortcuts="Alt+P"]').getAttribute("aria-pressed")).toBe("true");
    await box.fill("e2e-public-marker Some uploads fail; we are looking into it.");
    await box.press("Enter");
    const publicRow = row(page, "e2e-public-marker");
    await publicRow.and(page.locator('[data-state="saved"]')).waitFor();
    expect(await publicRow.getAttribute("data-visibility")).toBe("public");
    expect(await publicRow.locator("[data-public-badge]").innerText()).toContain("Public");
    expect(await composer.getAttribute("data-composer-visibility")).toBe("internal");

    // Alt+Shift+1: the Investigating template, naming the services, editable; posted with its label.
    await box.focus();
    await page.keyboard.press("Alt+Shift+1");
    expect(await box.inputValue()).toBe("We are investigating reports of problems with Uploads and CDN. We will post an update as soon as we know more.");
    await page.getByText("Status label: Investigating").waitFor();
    await page.keyboard.type(" e2e-template-marker");
    await page.keyboard.press("Enter");
    const templated = row(page, "e2e-template-marker");
    await templated.and(page.locator('[data-state="saved"]')).waitFor();
    expect(await templated.getAttribute("data-visibility")).toBe("public");
    expect(await templated.innerText()).toContain("Investigating");

    // "public:" typed in the line works as well; a template button too.
    await box.fill("public: e2e-prefix-marker Uploads are back for most users.");
    expect(await composer.getAttribute("data-composer-visibility")).toBe("public");
    await box.press("Enter");
    await row(page, "e2e-prefix-marker").and(page.locator('[data-visibility="public"]')).waitFor();
    await page.getByRole("button", { name: /^Resolved Alt\+Shift\+4/ }).click();
    expect(await box.inputValue()).toBe("This incident has been resolved. Uploads and CDN are working normally again.");
    await box.fill("");
    await page.keyboard.press("Alt+P"); // off again: nothing public is left armed
    expect(await composer.getAttribute("data-composer-visibility")).toBe("internal");

    // Shift+P: only public updates; again: everything.
    await box.press("Escape");
    await page.keyboard.press("Shift+P");
    await page.getByRole("list", { name: "Public updates, oldest first" }).waitFor();
    const visible = page.locator("li[data-entry-id]");
    expect(await visible.count()).toBe(3);
    expect(await page.locator('li[data-entry-id][data-visibility="internal"]').count()).toBe(0);
    await page.keyboard.press("Shift+P");
    await page.getByRole("list", { name: "Timeline entries, oldest first" }).waitFor();
    await row(page, "e2e-internal-marker").waitFor();

    // p on an internal entry asks first, then makes it public.
    await row(page, "e2e-internal-marker").click();
    await page.keyboard.press("p");
    await page.getByRole("dialog", { name: "Make this entry public?" }).waitFor();
    await page.keyboard.press("Escape");
    // Closed before typing on: an open dialog keeps the focus (and would take the Enter).
    await page.getByRole("dialog", { name: "Make this entry public?" }).waitFor({ state: "hidden" });
    expect(await row(page, "e2e-internal-marker").getAttribute("data-visibility")).toBe("internal");
    await box.fill("e2e-promoted-marker Upload retries are on.");
    await box.press("Enter");
    await row(page, "e2e-promoted-marker").and(page.locator('[data-state="saved"]')).waitFor();
    await box.press("Escape"); // selects the latest entry
    await page.keyboard.press("p");
    await page.getByRole("dialog", { name: "Make this entry public?" }).waitFor();
    await page.keyboard.press("Enter");
    await row(page, "e2e-promoted-marker").and(page.locator('[data-visibility="public"]')).waitFor();
  });

  it("marks public entries in the postmortem's key entries, and viewers get no entry box", async () => {
    const page = await newPage();
    await page.goto(`/incidents/${incident.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    const box = entryBox(page);
    await box.fill("public: e2e-milestone-marker Uploads are degraded.");
    await page.keyboard.press("Alt+D"); // a public milestone: a key entry
    await row(page, "e2e-milestone-marker").and(page.locator('[data-state="saved"]')).waitFor();
    await page.goto(`/incidents/${incident.number}/postmortem`);
    const keyEntry = page.locator('[data-testid="pm-entry"][data-visibility="public"]');
    await keyEntry.waitFor();
    expect(await keyEntry.getByRole("textbox", { name: /^Description/ }).inputValue()).toContain("e2e-milestone-marker");
    expect(await keyEntry.locator("[data-public-badge]").innerText()).toContain("Public");

    const viewer = await newPage("viewer");
    await viewer.goto(`/incidents/${incident.number}`);
    await row(viewer, "e2e-public-marker").waitFor();
    expect(await row(viewer, "e2e-public-marker").locator("[data-public-badge]").count()).toBe(1);
    expect(await entryBox(viewer).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: /Make (public|internal)/ }).count()).toBe(0);
  });
});

describe("the generated status site in a browser", () => {
  it("reads from file:// with JavaScript off, loads nothing else, and follows dark mode", async () => {
    await waitFor("the public updates on the site", () => read(path.join(site, "index.html")).includes("e2e-milestone-marker"));
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const requested: string[] = [];
    context.on("request", (r) => requested.push(r.url()));
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "index.html")).href);
    await page.getByRole("heading", { level: 1, name: "Browser status" }).waitFor();
    expect(await page.getByRole("main").count()).toBe(1);
    expect(await page.getByRole("banner").count()).toBe(1);
    expect(await page.getByRole("contentinfo").count()).toBe(1);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    const services = await page.getByRole("region", { name: "Services" }).innerText();
    expect(services).toMatch(/Uploads\s*✕ Outage/);
    const open = await page.getByRole("region", { name: "Open incidents" }).innerText();
    expect(open).toContain("Image uploads failing");
    expect(open).toContain("e2e-milestone-marker");
    expect(await page.content()).not.toContain("e2e-internal-marker");

    // Relative links work from the file system.
    await page.getByRole("link", { name: "Image uploads failing" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Image uploads failing" }).waitFor();
    const updates = await page.getByRole("region", { name: "Updates" }).innerText();
    for (const marker of ["e2e-public-marker", "e2e-template-marker", "e2e-prefix-marker", "e2e-promoted-marker", "e2e-milestone-marker"]) expect(updates).toContain(marker);
    expect(updates).not.toContain("e2e-internal-marker");
    expect(updates.indexOf("e2e-milestone-marker")).toBeLessThan(updates.indexOf("e2e-public-marker")); // newest first
    await page.getByRole("link", { name: "Browser status" }).click();
    await page.getByRole("heading", { level: 1, name: "Browser status" }).waitFor();
    expect(requested.every((u) => u.startsWith("file://")), requested.join("\n")).toBe(true);

    // The reader's colour scheme is followed.
    const background = async (scheme: "light" | "dark") => {
      await page.emulateMedia({ colorScheme: scheme });
      return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    };
    expect(await background("light")).toBe("rgb(255, 255, 255)");
    expect(await background("dark")).toBe("rgb(13, 17, 23)");
  });

  it("serves a well-formed Atom 1.0 feed with stable, unique ids", async () => {
    const feed = read(path.join(site, "feed.atom"));
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const checked = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      if (doc.getElementsByTagName("parsererror").length) return { problems: [`not well-formed: ${doc.documentElement.textContent ?? ""}`], ids: [], titles: [], content: "" };
      const NS = "http://www.w3.org/2005/Atom";
      const root = doc.documentElement;
      const child = (el: Element, name: string) => Array.from(el.children).filter((c) => c.namespaceURI === NS && c.localName === name);
      const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
      const problems: string[] = [];
      if (root.namespaceURI !== NS || root.localName !== "feed") problems.push("root is not atom:feed");
      for (const name of ["id", "title", "updated"]) if (child(root, name).length !== 1) problems.push(`feed needs one ${name}`);
      if (!rfc3339.test(child(root, "updated")[0]?.textContent ?? "")) problems.push("feed updated is not RFC 3339");
      if (child(root, "author").length === 0) problems.push("feed has no author");
      const entries = child(root, "entry");
      const ids = entries.map((e) => child(e, "id")[0]?.textContent ?? "");
      entries.forEach((e, i) => {
        for (const name of ["id", "title", "updated"]) if (child(e, name).length !== 1) problems.push(`entry ${i} needs one ${name}`);
        if (!rfc3339.test(child(e, "updated")[0]?.textContent ?? "")) problems.push(`entry ${i} updated is not RFC 3339`);
        const alternate = child(e, "link").find((l) => l.getAttribute("rel") === "alternate");
        if (!alternate?.getAttribute("href")) problems.push(`entry ${i} has no alternate link`);
      });
      return { problems, ids, titles: entries.map((e) => child(e, "title")[0]?.textContent ?? ""), content: entries.map((e) => child(e, "content")[0]?.textContent ?? "").join("\n") };
    }, feed);
    expect(checked.problems).toEqual([]);
    expect(checked.ids.length).toBeGreaterThan(3);
    expect(new Set(checked.ids).size).toBe(checked.ids.length);
    for (const id of checked.ids) expect(id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(checked.titles.some((t) => t.startsWith("Investigating: Image uploads failing"))).toBe(true);
    expect(checked.content).toContain("e2e-template-marker");
    expect(checked.content).not.toContain("e2e-internal-marker");

    // The same update keeps its id in a later build.
    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json as { events: { id: string; body: string }[] } | { id: string; body: string }[];
    const list = Array.isArray(events) ? events : events.events;
    const templated = list.find((e) => e.body.includes("e2e-template-marker"));
    expect(checked.ids).toContain(`urn:uuid:${templated?.id}`);
  });
});
