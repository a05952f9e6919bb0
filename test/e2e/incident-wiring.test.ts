import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite, type SuiteIncident as Incident } from "../support/browser-suite";

// Finished pieces wired into the incident pages, in Chromium against the
// production build: action-item counts on the list and in the header, the
// "a" shortcut that turns a timeline entry into a linked action item, and
// the visual timeline kept live above the timeline.

let server: TestServer;

const suite = browserSuite();

beforeAll(() => {
  server = suite.server;
});

async function newPage(): Promise<Page> {
  return (await suite.newPage()).page;
}

const createIncident = suite.createIncident;
const openIncident = (page: Page, incident: Incident) => suite.openIncident(page, incident, { timeout: 30_000 });

async function createActionItem(incident: Incident, body: Record<string, unknown>): Promise<void> {
  const res = await api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, body);
  expect(res.status, res.text).toBe(201);
}

/** A UTC calendar day `offset` days from today, as the API takes due dates. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const headerCounts = (page: Page) => page.locator("header").getByTestId("action-item-counts");

describe("action-item counts", () => {
  it("shows open and overdue counts on the list and in the header, linking to the incident's items", async () => {
    const incident = await createIncident("Wiring: counts");
    const quiet = await createIncident("Wiring: no items");
    await createActionItem(incident, { title: "Add a retry budget" });
    await createActionItem(incident, { title: "Alert on queue depth", dueDate: day(-2) });

    const page = await newPage();
    await page.goto("/incidents");
    const listed = page.locator("tr", { hasText: incident.title }).getByTestId("action-item-counts");
    await listed.getByText("2 open", { exact: true }).waitFor({ timeout: 30_000 });
    await listed.getByText("1 overdue", { exact: true }).waitFor();
    expect(await listed.getAttribute("href")).toBe(`/incidents/${incident.number}/action-items`);
    expect(await listed.getAttribute("title")).toBe("2 open action items, 1 overdue");
    const quietCounts = page.locator("tr", { hasText: quiet.title }).getByTestId("action-item-counts");
    expect((await quietCounts.innerText()).trim()).toBe("0 open");

    await openIncident(page, incident);
    await headerCounts(page).getByText("2 open", { exact: true }).waitFor();
    await headerCounts(page).getByText("1 overdue", { exact: true }).waitFor();

    // The action-items tab carries the badge beside its own heading: said once, not twice.
    await headerCounts(page).click();
    await page.waitForURL(new RegExp(`/incidents/${incident.number}/action-items`));
    await page.getByRole("heading", { name: "Action items" }).waitFor();
    expect(await page.getByTestId("action-item-counts").count()).toBe(1);

    // Back on the timeline tab the header badge returns, fetched fresh.
    await createActionItem(incident, { title: "Document the failover" });
    await page.getByRole("link", { name: "Timeline" }).click();
    await headerCounts(page).getByText("3 open", { exact: true }).waitFor();
  });
});

describe("turning a timeline entry into an action item", () => {
  it("opens the dialog on `a` prefilled from the focused entry, links the item and counts it", async () => {
    const incident = await createIncident("Wiring: entry to item");
    const page = await newPage();
    await openIncident(page, incident);
    await headerCounts(page).getByText("0 open", { exact: true }).waitFor();

    const text = "Raise the connection pool limit on db-primary";
    const box = page.getByRole("textbox", { name: "New timeline entry" });
    await box.fill(text);
    await box.press("Enter");
    const entry = page.locator('li[data-entry-id][data-state="saved"]', { hasText: text });
    await entry.waitFor();
    const entryId = await entry.getAttribute("data-entry-id");

    // Esc leaves the entry box and focuses the latest entry; `a` acts on it.
    await page.keyboard.press("Escape");
    await page.locator('li[data-entry-id][data-selected="true"]', { hasText: text }).waitFor();
    await page.keyboard.press("a");
    const dialog = page.getByRole("dialog", { name: "New action item" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Title").inputValue()).toBe(text);
    expect(await dialog.getByLabel("Description").inputValue()).toBe(text);
    await dialog.getByText("Linked to the timeline entry it came from.").waitFor();

    await dialog.getByRole("button", { name: "Create action item" }).click();
    await page.locator("[data-toast]", { hasText: `Action item created: “${text}”` }).waitFor();
    await dialog.waitFor({ state: "hidden" });
    await headerCounts(page).getByText("1 open", { exact: true }).waitFor();

    const items = await api(server, "GET", `/api/v1/action-items?incident=${incident.id}`);
    expect(items.status).toBe(200);
    expect(items.json.items).toHaveLength(1);
    expect(items.json.items[0]).toMatchObject({ title: text, timelineEventId: entryId });

    // The entry's one actions menu offers the same.
    await entry.getByRole("button", { name: /^Actions for the entry at / }).click();
    await page.getByRole("menu").getByRole("menuitem", { name: /^Turn into an action item/ }).click();
    await dialog.waitFor();
    await dialog.getByRole("button", { name: /^Close/ }).click();
    await dialog.waitFor({ state: "hidden" });

    // And the `?` list names the shortcut.
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).getByText("Turn it into an action item (linked to the entry)").waitFor();
  });
});

describe("visual timeline on the timeline tab", () => {
  it("moves the impact window and marks milestones and key entries live, without a reload", async () => {
    const incident = await createIncident("Wiring: visual timeline");
    const page = await newPage();
    await openIncident(page, incident);
    const visual = page.getByTestId("visual-timeline");
    await visual.waitFor();
    expect(await page.getByTestId("impact-window").count()).toBe(1);
    expect(await page.getByTestId("key-entry-tick").count()).toBe(0);

    // Another responder records that impact began 40 minutes before the declaration.
    const impactStart = new Date(Date.parse(incident.startedAt) - 40 * 60_000);
    impactStart.setUTCSeconds(0, 0);
    const hhmm = impactStart.toISOString().slice(11, 16);
    const posted = await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, {
      id: randomUUID(),
      occurredAt: impactStart.toISOString(),
      milestone: "impact_start",
      body: "Error rate starts climbing in eu-west",
    });
    expect(posted.status, posted.text).toBe(201);

    // Within 40 minutes after midnight UTC the window crosses a date, and
    // times then carry it ("11-22 23:30").
    await page.waitForFunction(
      (time) => new RegExp(`Impact from (\\d\\d-\\d\\d )?${time}`).test(document.querySelector('[data-testid="visual-timeline"]')?.getAttribute("aria-label") ?? ""),
      hhmm,
    );
    await page.getByTestId("milestone").filter({ hasText: new RegExp(`Impact starts (\\d\\d-\\d\\d )?${hhmm}`) }).waitFor();
    expect(await page.getByTestId("impact-window").count()).toBe(1);
    const width = Number(await page.getByTestId("impact-window").getAttribute("width"));
    expect(width).toBeGreaterThan(100);
    expect(await page.getByTestId("key-entry-tick").count()).toBe(1);

    // Starring an entry adds its tick.
    const box = page.getByRole("textbox", { name: "New timeline entry" });
    await box.fill("Failed over to eu-central");
    await box.press("Enter");
    await page.locator('li[data-entry-id][data-state="saved"]', { hasText: "Failed over" }).waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="key-entry-tick"]').length === 2);
  });
});
