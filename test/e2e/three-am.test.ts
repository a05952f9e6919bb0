import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import type { BrowserContext, Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite, type SuiteIncident as Incident } from "../support/browser-suite";
import { chatLogFixture } from "../support/chat-logs";

// What a responder sees at 3 a.m., in Chromium against the production
// build: a connection badge that tells the truth, keystrokes kept while the
// incident opens, chat logs pasted as people copy them, milestones that
// offer the status, and the small things (edited marks, icons, toasts).

let server: TestServer;

const suite = browserSuite();

beforeAll(() => {
  server = suite.server;
});

function newPage(opts: { timezoneId?: string; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  return suite.newPage({
    timezoneId: opts.timezoneId,
    viewport: opts.width ? { width: opts.width, height: opts.width < 500 ? 844 : 900 } : undefined,
  });
}

const { createIncident, openIncident } = suite;

const entryBox = (page: Page) => page.getByRole("textbox", { name: "New timeline entry" });
const row = (page: Page, text: string) => page.locator("li[data-entry-id]", { hasText: text });
const saved = (page: Page, text: string) => row(page, text).and(page.locator('[data-state="saved"]'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function events(incident: Incident) {
  return (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json.events as Array<{
    body: string;
    kind: string;
    attribution: string | null;
    occurredAt: string;
    milestone: string | null;
  }>;
}

async function paste(page: Page, text: string): Promise<void> {
  await entryBox(page).evaluate((el, pasted) => {
    const data = new DataTransfer();
    data.setData("text/plain", pasted);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** A new incident, open in a new page with its live stream connected. */
async function openNewIncident(title: string, pageOpts: Parameters<typeof newPage>[0] = {}) {
  const incident = await createIncident(title);
  const { context, page } = await newPage(pageOpts);
  await openIncident(page, incident);
  return { incident, context, page };
}

/** A new incident, opened by a reader in `timezoneId`, with a chat-log fixture pasted into its entry box: the preview once it shows. */
async function pasteIntoNewIncident(title: string, fixtureName: string, timezoneId: string) {
  const { incident, page } = await openNewIncident(title, { timezoneId });
  await paste(page, chatLogFixture(fixtureName));
  const preview = page.getByRole("region", { name: "Pasted lines preview" });
  await preview.waitFor();
  return { incident, page, preview };
}

type Box = { x: number; y: number; width: number; height: number };
function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("the connection badge", () => {
  it("says Reconnecting with the entries queued while the server is away, and Live within 2 s of it coming back", async () => {
    const { incident, page } = await openNewIncident("Badge: server restart");

    await server.stop();
    let stopped = true;
    try {
      const badge = page.locator("[data-connection]");
      await page.locator('[data-connection="reconnecting"]').waitFor();
      for (const body of ["Typed while the server was away", "And a second one"]) {
        await entryBox(page).fill(body);
        await entryBox(page).press("Enter");
      }
      await page.locator('[data-connection="reconnecting"][data-queued="2"]').waitFor();
      expect(await badge.innerText()).toMatch(/Reconnecting…\s+· 2 entries queued/);
      // Long enough for a backoff that grows (the old one reached 5 s steps and "Offline" by now).
      await sleep(9_000);
      expect(await badge.getAttribute("data-connection")).toBe("reconnecting");
      stopped = false;
      await server.start(); // resolves once the server answers its health check
      await page.locator('[data-connection="live"]').waitFor({ timeout: 2_000 });
    } finally {
      if (stopped) await server.start();
    }
    const badge = page.locator("[data-connection]");
    await saved(page, "And a second one").waitFor();
    expect((await events(incident)).map((e) => e.body)).toEqual(["Typed while the server was away", "And a second one"]);
    expect(await badge.innerText()).toBe("Live");
  });

  it("says Offline without a network, and Live at once when it is back", async () => {
    const { incident, context, page } = await openNewIncident("Badge: offline");
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    await entryBox(page).fill("Written on a train");
    await entryBox(page).press("Enter");
    await page.locator('[data-connection="offline"][data-queued="1"]').waitFor();
    expect(await page.locator("[data-connection]").innerText()).toMatch(/Offline\s+· 1 entry queued/);
    await context.setOffline(false);
    await page.locator('[data-connection="live"]').waitFor({ timeout: 2_000 });
    await saved(page, "Written on a train").waitFor();
    // And updates by others arrive again.
    await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { id: randomUUID(), body: "Posted by someone else" });
    await row(page, "Posted by someone else").waitFor({ timeout: 2_000 });
  });
});

describe("keystrokes while the incident opens", () => {
  it("keeps every letter typed between Enter on the title and the incident page, lines finished with Enter posted", async () => {
    const { context, page } = await newPage();
    // A slow answer and a slow page, so the typing certainly happens in between.
    await context.route("**/api/v1/incidents", async (route) => {
      if (route.request().method() === "POST") await sleep(700);
      await route.continue();
    });
    await context.route(/\/incidents\/\d+(\?.*)?$/, async (route) => {
      await sleep(900);
      await route.continue();
    });
    await page.goto("/incidents");
    await page.locator("[data-shortcut-ready]").waitFor();
    await page.keyboard.press("n");
    const title = `Search returns nothing ${randomUUID().slice(0, 8)}`;
    await page.keyboard.type(title);
    await page.keyboard.press("Enter");
    // Straight on, as responders do, without waiting for anything.
    await page.keyboard.type("seeing errors", { delay: 20 });
    await page.keyboard.press("Enter");
    await page.keyboard.type("still typing this", { delay: 20 });
    expect(page.url()).toMatch(/\/incidents$/); // all of it typed before the incident page was there

    await page.waitForURL(/\/incidents\/\d+$/);
    await saved(page, "seeing errors").waitFor();
    await page.waitForFunction(() => document.activeElement?.id.endsWith("-entry") === true);
    expect(await entryBox(page).inputValue()).toBe("still typing this");
    await page.keyboard.type(" and more");
    expect(await entryBox(page).inputValue()).toBe("still typing this and more");

    const number = Number(new URL(page.url()).pathname.split("/").pop());
    const incident = (await api(server, "GET", `/api/v1/incidents?q=${encodeURIComponent(title)}`)).json.incidents.find(
      (i: Incident) => i.number === number,
    );
    expect(incident.title).toBe(title);
    expect((await events(incident)).map((e) => e.body)).toEqual(["seeing errors"]);
  });
});

describe("pasted chat logs", () => {
  it("posts a Slack copy one entry per message, the speaker as attribution, times in the reader's zone", async () => {
    const { incident, page, preview } = await pasteIntoNewIncident("Paste: Slack", "slack-desktop.txt", "America/New_York");
    expect(await preview.locator("[data-paste-line]").count()).toBe(4);
    expect(await preview.locator("[data-paste-speaker]").allInnerTexts()).toEqual(["via Alice Smith", "via Alice Smith", "via Bob Jones", "via Alice Smith"]);
    expect(await preview.getByLabel("Times in the paste are").inputValue()).toBe("America/New_York");
    await preview.getByRole("button", { name: /^Post 4 entries/ }).click();
    await saved(page, "We are investigating elevated errors at checkout.").waitFor();

    // 6:21 PM in New York: today's, or yesterday's when today's is still ahead.
    const now = new Date();
    const nyToday = new TZDate(now.getTime(), "America/New_York");
    let day = new TZDate(nyToday.getFullYear(), nyToday.getMonth(), nyToday.getDate(), 18, 31, 0, 0, "America/New_York");
    if (day.getTime() - now.getTime() > 5 * 60_000) day = new TZDate(day.getFullYear(), day.getMonth(), day.getDate() - 1, 18, 31, 0, 0, "America/New_York");
    const at = (minute: number) => new Date(day.getTime() + (minute - 31) * 60_000).toISOString();

    const posted = await events(incident);
    expect(posted.map((e) => [e.occurredAt, e.attribution, e.kind, e.body])).toEqual([
      [at(21), "Alice Smith", "note", "seeing elevated 502s on checkout, error rate ~12%"],
      [at(22), "Alice Smith", "note", "paging the payments on-call"],
      [at(24), "Bob Jones", "action", "rolling back deploy 4521\nlooks like the canary went out at 6:15"],
      [at(31), "Alice Smith", "note", "We are investigating elevated errors at checkout."],
    ]);
    expect(await row(page, "paging the payments").locator("[data-attribution]").innerText()).toContain("via Alice Smith");
    expect(await row(page, "rolling back deploy 4521").innerText()).not.toContain("Bob Jones:");
  });

  it("reads a Teams copy, and re-reads the times when the zone is switched to UTC", async () => {
    const { incident, page, preview } = await pasteIntoNewIncident("Paste: Teams", "teams-classic.txt", "Europe/Berlin");
    const firstTime = () => preview.locator("[data-paste-line]").first().locator("span").first().innerText();
    expect(await firstTime()).toContain("17:21"); // 6:21 PM in Berlin is 17:21 UTC
    await preview.getByLabel("Times in the paste are").selectOption("UTC");
    await page.waitForFunction(() => document.querySelector("[data-paste-line] span")?.textContent?.includes("18:21") === true);
    await preview.getByRole("button", { name: /^Post 3 entries/ }).click();
    await saved(page, "error rate back to baseline").waitFor();
    const posted = await events(incident);
    expect(posted.map((e) => [e.occurredAt, e.attribution, e.body])).toEqual([
      ["2026-03-03T18:21:00.000Z", "Smith, Alice", "seeing errors on checkout"],
      ["2026-03-03T18:23:00.000Z", "Jones, Bob", "rolled back deploy 4521\nchecking dashboards now"],
      ["2026-03-03T18:40:00.000Z", "Smith, Alice", "error rate back to baseline"],
    ]);
  });

  it("takes a single bracketed chat line's speaker and kind when it is typed and posted", async () => {
    const { incident, page } = await openNewIncident("Paste: one line");
    await entryBox(page).fill("[6:21 PM] carol: a: restarted the payment workers");
    await entryBox(page).press("Enter");
    await saved(page, "restarted the payment workers").waitFor();
    const [e] = await events(incident);
    expect(e).toMatchObject({ attribution: "carol", kind: "action", body: "restarted the payment workers" });
    expect(new Date(e?.occurredAt ?? "").toISOString().slice(11, 16)).toBe("18:21");
  });
});

describe("milestones and status", () => {
  it("offers Monitoring after Mitigated and Resolved after Resolved, each on Enter, and stops the clock", async () => {
    const { incident, page } = await openNewIncident("Offer: status after milestones");
    const box = entryBox(page);
    await box.fill("Error rate back to baseline");
    await page.keyboard.press("Alt+M");
    const offer = page.getByRole("group", { name: "Suggested status change" });
    await offer.getByText("Set the incident's status to Monitoring?").waitFor();
    expect(await box.inputValue()).toBe("");
    await box.press("Enter");
    await page.getByRole("button", { name: /^Status: Monitoring/ }).waitFor();
    await offer.waitFor({ state: "detached" });

    await box.fill("All clear, closing the incident");
    await page.keyboard.press("Alt+R");
    await offer.getByText("Set the incident's status to Resolved and stop the clock?").waitFor();
    await box.press("Enter");
    await page.getByRole("button", { name: /^Status: Resolved/ }).waitFor();
    await offer.waitFor({ state: "detached" });

    const current = (await api(server, "GET", `/api/v1/incidents/${incident.id}`)).json;
    expect(current.status).toBe("resolved");
    const resolvedEvent = (await events(incident)).find((e) => e.milestone === "resolved");
    expect(current.resolvedAt).toBe(resolvedEvent?.occurredAt);
    // The clock shows the incident's length, frozen at the Resolved milestone.
    await page.getByText("Lasted").waitFor();
    const seconds = Math.floor((Date.parse(current.resolvedAt) - Date.parse(current.startedAt)) / 1000);
    const clock = page.locator("header time.tabular-nums");
    expect(await clock.getAttribute("datetime")).toBe(`PT${seconds}S`);
    await sleep(1_500);
    expect(await clock.getAttribute("datetime")).toBe(`PT${seconds}S`);
  });

  it("lets Esc turn the offer down, and does not offer a step back", async () => {
    const { incident, page } = await openNewIncident("Offer: declined");
    const box = entryBox(page);
    await page.keyboard.press("Alt+R");
    const offer = page.getByRole("group", { name: "Suggested status change" });
    await offer.waitFor();
    await box.press("Escape");
    await offer.waitFor({ state: "detached" });
    await page.waitForFunction(() => document.activeElement?.id.endsWith("-entry") === true);
    expect((await api(server, "GET", `/api/v1/incidents/${incident.id}`)).json.status).toBe("investigating");

    // Resolved already: a later Mitigated offers nothing.
    const current = (await api(server, "GET", `/api/v1/incidents/${incident.id}`)).json;
    expect((await api(server, "PATCH", `/api/v1/incidents/${incident.id}`, { version: current.version, status: "resolved" })).status).toBe(200);
    await page.getByRole("button", { name: /^Status: Resolved/ }).waitFor();
    await box.fill("late mitigation note");
    await page.keyboard.press("Alt+M");
    await saved(page, "late mitigation note").waitFor();
    expect(await offer.count()).toBe(0);
  });
});

describe("rows, icons and toasts", () => {
  it("does not mark an entry edited when it is starred or labelled, only when its text changes", async () => {
    const { page } = await openNewIncident("Edited marks");
    await entryBox(page).fill("Rolled back deploy 4521");
    await entryBox(page).press("Enter");
    const entry = saved(page, "Rolled back deploy 4521");
    await entry.waitFor();
    await entryBox(page).press("Escape");
    await page.keyboard.press("s");
    await entry.getByText("key", { exact: true }).waitFor();
    await page.keyboard.press("l");
    await page.getByRole("textbox", { name: /^Status label/ }).fill("Mitigated");
    await page.keyboard.press("Enter");
    await entry.getByText("Mitigated", { exact: true }).waitFor();
    expect(await entry.innerText()).not.toMatch(/edited/);

    await page.keyboard.press("e");
    await page.getByRole("textbox", { name: "Text" }).fill("Rolled back deploy 4522");
    await page.keyboard.press("Enter");
    await saved(page, "Rolled back deploy 4522").getByText(/edited/).waitFor();
  });

  it("draws icons as SVG, never emoji: a pending entry reads without an emoji font", async () => {
    const { context, page } = await openNewIncident("Icons");
    await context.route("**/api/v1/incidents/*/events", (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    await entryBox(page).fill("Waiting for the server");
    await entryBox(page).press("Enter");
    const pending = page.locator('li[data-state="pending"] [data-pending]');
    await pending.waitFor();
    expect(await pending.locator("svg[data-icon]").count()).toBe(1);
    expect(await pending.innerText()).toBe("pending");
    const pictographs = await page.evaluate(() => (document.body.innerText.match(/\p{Extended_Pictographic}/gu) ?? []).join(""));
    expect(pictographs).toBe("");
    await context.unroute("**/api/v1/incidents/*/events");
  });

  for (const width of [1440, 390]) {
    it(`keeps toasts off the entry box (${width} px wide)`, async () => {
      const incident = await createIncident(`Toasts at ${width}`);
      for (let i = 0; i < 12; i++) await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { body: `Entry ${i}` });
      const { page } = await newPage({ width });
      await openIncident(page, incident);
      await saved(page, "Entry 11").waitFor();
      await entryBox(page).press("Escape"); // the latest entry is selected
      await page.keyboard.press("Delete");
      await page.keyboard.press("k");
      await page.keyboard.press("Delete");
      const toasts = page.locator("[data-toast]");
      await page.waitForFunction(() => document.querySelectorAll("[data-toast]").length === 2);
      await sleep(500); // sonner slides them in
      const composer = await page.locator("[data-composer]").boundingBox();
      expect(composer).not.toBeNull();
      for (const t of await toasts.all()) {
        const box = await t.boundingBox();
        expect(box).not.toBeNull();
        if (box && composer) {
          expect(intersects(box, composer), `toast ${JSON.stringify(box)} over the entry box ${JSON.stringify(composer)}`).toBe(false);
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(width);
        }
      }
      await page.getByRole("button", { name: "Undo (u)" }).first().waitFor();
    });
  }
});
