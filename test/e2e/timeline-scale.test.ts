import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite } from "../support/browser-suite";
import { appendEntries, seedTimeline, type SeededIncident } from "../support/seed-timeline";

// The incident page at scale, in Chromium at a laptop's 1440×900: a
// 10,000-entry incident (seeded through the service layer) renders only its
// newest window; older entries load as the list scrolls up; any time or
// milestone can be jumped to; the list follows new entries unless scrolled
// up ("N new"); the selected entry, an open editor and what was just posted
// are always on screen above the entry box; a catch-up longer than a window
// reloads the window instead.

let server: TestServer;
let big: SeededIncident;

const suite = browserSuite();

beforeAll(async () => {
  server = suite.server;
  big = await seedTimeline(server.databaseUrl, { count: 10_000, title: "Ten thousand entries" });
});

async function newPage(): Promise<Page> {
  return (await suite.newPage({ role: "responder", viewport: { width: 1440, height: 900 }, timeout: 15_000 })).page;
}

/** Until the page's scroll position holds still for a few frames. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = -1;
        let still = 0;
        const tick = () => {
          still = window.scrollY === last ? still + 1 : 0;
          last = window.scrollY;
          if (still >= 10) resolve();
          else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
}

async function open(page: Page, number: number): Promise<void> {
  await page.goto(`/incidents/${number}`);
  await page.locator('[data-connection="live"]').waitFor();
}

const rows = (page: Page) => page.locator("li[data-entry-id]");
const rowWith = (page: Page, text: string | RegExp) => page.locator("li[data-entry-id]", { has: page.locator(".entry-body", { hasText: text }) });
const entryBox = (page: Page) => page.getByRole("textbox", { name: "New timeline entry" });
const selected = (page: Page) => page.locator('li[data-entry-id][data-selected="true"]');

/** Wholly in the window and above the sticky entry box. */
async function onScreen(locator: Locator): Promise<boolean> {
  if ((await locator.count()) !== 1) return false;
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = document.querySelector("[data-composer-visibility]");
    const limit = box ? box.getBoundingClientRect().top : window.innerHeight;
    return r.height > 0 && r.top >= -1 && r.bottom <= limit + 1;
  });
}

async function expectOnScreen(locator: Locator, what: string): Promise<void> {
  await expect.poll(() => onScreen(locator), { message: `${what} should be on screen above the entry box`, timeout: 5_000 }).toBe(true);
}

async function smallIncident(title: string, count: number): Promise<SeededIncident> {
  return seedTimeline(server.databaseUrl, { count, title, stepMs: 30_000 });
}

/** Bodies the seed writes (test/support/seed-timeline.ts): a person's note, or the bot's alert "… #n". */
const seededBody = (n: number) => new RegExp(`(\\(entry ${n} of \\d+\\)|#${n})$`);

describe("a 10,000-entry incident", () => {
  it("renders only the newest window: small HTML, a bounded DOM, the newest entry on screen", async () => {
    const page = await newPage();
    const html = await page.context().request.get(`${server.url}/incidents/${big.number}`);
    const text = await html.text();
    expect(text.length).toBeLessThan(1_000_000);
    expect(text.includes("(entry 10000 of 10000)")).toBe(true);
    // Older entries are not sent at all (only the newest window, and the starred ones for the overview).
    expect(text.includes("(entry 8 of 10000)")).toBe(false);
    expect(text.includes("(entry 9689 of 10000)")).toBe(false);

    await open(page, big.number);
    await expectOnScreen(rowWith(page, "(entry 10000 of 10000)"), "the newest entry");
    expect(await rows(page).count()).toBeLessThan(80);
    expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(3_000);
  });

  it("opens its postmortem tab with the key entries only (the rest on request)", async () => {
    const page = await newPage();
    const html = await page.context().request.get(`${server.url}/incidents/${big.number}/postmortem`);
    const text = await html.text();
    expect(text.length).toBeLessThan(1_000_000);
    expect(text.includes("Milestone detected (entry 1001 of 10000)")).toBe(true);
    expect(text.includes("(entry 8 of 10000)")).toBe(false);
  });

  it("loads older entries as the list scrolls up", async () => {
    const page = await newPage();
    await open(page, big.number);
    // #9790 is older than the first window (the newest 200: entries 9801–10000).
    const older = rowWith(page, seededBody(9790));
    expect(await older.count()).toBe(0);
    const pageLoaded = page.waitForResponse((res) => res.url().includes("/events?") && res.url().includes("before="));
    await page.mouse.move(700, 400);
    for (let i = 0; i < 80 && !(await older.count()); i++) {
      await page.mouse.wheel(0, -500);
      await page.waitForTimeout(50);
    }
    await older.waitFor({ state: "attached" });
    // One page of 200 with a cursor, not everything.
    const res = await pageLoaded;
    expect(res.ok()).toBe(true);
    expect(res.url()).toMatch(/limit=200/);
    expect(await rows(page).count()).toBeLessThan(80);
  });

  it("keeps what is on screen in place when the older page lands", async () => {
    const page = await newPage();
    await open(page, big.number);
    // Once the page has settled at its newest entries (rows measured, the list no longer
    // steering to the end), scroll to the top of the loaded rows (the header stays out
    // of view). The older page is held back until the rows now on screen are measured,
    // then let through: what was on screen must not move when it lands.
    await settled(page);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/events\?.*before=/, async (route) => {
      await held;
      await route.continue();
    });
    const landed = page.waitForResponse((res) => res.url().includes("before="));
    await page.evaluate(() => {
      const list = document.querySelector("ol[aria-label]");
      if (list) window.scrollTo(0, list.getBoundingClientRect().top + window.scrollY + 300);
    });
    await expect
      .poll(() => page.evaluate(() => Array.from(document.querySelectorAll("li[data-entry-id]")).some((el) => { const top = el.getBoundingClientRect().top; return top >= 0 && top < 200; })))
      .toBe(true);
    await settled(page);
    const before = await page.evaluate(() => {
      const li = Array.from(document.querySelectorAll("li[data-entry-id]"))
        .filter((el) => el.getBoundingClientRect().top >= 0)
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
      return li ? { id: li.getAttribute("data-entry-id") ?? "", top: li.getBoundingClientRect().top } : null;
    });
    release();
    expect(before).not.toBeNull();
    await landed;
    await page.locator('ol[aria-busy="false"]').waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await page.evaluate((id) => document.querySelector(`li[data-entry-id="${id}"]`)?.getBoundingClientRect().top ?? null, before?.id ?? "");
    expect(after).not.toBeNull();
    expect(Math.abs((after ?? 0) - (before?.top ?? 0))).toBeLessThan(4);
    // And the rows above it are the older page.
    await page.evaluate(() => window.scrollBy(0, -800));
    await rowWith(page, seededBody(9795)).waitFor({ state: "attached" });
  });

  it("jumps to a milestone and to a typed time, loading the entries around it", async () => {
    const page = await newPage();
    await open(page, big.number);
    await page.getByRole("group", { name: "Jump in the timeline" }).getByRole("button", { name: "◆ Detected" }).click();
    const detected = selected(page);
    await detected.filter({ hasText: "Milestone detected" }).waitFor();
    await expectOnScreen(detected, "the Detected milestone");

    // g, then a full time: the entry written at that moment (#5001: the seed writes one every 20 s).
    // (Impact starts at entry 501: the first entry was 500 steps before it.)
    const at = new Date(big.milestones.impact_start.getTime() + (5000 - 500) * 20_000);
    await page.keyboard.press("Escape");
    await page.keyboard.press("g");
    await page.keyboard.type(at.toISOString());
    await page.keyboard.press("Enter");
    await selected(page).filter({ has: page.locator(".entry-body", { hasText: seededBody(5001) }) }).waitFor();
    await expectOnScreen(selected(page), "the entry at the typed time");
    expect(await rowWith(page, "(entry 10000 of 10000)").count()).toBe(0);

    // Back to the live end.
    await page.getByRole("button", { name: "Newest entries ↓" }).click();
    await expectOnScreen(rowWith(page, "(entry 10000 of 10000)"), "the newest entry");
  });
});

describe("a link to one entry", () => {
  it("selects a linked entry far back in the incident, loading the entries around it", async () => {
    const page = await newPage();
    const id = big.eventIds[3000] ?? "";
    await page.goto(`/incidents/${big.number}#entry-${id}`);
    await page.locator('[data-connection="live"]').waitFor();
    const linked = page.locator(`li[data-entry-id="${id}"][data-selected="true"]`);
    await linked.waitFor();
    await expectOnScreen(linked, "the linked entry");
    expect(await linked.locator(".entry-body").textContent()).toMatch(seededBody(3001));
  });
});

describe("what you just posted, and what is selected, is on screen", () => {
  it("follows new entries at the bottom, and shows 'N new' while scrolled up", async () => {
    const incident = await smallIncident("Follow the newest", 60);
    const page = await newPage();
    await open(page, incident.number);
    const post = (body: string) => api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { id: randomUUID(), body });

    expect((await post("follow one")).status).toBe(201);
    await expectOnScreen(rowWith(page, "follow one"), "a live entry while at the bottom");

    await page.mouse.move(700, 400);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
    await expect.poll(() => onScreen(rowWith(page, "follow one"))).toBe(false);
    for (const n of ["two", "three", "four"]) await post(`follow ${n}`);
    const pill = page.locator("[data-new-entries]");
    await pill.filter({ hasText: "3 new ↓" }).waitFor();
    // Scrolled up, the list stays where the reader is.
    expect(await onScreen(rowWith(page, "follow four"))).toBe(false);
    await pill.click();
    await expectOnScreen(rowWith(page, "follow four"), "the newest entry after the pill");
    await pill.waitFor({ state: "detached" });

    // Posting from the box while scrolled up brings it on screen too.
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
    await entryBox(page).fill("posted while scrolled up");
    await entryBox(page).press("Enter");
    await expectOnScreen(rowWith(page, "posted while scrolled up"), "the entry just posted");
    await rowWith(page, "posted while scrolled up").and(page.locator('[data-state="saved"]')).waitFor();
  });

  it("brings a backdated post before the loaded window on screen", async () => {
    const page = await newPage();
    await open(page, big.number);
    // Two days back: long before the newest 200 entries.
    await entryBox(page).fill(`${new Date(big.milestones.detected.getTime() + 10_000).toISOString()} a: backdated far back`);
    await entryBox(page).press("Enter");
    const posted = rowWith(page, "backdated far back");
    await posted.and(page.locator('[data-state="saved"]')).waitFor();
    await expectOnScreen(posted, "the backdated entry");
  });

  it("keeps the selected entry above the entry box through Esc, arrows, e and Delete", async () => {
    const incident = await smallIncident("Selection in view", 80);
    const page = await newPage();
    await open(page, incident.number);
    await page.keyboard.press("Escape");
    await expectOnScreen(selected(page), "the latest entry after Esc");
    expect(await selected(page).locator(".entry-body").textContent()).toMatch(seededBody(80));

    for (let i = 0; i < 45; i++) {
      await page.keyboard.press("ArrowUp");
      if (i % 15 === 14) await expectOnScreen(selected(page), `the selected entry after ${i + 1} × ArrowUp`);
    }
    expect(await selected(page).locator(".entry-body").textContent()).toMatch(seededBody(35));

    // e opens the editor on screen; Esc cancels.
    await page.keyboard.press("e");
    const editor = page.getByRole("textbox", { name: "Text" });
    await editor.waitFor();
    await expectOnScreen(editor, "the edit form");
    await page.keyboard.press("Escape");
    await editor.waitFor({ state: "detached" });

    for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowDown");
    await expectOnScreen(selected(page), "the selected entry after 30 × ArrowDown");
    const target = selected(page);
    const id = await target.getAttribute("data-entry-id");
    expect(await target.locator(".entry-body").textContent()).toMatch(seededBody(65));
    await page.keyboard.press("Delete");
    await page.locator(`li[data-entry-id="${id}"]`).waitFor({ state: "detached" });
    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events?includeDeleted=true&limit=500`)).json.events;
    expect(events.find((e: { id: string }) => e.id === id)?.deletedAt).not.toBeNull();
    await expectOnScreen(selected(page), "the entry selected after the delete");
  });

  it("is dense: ten or more entries on a laptop screen, and one actions menu per row", async () => {
    const incident = await smallIncident("Density", 40);
    const page = await newPage();
    await open(page, incident.number);
    const shown = await page.evaluate(() => {
      const box = document.querySelector("[data-composer-visibility]");
      const limit = box ? box.getBoundingClientRect().top : window.innerHeight;
      return Array.from(document.querySelectorAll("li[data-entry-id]")).filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= limit;
      }).length;
    });
    expect(shown).toBeGreaterThanOrEqual(10);

    const last = rowWith(page, seededBody(40));
    expect(await last.getByRole("button").count()).toBe(1);
    const menuButton = last.getByRole("button", { name: /^Actions for the entry at / });
    expect(await menuButton.evaluate((el) => getComputedStyle(el).opacity)).toBe("0");
    await last.hover();
    await expect.poll(() => menuButton.evaluate((el) => getComputedStyle(el).opacity)).toBe("1");
    await menuButton.click();
    const menu = page.getByRole("menu");
    expect(await menu.getByRole("menuitem").allTextContents()).toEqual([
      "Edit entrye",
      "Star as key entrys",
      "Set status labell",
      "Show earlier versionsh",
      "Turn into an action itema",
      "Make public (show on the status page)p",
      "Delete entryDel",
    ]);
    // The shortcut works inside the open menu too.
    await page.keyboard.press("s");
    await menu.waitFor({ state: "detached" });
    await last.getByText("key", { exact: true }).waitFor();
  });
});

describe("catching up after being away", () => {
  it("reloads the window when more than a window of changes was missed", async () => {
    const incident = await smallIncident("Away for a while", 20);
    const page = await newPage();
    await open(page, incident.number);

    // The page loses the server while 250 entries are written (an import, a bot through another instance).
    await server.stop();
    await page.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();
    const bodies = await appendEntries(server.databaseUrl, incident.id, 250, "flood while away");
    const reloads: string[] = [];
    page.on("request", (req) => {
      if (/\/events\?/.test(req.url()) && !req.url().includes("/stream")) reloads.push(req.url());
    });
    await server.start();
    await page.locator('[data-connection="live"]').waitFor({ timeout: 20_000 });
    await expectOnScreen(rowWith(page, bodies.at(-1) ?? ""), "the newest entry after the reload");
    // The window was reloaded with one page (the newest 200), not streamed 250 entries.
    expect(reloads.length).toBeGreaterThanOrEqual(1);
    expect(reloads[0]).not.toMatch(/since=/);
    expect(await rowWith(page, bodies[0] ?? "").count()).toBe(0);
  });
});
