import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, startTestServer, type TestServer } from "../support/server";
import { launchBrowser, signIn } from "../support/browser";

// Layout in Chromium: every main page on a 390 px phone, the visual
// timeline's labels, the 404 page, the favicon and tab loading states.

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let incident: { id: string; number: number; startedAt: string };

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  // A long incident (impact from six and a half hours ago) with the four
  // milestones at its end, close together, and many starred entries.
  const created = await api(server, "POST", "/api/v1/incidents", {
    title: "Checkout API returning 502s for EU customers during the evening peak",
    severity: "SEV1",
    services: ["Checkout API", "Payments", "Edge"],
  });
  incident = created.json;
  const t0 = Date.now() - 396 * 60_000;
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  const post = (body: object) => api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { id: randomUUID(), ...body });
  await post({ body: "First 502s", milestone: "impact_start", occurredAt: at(0) });
  await post({ body: "Error-rate alert", milestone: "detected", occurredAt: at(390) });
  await post({ body: "Rolled back", milestone: "mitigated", occurredAt: at(393) });
  await post({ body: "All clear", milestone: "resolved", occurredAt: at(396) });
  for (let i = 0; i < 30; i++) {
    await post({ body: `Investigation note ${i}: checked ${["pods", "dashboards", "the load balancer", "deploy 4521"][i % 4]}`, key: i % 2 === 0, occurredAt: at(i * 13) });
  }
  await api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, { title: "Add a canary stage for checkout deploys with automatic rollback", owner: "alice" });
  incident = (await api(server, "GET", `/api/v1/incidents/${incident.id}`)).json;
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
  await server?.dispose();
});

async function newPage(viewport: { width: number; height: number }, signedIn = true): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport });
  contexts.push(context);
  if (signedIn) await signIn(context, server);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

type Box = { x: number; y: number; width: number; height: number };
function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("phones (390 px wide)", () => {
  it("never scroll any main page sideways, and keep the whole header on screen", async () => {
    const page = await newPage(PHONE);
    const n = incident.number;
    const pages = [
      "/incidents",
      `/incidents/${n}`,
      `/incidents/${n}/postmortem`,
      `/incidents/${n}/action-items`,
      `/incidents/${n}/audit`,
      "/action-items",
      "/import",
      "/settings",
      "/settings/users",
      "/settings/api-keys",
      "/settings/audit",
      "/settings/backups",
      "/account",
      "/no-such-page",
    ];
    for (const path of pages) {
      await page.goto(path);
      await page.locator("main h1, main h2").first().waitFor();
      // Live parts settle first (the timeline's stream, the visual timeline's measured width).
      await page.waitForLoadState("networkidle").catch(() => {});
      const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);
      expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
      for (const name of ["Settings", "Sign out"]) {
        const box = await page.getByRole("banner").getByRole(name === "Settings" ? "link" : "button", { name }).boundingBox();
        expect(box, `${name} on ${path}`).not.toBeNull();
        if (box) expect(box.x + box.width, `${name} off screen on ${path}`).toBeLessThanOrEqual(PHONE.width);
      }
    }
    // Signed out too.
    const anonymous = await newPage(PHONE, false);
    await anonymous.goto("/sign-in");
    await anonymous.getByRole("button", { name: /sign in/i }).waitFor();
    expect(await anonymous.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("keeps the entry box to a quarter of the screen, its tools one tap away", async () => {
    const page = await newPage(PHONE);
    await page.goto(`/incidents/${incident.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    const composer = page.locator("[data-composer]");
    const height = async () => (await composer.boundingBox())?.height ?? Number.POSITIVE_INFINITY;
    expect(await height()).toBeLessThanOrEqual(PHONE.height / 4);
    // A long text scrolls inside the box instead of growing it.
    await page.getByRole("textbox", { name: "New timeline entry" }).fill("A long report from the field. ".repeat(40));
    expect(await height()).toBeLessThanOrEqual(PHONE.height / 4);
    // The milestones and templates are a tap away.
    const more = page.getByRole("button", { name: "More" });
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    await more.click();
    await page.getByRole("button", { name: /^Resolved Alt\+R/ }).waitFor();
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("scrolls wide tables inside their own box", async () => {
    const page = await newPage(PHONE);
    for (const path of ["/incidents", "/action-items"]) {
      await page.goto(path);
      const table = page.locator("main table").first();
      await table.waitFor();
      const scroller = await table.evaluate((el) => {
        let box: HTMLElement | null = el.parentElement;
        while (box && getComputedStyle(box).overflowX !== "auto" && getComputedStyle(box).overflowX !== "scroll") box = box.parentElement;
        return box ? { client: box.clientWidth, scroll: box.scrollWidth, right: box.getBoundingClientRect().right } : null;
      });
      expect(scroller, `${path}: the table has no scrolling box of its own`).not.toBeNull();
      expect(scroller?.scroll ?? 0).toBeGreaterThan(scroller?.client ?? 0);
      expect(scroller?.right ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(PHONE.width);
    }
  });
});

/** The visible milestone labels and lines of the visual timeline, in page coordinates. */
async function visualLayout(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const svg = document.querySelector('[data-testid="visual-timeline"]');
    const labels = Array.from(svg?.querySelectorAll('[data-testid="milestone-label"] text') ?? []).map((t) => ({ text: t.textContent ?? "", ...box(t) }));
    const lines = Array.from(svg?.querySelectorAll('[data-testid="milestone"]') ?? []).map((g) => ({
      title: g.querySelector("title")?.textContent ?? "",
      labelled: g.getAttribute("data-labelled"),
      own: g.querySelector('[data-testid="milestone-label"] text')?.textContent ?? null,
      line: box(g.querySelector('[data-testid="milestone-line"]') ?? g),
    }));
    return { labels, lines };
  });
}

describe("the visual timeline", () => {
  for (const viewport of [LAPTOP, PHONE]) {
    it(`never overlaps its labels or runs a line through one (${viewport.width} px)`, async () => {
      const page = await newPage(viewport);
      await page.goto(`/incidents/${incident.number}`);
      await page.locator('[data-connection="live"]').waitFor();
      await page.waitForFunction((w) => Number(document.querySelector('[data-testid="visual-timeline"]')?.getAttribute("data-width")) < w, viewport.width);
      const { labels, lines } = await visualLayout(page);
      expect(lines).toHaveLength(4);
      for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) expect(intersects(a, b), `"${a.text}" overlaps "${b.text}"`).toBe(false);
      }
      for (const l of lines) {
        for (const label of labels) {
          if (label.text === l.own) continue;
          const crosses = l.line.x > label.x && l.line.x < label.x + label.width && l.line.y < label.y + label.height && l.line.y + l.line.height > label.y;
          expect(crosses, `the line of "${l.title}" crosses "${label.text}"`).toBe(false);
        }
      }
      // Every milestone is labelled, or has its label on hover and focus.
      const hovered = lines.filter((l) => l.labelled === "hover");
      if (viewport === LAPTOP) expect(hovered).toEqual([]);
      for (const l of hovered) {
        const mark = page.locator('[data-testid="milestone"][data-labelled="hover"]', { hasText: l.title });
        await mark.focus();
        const label = mark.locator("[data-hover-label]");
        expect(await label.isVisible()).toBe(true);
        expect(await label.textContent()).toBe(l.title);
      }
    });
  }

  it("labels starred entries on hover and on keyboard focus", async () => {
    const page = await newPage(LAPTOP);
    await page.goto(`/incidents/${incident.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    const ticks = page.getByTestId("key-entry-tick");
    expect(await ticks.count()).toBe(15 + 4);
    const tick = ticks.filter({ hasText: "Investigation note 4:" });
    const label = tick.locator("[data-hover-label]");
    expect(await label.isVisible()).toBe(false);
    await tick.hover();
    await label.waitFor({ state: "visible" });
    expect(await label.textContent()).toMatch(/^(\d\d-\d\d )?\d\d:\d\d Investigation note 4: checked pods$/);
    await page.mouse.move(0, 0);
    await label.waitFor({ state: "hidden" });
    // Tab reaches the ticks: the focused one shows its label.
    const other = ticks.filter({ hasText: "Investigation note 6:" });
    await other.focus();
    await other.locator("[data-hover-label]").waitFor({ state: "visible" });
    expect(await other.getAttribute("aria-label")).toMatch(/^Key entry: (\d\d-\d\d )?\d\d:\d\d Investigation note 6/);
  });
});

describe("404, favicon and loading", () => {
  it("answers an unknown address or incident with a real 404 page", async () => {
    const page = await newPage(LAPTOP);
    for (const path of ["/no-such-page", "/incidents/999999", "/incidents/not-a-number/postmortem"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      expect(await page.getByRole("link", { name: "All incidents" }).getAttribute("href")).toBe("/incidents");
    }
  });

  it("has a favicon, served to signed-out visitors too", async () => {
    const page = await newPage(LAPTOP, false);
    await page.goto("/sign-in");
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href).toMatch(/^\/icon\.svg/);
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
    expect(await res.text()).toContain("<svg");
  });

  it("shows that a tab is loading while its page is on the way", async () => {
    const page = await newPage(LAPTOP);
    await page.goto(`/incidents/${incident.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    // A slow server: the postmortem tab's page takes a second and a half.
    await page.route(/\/postmortem(\?.*)?$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    });
    await page.getByRole("navigation", { name: "Incident sections" }).getByRole("link", { name: "Postmortem" }).click();
    await page.locator("[data-page-loading], [data-tab-pending]").first().waitFor({ timeout: 1_000 });
    expect(await page.getByRole("status").filter({ hasText: /loading/i }).count()).toBeGreaterThan(0);
    await page.getByRole("textbox", { name: "Summary", exact: true }).waitFor();
    expect(await page.locator("[data-page-loading], [data-tab-pending]").count()).toBe(0);
  });
});
