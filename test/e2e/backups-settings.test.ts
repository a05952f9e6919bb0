import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server";
import { launchBrowser, signedInContext } from "../support/browser";
import { makeAgeKey } from "../support/backup";

// Settings → Backups in Chromium: an admin starts a backup with the button
// and sees its time, size and result, and the next one.

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let work = "";
const PREVIOUS_FILE = "debrief-backup-20260303T091200.000Z.age";

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "debrief-backups-ui-"));
  const key = makeAgeKey(work);
  // The status a previous run of the server left: a success a minute ago,
  // so (an hour apart) the next scheduled one is an hour later and the
  // only backup in this test is the one the button starts.
  mkdirSync(path.join(work, "backups"));
  const earlier = Date.now() - 60_000;
  const previous = {
    startedAt: new Date(earlier).toISOString(),
    finishedAt: new Date(earlier + 1000).toISOString(),
    ok: true,
    file: PREVIOUS_FILE,
    bytes: 2048,
    rows: 10,
    durationMs: 1000,
    error: null,
    pruned: 0,
    command: null,
  };
  writeFileSync(
    path.join(work, "backups", ".debrief-backup-status.json"),
    JSON.stringify({ enabledSince: previous.startedAt, nextAt: null, running: null, last: previous, lastSuccess: previous }),
  );
  [server, browser] = await Promise.all([
    startTestServer({ env: { DEBRIEF_BACKUP_DIR: path.join(work, "backups"), DEBRIEF_BACKUP_EVERY: "1h", DEBRIEF_BACKUP_RECIPIENT: key.recipient } }),
    launchBrowser(),
  ]);
  context = await signedInContext(browser, server, "admin");
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await server?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe("Settings → Backups", () => {
  it("starts a backup from the button and shows its time, size and result, and the next one", async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto("/settings");
    await page.getByRole("link", { name: "Backups" }).first().click();
    await expect.poll(() => page.url()).toMatch(/\/settings\/backups$/);
    await page.getByRole("heading", { name: "Schedule" }).waitFor();
    const last = page.locator("section", { has: page.getByRole("heading", { name: "Last backup" }) });
    // What the previous run recorded, and the next run an hour after it.
    expect(await last.locator("[data-backup-size]").textContent()).toBe("2.0 KB");
    const next = Date.parse((await page.locator("[data-backup-next] time").getAttribute("datetime")) ?? "");
    expect(next - Date.now()).toBeGreaterThan(50 * 60_000);

    await page.getByRole("button", { name: "Back up now" }).click();
    await page.getByRole("status").filter({ hasText: "Backup started" }).waitFor();
    await expect
      .poll(
        async () => {
          await page.reload();
          return last.locator("dd.font-mono").textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .not.toBe(PREVIOUS_FILE);
    expect(await last.getByText("Succeeded").count()).toBe(1);
    expect(await last.locator("[data-backup-size]").textContent()).toMatch(/^\d+(\.\d)? KB$/);
    expect(await last.locator("time").textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await page.locator("[data-backup-next] time").textContent()).toMatch(/UTC$/);
    const files = readdirSync(path.join(work, "backups")).filter((n) => n.endsWith(".age"));
    expect(files).toHaveLength(1);
    expect(await page.getByRole("cell", { name: files[0] }).count()).toBe(1);
  });
});
