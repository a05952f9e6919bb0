import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite } from "../support/browser-suite";

// The header search box and the Insights page in Chromium against the
// production build.

let server: TestServer;
let page: Page;
const problems: string[] = [];

type Incident = { id: string; number: number; key: string };
let checkout: Incident;
let payments: Incident;
let entryId = "";

async function post(path: string, body: unknown) {
  const res = await api(server, "POST", path, body);
  expect(res.status, res.text).toBeLessThan(300);
  return res.json;
}

const searchBox = () => page.getByRole("combobox", { name: /Search incidents/ });
const listbox = () => page.getByRole("listbox", { name: "Search results" });

const suite = browserSuite();

beforeAll(async () => {
  server = suite.server;
  checkout = await post("/api/v1/incidents", { title: "Checkout outage", severity: "SEV1", services: ["Checkout API"], startedAt: "2026-01-05T10:00:00Z" });
  payments = await post("/api/v1/incidents", { title: "Payments latency", severity: "SEV3", services: ["Payments"], startedAt: "2026-02-10T08:00:00Z" });
  // Filler entries, so the one found sits below the fold.
  for (let i = 0; i < 40; i++) await post(`/api/v1/incidents/${checkout.id}/events`, { body: `Routine note ${i}`, occurredAt: new Date(Date.UTC(2026, 0, 5, 10, i + 1)).toISOString() });
  entryId = (
    await post(`/api/v1/incidents/${checkout.id}/events`, {
      body: "Rolled back the qxkestrelqx deploy <img src=x onerror=alert(1)>",
      occurredAt: "2026-01-05T10:20:30Z",
    })
  ).id;
  await post(`/api/v1/incidents/${checkout.id}/events`, { body: "Impact", occurredAt: "2026-01-05T09:50:00Z", milestone: "impact_start" });
  await post(`/api/v1/incidents/${checkout.id}/events`, { body: "Pager", occurredAt: "2026-01-05T10:00:00Z", milestone: "detected" });
  await post(`/api/v1/incidents/${checkout.id}/events`, { body: "Fixed", occurredAt: "2026-01-05T10:30:00Z", milestone: "mitigated" });
  await post(`/api/v1/incidents/${payments.id}/events`, { body: "Pager", occurredAt: "2026-02-10T08:20:00Z", milestone: "detected" });
  await post(`/api/v1/incidents/${payments.id}/action-items`, { title: "Alert on qxkestrelqx lag" });
  const pm = (await api(server, "GET", `/api/v1/incidents/${payments.id}/postmortem`)).json;
  expect((await api(server, "PUT", `/api/v1/incidents/${payments.id}/postmortem`, { version: pm.version, sections: { rootCause: "A qxkestrelqx queue filled up." }, contributingFactors: [{ title: "No alert", description: "", category: "process" }] })).status).toBe(200);

  // A responder: the incident page then starts in its entry box, as on call.
  ({ page } = await suite.newPage({ role: "responder", acceptDownloads: true }));
  // Chromium asks for /favicon.ico by itself (the app has no icon): not a page's doing.
  const ownRequest = (url: string) => new URL(url).pathname === "/favicon.ico";
  page.on("console", (m) => {
    if (ownRequest(m.location().url || "about:blank")) return;
    if (m.type() === "error" || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  // Nothing leaves the instance, and nothing it asks itself for fails.
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== new URL(server.url).origin) problems.push(`outside request: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !ownRequest(r.url())) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
});

describe("the header search box", () => {
  it("takes focus on /, shows matches grouped by incident with the words marked, and opens an entry with the keyboard", async () => {
    await page.goto("/incidents");
    await page.locator("h1").click();
    await page.keyboard.press("/");
    await expect.poll(() => searchBox().evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("qxkestrelqx");
    await listbox().waitFor();
    const groups = listbox().getByRole("group");
    await expect.poll(() => groups.count()).toBe(2);
    // The incident whose match ranks best comes first; each group lists its own matches.
    const headings = await groups.evaluateAll((els) => els.map((g) => g.getAttribute("aria-labelledby")).map((id) => document.getElementById(id ?? "")?.textContent ?? ""));
    expect(headings.sort()).toEqual([`SEV1${checkout.key}Checkout outage`, `SEV3${payments.key}Payments latency`].sort());
    const options = listbox().getByRole("option");
    // Three matches, then "all results".
    expect(await options.count()).toBe(4);
    const marks = await listbox().locator("mark").allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(["qxkestrelqx", "qxkestrelqx", "qxkestrelqx"]);
    // Stored markup is shown as text, never made into elements.
    expect(await listbox().locator("img").count()).toBe(0);
    expect(await listbox().textContent()).toContain("<img src=x onerror=alert(1)>");

    // Down to the timeline entry, then Enter.
    const texts = await options.allTextContents();
    const entryIndex = texts.findIndex((t) => t.includes("Rolled back"));
    expect(entryIndex).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= entryIndex; i++) await page.keyboard.press("ArrowDown");
    expect(await options.nth(entryIndex).getAttribute("aria-selected")).toBe("true");
    expect(await searchBox().getAttribute("aria-activedescendant")).toBe(await options.nth(entryIndex).getAttribute("id"));
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/incidents/${checkout.number}#entry-${entryId}`);
    const row = page.locator(`li[data-entry-id="${entryId}"]`);
    await expect.poll(() => row.getAttribute("aria-current")).toBe("true");
    await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => row.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
  });

  it("selects an entry of the incident already on screen, leaves / alone while typing, and closes on Esc", async () => {
    // The incident page starts in the entry box: "/" is typed there.
    await page.goto(`/incidents/${checkout.number}`);
    const composer = page.getByPlaceholder(/What happened\?/);
    await expect.poll(() => composer.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("a/b");
    expect(await composer.inputValue()).toBe("a/b");
    await composer.fill("");
    await page.keyboard.press("Escape");
    await page.keyboard.press("/");
    await expect.poll(() => searchBox().evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("rolled back");
    const option = listbox().getByRole("option").filter({ hasText: "Rolled back" });
    await option.click();
    await expect.poll(() => page.locator(`li[data-entry-id="${entryId}"]`).getAttribute("aria-current")).toBe("true");

    await searchBox().click();
    await searchBox().fill("qxkestrelqx");
    await listbox().waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => listbox().count()).toBe(0);
    expect(await searchBox().inputValue()).toBe("qxkestrelqx");
  });

  it("says when nothing matches, and opens every result with filters on Enter", async () => {
    await page.goto("/incidents");
    await searchBox().click();
    await searchBox().fill("qxnothingqx");
    await expect.poll(() => listbox().textContent()).toContain("No matches for “qxnothingqx”");
    await searchBox().fill("qxkestrelqx");
    await expect.poll(() => listbox().getByRole("option").count()).toBe(4);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/search?q=qxkestrelqx");
    const results = page.getByRole("region", { name: "Search results" });
    await expect.poll(() => results.getByRole("link").filter({ hasText: "qxkestrelqx" }).count()).toBe(3);
    await page.getByLabel("Kind").selectOption("postmortem");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/type=postmortem/);
    await expect.poll(() => results.getByRole("link").filter({ hasText: "qxkestrelqx" }).count()).toBe(1);
    expect(await results.textContent()).toContain("Root cause");
  });
});

describe("the incident list's text filter", () => {
  it("narrows the list to incidents whose title or summary holds the text", async () => {
    await page.goto("/incidents");
    await page.getByLabel("Find:").fill("payments");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=payments/);
    const table = page.locator("table");
    await expect.poll(() => table.textContent()).toContain("Payments latency");
    expect(await table.textContent()).not.toContain("Checkout outage");
  });
});

describe("the Insights page", () => {
  it("shows the figures with their definitions and charts, and downloads them as CSV", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
    await page.waitForURL("**/insights");
    await page.goto("/insights?from=2026-01-01&to=2026-03-31");
    expect(await page.locator('[data-figure="incidents"]').textContent()).toBe("2");
    // MTTD: 600 s (checkout, from its impact_start milestone) and 1200 s (payments): median 15 min, p90 19 min.
    const mttd = page.locator('[data-metric="mttd"]');
    expect(await mttd.locator('[data-figure="median"]').textContent()).toBe("15 min");
    expect(await mttd.locator('[data-figure="mean"]').textContent()).toBe("15 min");
    expect(await mttd.locator('[data-figure="p90"]').textContent()).toBe("19 min");
    expect(await mttd.locator('[data-figure="count"]').textContent()).toBe("2");
    // MTTM: only checkout (40 min); payments is missing the milestone.
    const mttm = page.locator('[data-metric="mttm"]');
    expect(await mttm.locator('[data-figure="median"]').textContent()).toBe("40 min");
    expect(await mttm.locator('[data-figure="missing"]').textContent()).toBe("1");
    expect(await page.locator('[data-metric="mttr"] [data-figure="median"]').textContent()).toBe("—");
    expect(await page.textContent("main")).toContain("linear interpolation between the nearest ranks");
    expect(await page.textContent("main")).toContain("without one, the start given when the incident was declared");
    expect(await page.locator('[data-figure="factors-process"]').textContent()).toBe("1");
    expect(await page.getByRole("list", { name: "Services by incidents" }).textContent()).toContain("Checkout API: 1");
    // Four charts drawn as SVG in the page.
    await expect.poll(() => page.locator("svg.recharts-surface").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator("figure[aria-label^='Median durations'] .recharts-line").count()).toBe(3);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("incident-metrics-2026-01-01-to-2026-03-31.csv");
    const csv = readFileSync(await download.path(), "utf8");
    expect(csv).toContain("overall,all,mttd (Time to detect),2,2,0,0,900,900,1140,");
    expect(csv).toContain("month,2026-02,mttm (Time to mitigate),1,0,1,0,,,,");

    // A filter narrows the figures.
    await page.getByLabel("SEV3").check();
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/severity=SEV3/);
    expect(await page.locator('[data-figure="incidents"]').textContent()).toBe("1");
    expect(await page.locator('[data-metric="mttd"] [data-figure="median"]').textContent()).toBe("20 min");
    expect(problems).toEqual([]);
  });
});
