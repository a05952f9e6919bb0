import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { signedInContext } from "../support/browser";
import { browserSuite } from "../support/browser-suite";

// The live preview renders in a Web Worker: text that takes remark seconds
// (or forever) never freezes the editor tab. The render is ended at its
// limit and the field says so; the next text renders again.

let server: TestServer;
let context: BrowserContext;

const suite = browserSuite();

beforeAll(async () => {
  server = suite.server;
  context = suite.track(await signedInContext(suite.browser, server, "admin"));
});

describe("live preview", () => {
  it("pathological text: the tab keeps answering, the preview says it is too complex, then renders again", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Preview outage", severity: "SEV2" })).json as { number: number };
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`/incidents/${inc.number}/postmortem`);

    const summary = page.getByRole("textbox", { name: "Summary", exact: true });
    const summaryPreview = page.getByLabel("Summary preview");
    await summary.fill("Checkout **failed** <b>raw</b>");
    await summaryPreview.locator("strong", { hasText: "failed" }).waitFor();
    // Raw HTML shows as text, as the export carries it.
    await summaryPreview.getByText("<b>raw</b>").waitFor();

    for (const text of [">".repeat(50_000), "*_`[".repeat(12_500)]) {
      await summary.fill(`Before ${text.slice(0, 1)}`);
      await summaryPreview.getByText(`Before ${text.slice(0, 1)}`).waitFor();
      await summary.fill(text);
      // The page's own thread answers while the worker is still busy with that text.
      const meanwhile = await page.evaluate(() => document.querySelector('[aria-label="Summary preview"]')?.textContent ?? "");
      expect(meanwhile).not.toMatch(/too complex/i);
      // Another field takes typing and keeps its value at once.
      const rootCause = page.getByRole("textbox", { name: "Root cause", exact: true });
      await rootCause.fill(`typed while the preview was busy ${text.length}`);
      expect(await rootCause.inputValue()).toBe(`typed while the preview was busy ${text.length}`);
      await summaryPreview.getByText(/preview unavailable: too complex/i).waitFor();
      // The queued preview of the other field runs in a fresh worker.
      await page.getByLabel("Root cause preview").getByText(`typed while the preview was busy ${text.length}`).waitFor();
    }

    await summary.fill("Back to *normal*");
    await summaryPreview.locator("em", { hasText: "normal" }).waitFor();
    expect(errors).toEqual([]);
  });
});
