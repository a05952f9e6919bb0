import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite } from "../support/browser-suite";

// The cross-incident action-item table in Chromium against the production
// build: filter, sort, bulk-close, export, and a URL that carries the view.

let server: TestServer;
let context: BrowserContext;
let page: Page;

const suite = browserSuite();

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
type Incident = { id: string; number: number; key: string };
let sev1: Incident;
let sev3: Incident;

async function item(incident: Incident, body: Record<string, unknown>) {
  const res = await api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, body);
  expect(res.status, res.text).toBe(201);
  return res.json;
}

const rows = () => page.locator('[data-testid="action-item-row"]');
const rowTitles = () => rows().locator("td:nth-child(2) span.font-medium").allTextContents();
const statusBox = (label: string) => page.getByRole("group", { name: "Status" }).getByLabel(label, { exact: true });
const severityBox = (label: string) => page.getByRole("group", { name: "Severity" }).getByLabel(label, { exact: true });

async function waitForTitles(expected: string[]) {
  await expect.poll(rowTitles, { timeout: 10_000 }).toEqual(expected);
}

beforeAll(async () => {
  server = suite.server;
  sev1 = (await api(server, "POST", "/api/v1/incidents", { title: "Checkout down", severity: "SEV1" })).json;
  sev3 = (await api(server, "POST", "/api/v1/incidents", { title: "Slow search", severity: "SEV3" })).json;
  await item(sev1, { title: "Alpha: add retry budget", owner: "Alice", dueDate: day(-3), priority: "urgent" });
  await item(sev1, { title: "Bravo: alert on 5xx", owner: "Bob", dueDate: day(5), priority: "high", type: "detect" });
  await item(sev1, { title: "Charlie: runbook", owner: "Alice", dueDate: day(10), type: "process", status: "in_progress" });
  await item(sev1, { title: "Delta: already done", owner: "Bob", status: "done" });
  await item(sev3, { title: "Echo: index search", owner: "Cara", dueDate: day(-1) });
  ({ context, page } = await suite.newPage({ acceptDownloads: true }));
});

describe("the action-item table", () => {
  it("lists every item, soonest due first, with overdue rows marked", async () => {
    await page.goto("/action-items");
    await waitForTitles(["Alpha: add retry budget", "Echo: index search", "Bravo: alert on 5xx", "Charlie: runbook", "Delta: already done"]);
    expect(await page.locator('[data-testid="action-item-row"][data-overdue="true"]').count()).toBe(2);
    await expect.poll(() => rows().filter({ hasText: "Alpha" }).getByText("Overdue", { exact: true }).count()).toBe(1);
  });

  it("filters by status and severity, sorts by a column, and keeps it all in the URL", async () => {
    await page.goto("/action-items");
    await statusBox("Open").check();
    await page.waitForURL(/status=open/);
    await statusBox("In progress").check();
    await page.waitForURL(/status=open%2Cin_progress/);
    await severityBox("SEV1").check();
    await page.waitForURL(/severity=SEV1/);
    await waitForTitles(["Alpha: add retry budget", "Bravo: alert on 5xx", "Charlie: runbook"]);

    const titleHeader = page.getByRole("columnheader", { name: "Title" });
    await titleHeader.getByRole("button").click();
    await page.waitForURL(/sort=title/);
    await expect.poll(() => titleHeader.getAttribute("aria-sort")).toBe("ascending");
    await titleHeader.getByRole("button").click();
    await page.waitForURL(/dir=desc/);
    await waitForTitles(["Charlie: runbook", "Bravo: alert on 5xx", "Alpha: add retry budget"]);
    expect(await titleHeader.getAttribute("aria-sort")).toBe("descending");

    // The link alone brings the same view back, in a fresh tab.
    const shared = page.url();
    const url = new URL(shared);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ status: "open,in_progress", severity: "SEV1", sort: "title", dir: "desc" });
    const other = await context.newPage();
    await other.goto(shared);
    await expect.poll(() => other.locator('[data-testid="action-item-row"] td:nth-child(2) span.font-medium').allTextContents()).toEqual([
      "Charlie: runbook",
      "Bravo: alert on 5xx",
      "Alpha: add retry budget",
    ]);
    expect(await other.getByRole("group", { name: "Status" }).getByLabel("Open", { exact: true }).isChecked()).toBe(true);
    expect(await other.getByRole("group", { name: "Severity" }).getByLabel("SEV1", { exact: true }).isChecked()).toBe(true);
    await other.close();
  });

  it("hides a column and searches as you type", async () => {
    await page.goto("/action-items?sort=title");
    await page.getByText("Columns", { exact: true }).click();
    const typeColumn = page.getByRole("group", { name: "Visible columns" }).getByRole("menuitemcheckbox", { name: "Type" });
    await typeColumn.uncheck();
    await page.waitForURL(/cols=type/);
    await expect.poll(() => page.getByRole("columnheader", { name: "Type" }).count()).toBe(0);
    // The menu stays open while toggling (several columns in one trip); Esc closes it.
    expect(await typeColumn.getAttribute("aria-checked")).toBe("false");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("menu").count()).toBe(0);
    await page.getByRole("searchbox", { name: "Search" }).fill("runbook");
    await page.waitForURL(/q=runbook/);
    await waitForTitles(["Charlie: runbook"]);
    expect(page.url()).toContain("cols=type");
  });

  it("shows my items: the signed-in person's, without asking for a name", async () => {
    // Written with the signed-in admin's name in another case: it names their account, so it is theirs.
    await item(sev3, { title: "Foxtrot: mine", owner: server.users.admin.name.toLowerCase() });
    await page.goto("/action-items?sort=title");
    await page.getByRole("button", { name: "My items" }).click();
    await page.waitForURL(/mine=true/);
    await waitForTitles(["Foxtrot: mine"]);
    expect(await page.getByRole("button", { name: "My items" }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByRole("textbox", { name: "Your name as owner" }).count()).toBe(0);
    // The owner filter ignores case too.
    await page.goto("/action-items?sort=title&owner=ALICE");
    await waitForTitles(["Alpha: add retry budget", "Charlie: runbook"]);
  });

  it("suggests owners as you type in the owner filter, from the server, and filters on a pick", async () => {
    await page.goto("/action-items?sort=title");
    // Nothing is listed up front: the page does not carry every owner name.
    expect(await page.locator("datalist").count()).toBe(0);
    const owner = page.getByRole("search", { name: "Filter action items" }).getByRole("combobox", { name: "Owner" });
    await owner.fill("ca");
    const cara = page.getByRole("option", { name: /^Cara \(no account\)/ });
    await cara.waitFor();
    await owner.press("ArrowDown");
    expect(await cara.getAttribute("aria-selected")).toBe("true");
    await owner.press("Enter");
    await page.waitForURL(/owner=Cara/);
    await waitForTitles(["Echo: index search"]);
    // Typed without picking, the text filters once the field is left.
    await owner.fill("bob");
    await owner.press("Tab");
    await page.waitForURL(/owner=bob/);
    await waitForTitles(["Bravo: alert on 5xx", "Delta: already done"]);
  });

  it("bulk-closes the selected items", async () => {
    await page.goto(`/action-items?status=open,in_progress&severity=SEV1&sort=title`);
    await waitForTitles(["Alpha: add retry budget", "Bravo: alert on 5xx", "Charlie: runbook"]);
    await page.getByLabel('Select "Alpha: add retry budget"').check();
    await page.getByLabel('Select "Bravo: alert on 5xx"').check();
    const bar = page.getByRole("region", { name: "Change selected items" });
    await bar.getByText("2 selected").waitFor();
    await bar.getByLabel("Set status").selectOption("done");
    await bar.getByRole("button", { name: "Apply status" }).click();
    await waitForTitles(["Charlie: runbook"]);
    await page.getByText("Updated 2 of 2 selected items.", { exact: false }).waitFor();
    const closed = await api(server, "GET", `/api/v1/action-items?incident=${sev1.key}&status=done&sort=title`);
    expect(closed.json.items.map((i: { title: string }) => i.title)).toEqual(["Alpha: add retry budget", "Bravo: alert on 5xx", "Delta: already done"]);
    expect(closed.json.items.every((i: { closedAt: string | null }) => i.closedAt)).toBe(true);
  });

  it("exports the current view as CSV", async () => {
    await page.goto(`/action-items?status=done&sort=title&dir=asc&cols=age`);
    await waitForTitles(["Alpha: add retry budget", "Bravo: alert on 5xx", "Delta: already done"]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^action-items-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await download.path();
    const csv = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("ID,Title,Incident,Severity,Owner,Due,Priority,Type,Status,Overdue,Link,Won't do reason");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["Alpha: add retry budget", "Bravo: alert on 5xx", "Delta: already done"]);
    expect(lines[1]).toContain(`${sev1.key},SEV1,Alice,${day(-3)},Urgent,Prevent,Done,no`);
  });
});

describe("an incident's action items", () => {
  it("creates an item, then completes the postmortem once nothing holds it open", async () => {
    const inc: Incident = (await api(server, "POST", "/api/v1/incidents", { title: "Queue backlog", severity: "SEV2" })).json;
    await page.goto(`/incidents/${inc.number}/action-items`);
    await page.getByRole("button", { name: "New action item" }).click();
    const dialog = page.getByRole("dialog", { name: "New action item" });
    await dialog.getByLabel("Title").fill("Cap queue depth");
    await dialog.getByLabel("Owner").fill("Dana");
    await dialog.getByLabel("Due date").fill(day(-2));
    await dialog.getByRole("button", { name: "Create action item" }).click();
    await waitForTitles(["Cap queue depth"]);
    await page.getByTestId("action-item-counts").getByText("1 overdue", { exact: true }).waitFor();
    const blocking = page.getByTestId("blocking-items");
    await blocking.getByText("Cap queue depth").waitFor();
    expect(await page.getByRole("button", { name: "Mark postmortem complete" }).isDisabled()).toBe(true);

    await page.getByRole("button", { name: 'Edit "Cap queue depth"' }).click();
    const edit = page.getByRole("dialog", { name: /Edit/ });
    await edit.getByLabel("Status").selectOption("wont_do");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.getByText("is required when status is wont_do").first().waitFor();
    await edit.getByLabel("Why won't it be done?").fill("Queue replaced by a stream");
    await edit.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Mark postmortem complete" }).and(page.locator(":enabled")).click();
    await page.getByTestId("postmortem-complete").waitFor();
    const after = await api(server, "GET", `/api/v1/incidents/${inc.id}`);
    expect(after.json.postmortemStatus).toBe("complete");
  });
});
