import { createTempDatabase } from "./test/support/temp-db";
import { startTestServer } from "./test/support/server";
import { launchBrowser, signedInContext } from "./test/support/browser";
import { seedTimeline } from "./test/support/seed-timeline";
async function main() {
  const { url } = await createTempDatabase();
  const inc = await seedTimeline(url, { count: 10000 });
  const server = await startTestServer({ databaseUrl: url });
  const browser = await launchBrowser();
  try {
    const ctx = await signedInContext(browser, server, "responder");
    const page = await ctx.newPage();
    page.on("console", (m) => console.log("console:", m.type(), m.text().slice(0, 300)));
    page.on("pageerror", (e) => console.log("pageerror:", e.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/incidents/${inc.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    await page.waitForTimeout(500);
    console.log(await page.evaluate(`({ dom: document.getElementsByTagName("*").length, rows: document.querySelectorAll("li[data-entry-id]").length, y: window.scrollY, h: document.documentElement.scrollHeight })`));
    await page.screenshot({ path: "/tmp/ts-scratch/after-bottom.png" });
    const box = page.getByRole("textbox", { name: "New timeline entry" });
    await box.fill("hello probe entry"); await box.press("Enter");
    await page.waitForTimeout(500);
    await page.screenshot({ path: "/tmp/ts-scratch/after-post.png" });
    await page.mouse.wheel(0, -3000); await page.waitForTimeout(800);
    await page.mouse.wheel(0, -3000); await page.waitForTimeout(800);
    await page.mouse.wheel(0, -3000); await page.waitForTimeout(800);
    await page.mouse.wheel(0, -3000); await page.waitForTimeout(1500);
    console.log(await page.evaluate(`({ dom: document.getElementsByTagName("*").length, rows: document.querySelectorAll("li[data-entry-id]").length, y: window.scrollY, h: document.documentElement.scrollHeight, first: document.querySelector("li[data-entry-id] .entry-body")?.textContent })`));
    await page.screenshot({ path: "/tmp/ts-scratch/after-scrollup.png" });
  } finally { await browser.close(); await server.dispose(); }
}
main();
