import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite } from "../support/browser-suite";

// The incident list in Chromium, kept live through one stream per page:
// incidents declared elsewhere appear, status changes show, filters are
// honoured, deletions leave, all without a reload.

let server: TestServer;

const suite = browserSuite();

beforeAll(() => {
  server = suite.server;
});

async function listPage(path = "/incidents", role: "viewer" | "admin" = "viewer"): Promise<Page> {
  const { page } = await suite.newPage({ role });
  await page.goto(path);
  await page.getByRole("region", { name: "Incident list" }).locator('[data-connection="live"]').waitFor();
  return page;
}

const rowOf = (page: Page, key: string) => page.locator(`tr[data-incident-row="${key}"]`);

describe("the live incident list", () => {
  it("shows an incident declared elsewhere, and its status changes, without a reload", async () => {
    const page = await listPage();
    let reloaded = false;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) reloaded = true;
    });
    const created = await api(server, "POST", "/api/v1/incidents", { title: "Live list: payments timing out", severity: "SEV1" });
    expect(created.status).toBe(201);
    const row = rowOf(page, created.json.key);
    await row.waitFor({ timeout: 2_000 });
    expect(await row.getAttribute("data-new")).toBe("true");
    expect(await row.innerText()).toMatch(/payments timing out/);
    // The newest is first.
    expect(await page.locator("tr[data-incident-row]").first().getAttribute("data-incident-row")).toBe(created.json.key);
    await page.getByText(`${created.json.key} declared: Live list: payments timing out (SEV1)`).waitFor({ state: "attached" });

    const patched = await api(server, "PATCH", `/api/v1/incidents/${created.json.id}`, { version: created.json.version, status: "identified" });
    expect(patched.status).toBe(200);
    await page.locator(`tr[data-incident-row="${created.json.key}"][data-status="identified"]`).waitFor({ timeout: 2_000 });
    expect(await row.innerText()).toContain("Identified");
    expect(reloaded).toBe(false);
  });

  it("honours the list's filter: a change that leaves it removes the row, one that enters it adds it", async () => {
    const a = (await api(server, "POST", "/api/v1/incidents", { title: "Live list: filter A", severity: "SEV3" })).json;
    const b = (await api(server, "POST", "/api/v1/incidents", { title: "Live list: filter B", severity: "SEV3" })).json;
    const bResolved = (await api(server, "PATCH", `/api/v1/incidents/${b.id}`, { version: b.version, status: "resolved" })).json;
    const page = await listPage("/incidents?status=investigating");
    await rowOf(page, a.key).waitFor();
    expect(await rowOf(page, b.key).count()).toBe(0);

    await api(server, "PATCH", `/api/v1/incidents/${a.id}`, { version: a.version, status: "resolved" });
    await rowOf(page, a.key).waitFor({ state: "detached", timeout: 2_000 });
    await api(server, "PATCH", `/api/v1/incidents/${b.id}`, { version: bResolved.version, status: "investigating" });
    await rowOf(page, b.key).waitFor({ timeout: 2_000 });
    // A SEV1 filter does not take in a new SEV3.
    const sev1 = await listPage("/incidents?severity=SEV1");
    const c = (await api(server, "POST", "/api/v1/incidents", { title: "Live list: not SEV1", severity: "SEV3" })).json;
    await rowOf(page, c.key).waitFor({ timeout: 2_000 });
    expect(await rowOf(sev1, c.key).count()).toBe(0);
  });

  it("drops a deleted incident, and catches up after losing its connection", async () => {
    const page = await listPage();
    const doomed = (await api(server, "POST", "/api/v1/incidents", { title: "Live list: to be deleted", severity: "SEV4" })).json;
    await rowOf(page, doomed.key).waitFor({ timeout: 2_000 });
    expect((await api(server, "DELETE", `/api/v1/incidents/${doomed.id}`)).status).toBe(200);
    await rowOf(page, doomed.key).waitFor({ state: "detached", timeout: 2_000 });

    // Offline for a while: what was declared meanwhile shows once the stream is back.
    await page.context().setOffline(true);
    await page.getByRole("region", { name: "Incident list" }).locator('[data-connection="offline"]').waitFor();
    const missed = (await api(server, "POST", "/api/v1/incidents", { title: "Live list: declared while offline", severity: "SEV2" })).json;
    await page.context().setOffline(false);
    await rowOf(page, missed.key).waitFor({ timeout: 3_000 });
  });
});
