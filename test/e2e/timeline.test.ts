import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite, type SuiteIncident as Incident } from "../support/browser-suite";

// The live incident timeline in Chromium against the production build:
// keyboard-first entry, live updates between viewers, the offline outbox,
// and reconnecting after a server restart.

let server: TestServer;

const suite = browserSuite();

beforeAll(() => {
  server = suite.server;
});

// Pages need a session: each viewer signs in as the test admin.
const newPage = () => suite.newPage();

const { createIncident, openIncident } = suite;

const entryBox = (page: Page) => page.getByRole("textbox", { name: "New timeline entry" });
const row = (page: Page, text: string) => page.locator("li[data-entry-id]", { hasText: text });

/** Wait until the committed entries read exactly `bodies`, in order. */
async function waitForSavedBodies(page: Page, bodies: string[], timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const rows = Array.from(document.querySelectorAll('li[data-entry-id][data-state="saved"] .entry-body'));
      return JSON.stringify(rows.map((r) => r.textContent)) === JSON.stringify(expected);
    },
    bodies,
    { timeout },
  );
}

async function post(page: Page, text: string): Promise<void> {
  const box = entryBox(page);
  await box.fill(text);
  await box.press("Enter");
}

describe("live incident timeline", () => {
  it("declares an incident and posts three entries from the keyboard, the backdated one in its place", async () => {
    const { page } = await newPage();
    await page.goto("/incidents");
    await page.locator("[data-shortcut-ready]").waitFor();
    await page.keyboard.press("n");
    await page.keyboard.type("Checkout API returning 502s");
    await page.keyboard.press("Alt+1");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/incidents\/\d+$/);
    // The first render of an incident page on a cold server can be slow on a busy machine.
    await page.getByRole("heading", { level: 1, name: "Checkout API returning 502s" }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: /^Severity: SEV1/ }).waitFor();

    // The entry box has focus on arrival: type straight away.
    await page.waitForFunction(() => document.activeElement?.id.endsWith("-entry") === true);
    await page.keyboard.type("Paged the database on-call");
    await page.keyboard.press("Enter");
    await page.keyboard.type("-5m ! Error rate alert fired");
    await page.keyboard.press("Enter");
    await page.keyboard.type("a: Rolled back deploy 4521");
    await page.keyboard.press("Enter");

    await waitForSavedBodies(page, ["Error rate alert fired", "Paged the database on-call", "Rolled back deploy 4521"]);
    const marks = await page
      .locator("li[data-entry-id]")
      .evaluateAll((lis) => lis.map((li) => (li.textContent ?? "").includes("backdated")));
    expect(marks).toEqual([true, false, false]);
    const first = await row(page, "Error rate alert fired").textContent();
    expect(first).toMatch(/Alert/);
    expect(first).toMatch(/T-[45]m/);
    expect(await row(page, "Rolled back deploy 4521").textContent()).toMatch(/Action/);
    // The local time is on hover; UTC is what is printed.
    expect(await row(page, "Paged the database").locator("time").first().getAttribute("title")).toMatch(/^Your local time/);

    const number = Number(new URL(page.url()).pathname.split("/").pop());
    const list = await api(server, "GET", "/api/v1/incidents?severity=SEV1");
    const incident = list.json.incidents.find((i: Incident) => i.number === number);
    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json.events;
    expect(events.map((e: { kind: string; backdated: boolean }) => [e.kind, e.backdated])).toEqual([
      ["alert", true],
      ["note", false],
      ["action", false],
    ]);
  });

  it("shows one viewer's create, edit and delete to another within a second", async () => {
    const incident = await createIncident("Two viewers");
    const a = await newPage();
    const b = await newPage();
    await Promise.all([openIncident(a.page, incident), openIncident(b.page, incident)]);

    await entryBox(a.page).fill("Hello from A");
    let t0 = Date.now();
    await entryBox(a.page).press("Enter");
    await row(b.page, "Hello from A").waitFor({ timeout: 1000 });
    expect(Date.now() - t0).toBeLessThan(1000);

    // Edit in A: Esc leaves the box and selects the latest entry, e edits, Enter saves.
    await row(a.page, "Hello from A").and(a.page.locator('[data-state="saved"]')).waitFor();
    await a.page.keyboard.press("Escape");
    await a.page.keyboard.press("e");
    const editBox = a.page.getByRole("textbox", { name: "Text" });
    await editBox.fill("Edited by A");
    t0 = Date.now();
    await editBox.press("Enter");
    await row(b.page, "Edited by A").waitFor({ timeout: 1000 });
    expect(Date.now() - t0).toBeLessThan(1000);

    // Delete in A with the Delete key; B drops it; u in A brings it back for both.
    await row(a.page, "Edited by A").waitFor();
    await a.page.waitForFunction(() => document.activeElement?.matches("li[data-entry-id]") === true);
    t0 = Date.now();
    await a.page.keyboard.press("Delete");
    await row(b.page, "Edited by A").waitFor({ state: "detached", timeout: 1000 });
    expect(Date.now() - t0).toBeLessThan(1000);
    await a.page.getByRole("button", { name: "Undo (u)" }).waitFor();
    await a.page.keyboard.press("u");
    await row(b.page, "Edited by A").waitFor({ timeout: 2000 });

    // Both versions are in the history.
    await row(a.page, "Edited by A").click();
    await a.page.keyboard.press("h");
    const dialog = a.page.getByRole("dialog", { name: "Entry history" });
    await dialog.getByText("Hello from A").waitFor();
    expect(await dialog.textContent()).toMatch(/v4 \(current\)/);
    await a.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("keeps entries typed while the server is unreachable, across a reload, and sends each exactly once", async () => {
    const incident = await createIncident("Offline outbox");
    const { context, page } = await newPage();
    await openIncident(page, incident);

    await context.route("**/api/**", (route) => route.abort());
    const bodies = ["one", "two", "three", "four", "five"].map((n) => `Offline entry ${n}`);
    for (const body of bodies) await post(page, body);
    await page.waitForFunction(() => document.querySelectorAll('li[data-state="pending"]').length === 5);
    expect(await page.locator("[data-outbox-pending]").getAttribute("data-outbox-pending")).toBe("5");

    // A reload (the page itself still loads; its API calls are still blocked) keeps them.
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('li[data-state="pending"]').length === 5);
    const pendingBodies = await page.locator('li[data-state="pending"] .entry-body').allTextContents();
    expect(pendingBodies).toEqual(bodies);

    await context.unroute("**/api/**");
    await waitForSavedBodies(page, bodies, 20_000);
    expect(await page.locator('li[data-state="pending"]').count()).toBe(0);
    expect(await page.evaluate((id) => localStorage.getItem(`debrief:outbox:${id}`), incident.id)).toBeNull();

    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json.events;
    expect(events).toHaveLength(5);
    expect(new Set(events.map((e: { body: string }) => e.body))).toEqual(new Set(bodies));
  });

  it("reconnects by itself after a server restart and catches up", async () => {
    const incident = await createIncident("Server restart");
    const { page } = await newPage();
    await openIncident(page, incident);

    await server.stop();
    await page.locator('[data-connection="reconnecting"], [data-connection="offline"]').first().waitFor();
    await server.start();
    const posted = await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, {
      id: randomUUID(),
      body: "Posted by another client after the restart",
    });
    expect(posted.status).toBe(201);

    await row(page, "Posted by another client after the restart").waitFor({ timeout: 15_000 });
    await page.locator('[data-connection="live"]').waitFor();
    // And it is live again, not just caught up.
    await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { body: "Live again" });
    await row(page, "Live again").waitFor({ timeout: 2000 });
  });

  it("changes status from the keyboard and previews a pasted chat log before posting it", async () => {
    const incident = await createIncident("Keyboard status and paste");
    const { page } = await newPage();
    await openIncident(page, incident);

    // Shift+S, then 2: Identified. The server writes the status-change entry.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+S");
    await page.getByRole("menu", { name: "Status" }).waitFor();
    await page.keyboard.press("2");
    await page.getByRole("button", { name: /^Status: Identified/ }).waitFor();
    await row(page, "Status changed from Investigating to Identified.").waitFor({ timeout: 2000 });

    const box = entryBox(page);
    await page.keyboard.press("i");
    await box.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, "00:02 paged\nstill paging\n00:05 a: rolled back");
    const preview = page.getByRole("region", { name: "Pasted lines preview" });
    await preview.waitFor();
    expect(await preview.locator("[data-paste-line]").count()).toBe(3);
    expect(await preview.locator('[data-paste-line][data-flagged="true"]').count()).toBe(1);
    await page.keyboard.press("Enter"); // the Post button has focus
    await row(page, "rolled back").and(page.locator('[data-state="saved"]')).waitFor();
    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json.events;
    const pasted = events.filter((e: { kind: string }) => e.kind !== "status_change");
    expect(pasted.map((e: { body: string; kind: string }) => [e.body, e.kind])).toEqual([
      ["paged", "note"],
      ["still paging", "note"],
      ["rolled back", "action"],
    ]);
    expect(new Set(pasted.map((e: { id: string }) => e.id)).size).toBe(3);
  });

  it("the severity menu opens on the current choice; Esc and a click elsewhere change nothing; arrows, Enter and digits pick; focus returns to its button", async () => {
    const incident = await createIncident("Severity menu"); // SEV2
    const { page } = await newPage();
    await openIncident(page, incident);
    const button = page.getByRole("button", { name: /^Severity: SEV2 — .*\. Change$/ });
    expect(await button.getAttribute("aria-keyshortcuts")).toBe("Shift+V");
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? null);
    const menu = page.getByRole("menu", { name: "Severity" });

    await button.click();
    await menu.waitFor();
    const items = menu.getByRole("menuitemradio");
    expect(await items.count()).toBe(4);
    // Each choice shows its digit; the current one is checked and has focus.
    expect((await items.locator("kbd").allTextContents())).toEqual(["1", "2", "3", "4"]);
    const current = menu.getByRole("menuitemradio", { name: /SEV2/ });
    expect(await current.getAttribute("aria-checked")).toBe("true");
    expect(await menu.locator('[aria-checked="true"]').count()).toBe(1);
    await expect.poll(() => current.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);

    await page.keyboard.press("Escape");
    await expect.poll(() => menu.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(focusedLabel, { timeout: 10_000 }).toMatch(/^Severity: SEV2 /);

    await button.click();
    await menu.waitFor();
    await page.locator("h1").click();
    await expect.poll(() => menu.count(), { timeout: 10_000 }).toBe(0);

    // ArrowDown from SEV2 is SEV3; Enter picks it, and focus is back on the button.
    await button.click();
    await expect.poll(() => current.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /^Severity: SEV3 / }).waitFor();
    await expect.poll(focusedLabel, { timeout: 10_000 }).toMatch(/^Severity: SEV3 /);
    expect((await api(server, "GET", `/api/v1/incidents/${incident.id}`)).json.severity).toBe("SEV3");

    // From the button, Shift+V opens the menu and 1 picks SEV1.
    await page.keyboard.press("Shift+V");
    await menu.waitFor();
    await page.keyboard.press("1");
    await page.getByRole("button", { name: /^Severity: SEV1 / }).waitFor();
    await expect.poll(() => menu.count(), { timeout: 10_000 }).toBe(0);
    expect((await api(server, "GET", `/api/v1/incidents/${incident.id}`)).json.severity).toBe("SEV1");
  });

  it("keeps an entry the server refuses (4xx) with its error, to fix and send again", async () => {
    const incident = await createIncident("Refused entry");
    const { context, page } = await newPage();
    await openIncident(page, incident);

    const refuse = (route: import("playwright-core").Route) =>
      route.request().method() === "POST"
        ? route.fulfill({ status: 422, json: { error: { code: "validation_failed", message: "body: too spicy", issues: [] } } })
        : route.continue();
    await context.route("**/events", refuse);
    await post(page, "This one gets refused");
    const refused = page.locator('li[data-state="rejected"]', { hasText: "This one gets refused" });
    await refused.waitFor();
    expect(await refused.textContent()).toContain("body: too spicy");
    await context.unroute("**/events", refuse);

    await refused.click();
    await page.keyboard.press("e");
    const text = page.getByRole("textbox", { name: "Text" });
    await text.fill("Fixed and sent again");
    await text.press("Enter");
    await waitForSavedBodies(page, ["Fixed and sent again"]);
    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json.events;
    expect(events.map((e: { body: string }) => e.body)).toEqual(["Fixed and sent again"]);
  });

  it("shows the server's version when an edit conflicts, and re-applies the user's edit on request", async () => {
    const incident = await createIncident("Edit conflict");
    const created = (await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { body: "Original" })).json;
    const { page } = await newPage();
    await openIncident(page, incident);

    await row(page, "Original").click();
    await page.keyboard.press("e");
    const text = page.getByRole("textbox", { name: "Text" });
    await text.fill("Mine");
    // Someone else saves first.
    await api(server, "PATCH", `/api/v1/incidents/${incident.id}/events/${created.id}`, { version: 1, body: "Theirs" });
    await text.press("Enter");
    const conflict = page.getByRole("alert").filter({ hasText: "saved a newer version" });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("Theirs");
    await conflict.getByRole("button", { name: /Apply my edit/ }).click();
    await waitForSavedBodies(page, ["Mine"]);
    const events = (await api(server, "GET", `/api/v1/incidents/${incident.id}/events`)).json.events;
    expect(events.map((e: { body: string; version: number }) => [e.body, e.version])).toEqual([["Mine", 3]]);
  });
});
