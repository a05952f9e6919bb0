import { beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite } from "../support/browser-suite";

// Drafting a postmortem in Chromium against the production build: write
// sections (autosaved), star timeline entries, download the Markdown and
// read it; a stale save shows both versions; a Markdown import opens the
// new incident.

let server: TestServer;

const suite = browserSuite();

beforeAll(() => {
  server = suite.server;
});

async function newPage(): Promise<Page> {
  return (await suite.newPage({ acceptDownloads: true, timeout: 15_000 })).page;
}

async function seedIncident() {
  const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Checkout outage on March 3, 2026", severity: "SEV1", startedAt: "2026-03-03T09:12:00Z" })).json;
  const add = (body: Record<string, unknown>) => api(server, "POST", `/api/v1/incidents/${inc.id}/events`, body);
  await add({ body: "Rotation job starts", occurredAt: "2026-03-03T09:05:00Z" });
  await add({ body: "First 503s", milestone: "impact_start", occurredAt: "2026-03-03T09:12:00Z" });
  await add({ body: "Rolled back the deploy | no change", occurredAt: "2026-03-03T09:20:00Z" });
  await add({ body: "Corrected chain deployed", milestone: "resolved", occurredAt: "2026-03-03T11:40:00Z" });
  return inc as { id: string; number: number };
}

const saved = (page: Page) => page.locator('[data-testid="pm-save-state"][data-state="saved"]').waitFor();

describe("postmortem drafting", () => {
  it("writes sections, stars entries, and downloads the Markdown with them", async () => {
    const inc = await seedIncident();
    const page = await newPage();
    await page.goto(`/incidents/${inc.number}/postmortem`);

    await page.getByRole("textbox", { name: "Summary", exact: true }).fill("Customers could not check out.\n\n# not a heading");
    await page.getByLabel("Summary preview").getByText("Customers could not check out.").waitFor();
    await page.getByRole("textbox", { name: "Root cause", exact: true }).fill("The chain had **no** intermediate | certificate.");
    await page.getByRole("button", { name: "Add service" }).click();
    await page.getByLabel("Service 1", { exact: true }).fill("Checkout API");
    await page.getByLabel("Impact of service 1", { exact: true }).fill("38% of requests failed");
    await saved(page);

    // The visual timeline shows the impact window and the milestones.
    await expect(page.getByTestId("impact-window").count()).resolves.toBe(1);
    await expect(page.getByTestId("milestone").count()).resolves.toBe(2);

    // Star an entry that is not key yet (and give it a status) from "show all".
    await page.getByLabel("Show all entries to star more").check();
    await page.getByRole("button", { name: "Star entry at 09:20" }).click();
    await page.getByRole("button", { name: "Unstar entry at 09:20" }).waitFor();
    await page.getByLabel("Status at 09:20").fill("Investigation.");
    // Like every other time on the page: 24-hour UTC, not the browser's 12-hour local format.
    await expect(page.getByLabel("End of entry at 09:20 (UTC)").getAttribute("type")).resolves.toBe("text");
    await page.getByLabel("End of entry at 09:20 (UTC)").fill("2026-03-03 09:44");
    await page.getByLabel("Status at 09:20").focus();
    await expect
      .poll(async () => (await api(server, "GET", `/api/v1/incidents/${inc.id}/events`)).json.events.find((e: { body: string }) => e.body.startsWith("Rolled back"))?.endedAt)
      .toBe("2026-03-03T09:44:00.000Z");
    await page.getByLabel("Show all entries to star more").uncheck();
    await expect(page.getByTestId("pm-entry").count()).resolves.toBe(3);
    await expect(page.getByTestId("key-entry-tick").count()).resolves.toBe(3);

    // Edit once more and download at once: the download waits for the save.
    await page.getByRole("textbox", { name: "Detection", exact: true }).fill("Error-rate alert after 6 minutes.");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download Markdown (Cloudflare style)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`INC-${inc.number}-postmortem.md`);
    const file = await download.path();
    const markdown = await readFile(file, "utf8");
    expect(markdown).toContain(`incident: INC-${inc.number}`);
    expect(markdown).toContain("# Checkout outage on March 3, 2026\n\n*All times in this post are UTC.*\n\nCustomers could not check out.\n\n#### not a heading");
    expect(markdown).toContain("## Root cause\n\nThe chain had **no** intermediate | certificate.");
    expect(markdown).toContain("## Detection\n\nError-rate alert after 6 minutes.");
    expect(markdown).toContain("| Checkout API | 38% of requests failed |");
    expect(markdown).toContain(
      [
        "| Time (UTC) | Status | Description |",
        "| --- | --- | --- |",
        "| 09:12 | Impact starts. | First 503s |",
        "| 09:20-09:44 | Investigation. | Rolled back the deploy \\| no change |",
        "| 11:40 | Resolved. | Corrected chain deployed |",
      ].join("\n"),
    );
    expect(markdown).not.toContain("Rotation job starts");
  });

  it("shows both versions when someone else saved first, and saves the chosen merge", async () => {
    const inc = await seedIncident();
    const page = await newPage();
    await page.goto(`/incidents/${inc.number}/postmortem`);
    await page.getByRole("textbox", { name: "Summary", exact: true }).fill("Mine.");
    await saved(page);
    // Another person saves from the same version.
    const current = (await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`)).json;
    const theirs = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, { version: current.version, sections: { rootCause: "Theirs." } });
    expect(theirs.status).toBe(200);
    await page.getByRole("textbox", { name: "Summary", exact: true }).fill("Mine, edited.");
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    await dialog.getByText("Theirs.").waitFor();
    await dialog.getByRole("button", { name: "Save my choices" }).click();
    await saved(page);
    const after = (await api(server, "GET", `/api/v1/incidents/${inc.id}/postmortem`)).json;
    expect(after.sections.summary).toBe("Mine, edited.");
    // Root cause differed: the default keeps "mine" (empty) unless "theirs" is chosen.
    expect(after.version).toBe(theirs.json.version + 1);
  });

  it("moves the status and imports a pasted postmortem", async () => {
    const inc = await seedIncident();
    const page = await newPage();
    await page.goto(`/incidents/${inc.number}/postmortem`);
    await page.getByRole("button", { name: "Send for review" }).click();
    await page.getByTestId("pm-status").filter({ hasText: "In review" }).waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByTestId("pm-status").filter({ hasText: "Published" }).waitFor();
    expect((await api(server, "GET", `/api/v1/incidents/${inc.id}`)).json.postmortemStatus).toBe("published");

    await page.goto("/import");
    const example = await readFile(new URL("../fixtures/postmortem/cloudflare-example.md", import.meta.url), "utf8");
    await page.getByLabel("Or paste the postmortem").fill(example);
    await page.getByRole("button", { name: "Preview the import" }).click();
    await page.getByRole("button", { name: "Import as a new incident" }).click();
    await page.waitForURL(/\/incidents\/\d+\/postmortem$/);
    await expect(page.getByRole("textbox", { name: "Trigger", exact: true }).inputValue()).resolves.toMatch(/^The rotation job fetched/);

    await page.goto("/import");
    await page.getByLabel("Or paste the postmortem").fill("no title here");
    await page.getByRole("button", { name: "Preview the import" }).click();
    await page.getByRole("alert").filter({ hasText: "no title" }).waitFor();
  });

  it("previews an import (UTC times with the zone applied, sections, follow-ups, warnings) and writes only on confirm", async () => {
    const page = await newPage();
    const count = async () => (await api(server, "GET", "/api/v1/incidents?limit=200")).json.incidents.length;
    const before = await count();
    await page.goto("/import");
    const text = await readFile(new URL("../fixtures/postmortems/real/chia-proxy-abuse-2022-06-28.md", import.meta.url), "utf8");
    await page.getByLabel("Or paste the postmortem").fill(text);
    await page.getByRole("button", { name: "Preview the import" }).click();
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    await expect(page.getByTestId("preview-row").count()).resolves.toBe(16);
    const row = page.getByTestId("preview-row").nth(2);
    await row.getByText("Jun 28 20:28").waitFor();
    await row.getByText("2022-06-29 03:28").waitFor();
    await row.getByText("PST → America/Los_Angeles").waitFor();
    await preview.getByRole("list", { name: "Warnings" }).getByText(/No severity stated/).waitFor();
    await preview.getByText("Involved Parties").waitFor();
    await expect(page.getByTestId("severity-source").textContent()).resolves.toMatch(/not stated/);
    // Nothing is written by the preview, nor by changing the severity.
    await preview.getByLabel("Severity").selectOption("SEV1");
    await page.getByTestId("severity-source").filter({ hasText: "as you set it" }).waitFor();
    expect(await count()).toBe(before);
    await page.getByRole("button", { name: "Import as a new incident" }).click();
    await page.waitForURL(/\/incidents\/(\d+)\/postmortem$/);
    const number = Number(/\/incidents\/(\d+)\//.exec(page.url())?.[1]);
    const created = (await api(server, "GET", "/api/v1/incidents?limit=200")).json.incidents.find((i: { number: number }) => i.number === number);
    expect(created).toMatchObject({ title: "Data Layer Testing Proxy Abuse Report", severity: "SEV1", startedAt: "2022-06-27T20:47:00.000Z" });
    expect(await count()).toBe(before + 1);
  });
});
