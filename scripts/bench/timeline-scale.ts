// The incident page at scale, in Chromium (1440×900) against the production
// server: an incident of 10 entries beside one of 10,000 in the same run —
// the page's HTML size, its DOM element count once live, the time from
// opening it to live, and Enter → your entry visible on screen (in the
// viewport and not under the entry box) — then 200 live viewers of one
// incident (SSE clients in Node, 20 streams per service key): a POST →
// every viewer has the frame.
//
//   npm run bench                                                     (with the others)
//   npx tsx --tsconfig tsconfig.server.json scripts/bench/timeline-scale.ts   (alone; needs `next build`)
import { randomUUID } from "node:crypto";
import http from "node:http";
import { rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { SYSTEM_ACTOR } from "../../lib/auth/actor";
import { createApiKey } from "../../lib/auth/api-keys";
import { closeDb } from "../../lib/db/client";
import { createTempDatabase } from "../../test/support/temp-db";
import { startTestServer, type TestServer } from "../../test/support/server";
import { launchBrowser, signedInContext } from "../../test/support/browser";
import { seedTimeline, type SeededIncident } from "../../test/support/seed-timeline";
import { fmt, fmtInt, heading, summarize } from "./stats";
import { runStandalone } from "./standalone";

const SIZES = [10, 10_000];
const ENTER_SAMPLES = 50;
/** Stop sampling one incident after this long (a slow build would otherwise take many minutes). */
const ENTER_BUDGET_MS = 90_000;
const VISIBLE_TIMEOUT_MS = 8_000;
const VIEWERS = 200;
const STREAMS_PER_KEY = 20;
const VIEWER_POSTS = 20;

type PageFigures = {
  entries: number;
  htmlBytes: number;
  domElements: number;
  loadMs: number;
  visible: number[];
  /** Enter → the row is in the DOM (on screen or not). */
  rendered: number[];
  neverVisible: number;
};

// In the page: from the Enter key press to the first frame where the entry
// with the token is on screen and uncovered (elementFromPoint lands in it).
// Plain source text: the bundler's helpers would not exist in the page.
const PROBE = `(({ token, timeoutMs }) => {
  window.__probe = new Promise((resolve) => {
    let t0 = 0;
    let rendered = null;
    function onScreen(li) {
      const target = li.querySelector(".entry-body") || li;
      const r = target.getBoundingClientRect();
      if (r.height === 0 || r.bottom <= 0 || r.top >= window.innerHeight) return false;
      const x = Math.min(window.innerWidth - 1, Math.max(0, r.left + 8));
      const y = Math.min(window.innerHeight - 1, Math.max(0, r.top + Math.min(r.height, 20) / 2));
      const hit = document.elementFromPoint(x, y);
      return hit !== null && li.contains(hit);
    }
    function tick() {
      const rows = document.querySelectorAll("li[data-entry-id]");
      for (let i = rows.length - 1; i >= 0; i--) {
        const li = rows[i];
        if ((li.textContent || "").includes(token)) {
          if (rendered === null) rendered = performance.now() - t0;
          if (onScreen(li)) return resolve({ rendered, visible: performance.now() - t0 });
          break;
        }
      }
      if (performance.now() - t0 > timeoutMs) return resolve({ rendered, visible: null });
      requestAnimationFrame(tick);
    }
    function onKey(e) {
      if (e.key !== "Enter" || t0) return;
      t0 = performance.now();
      document.removeEventListener("keydown", onKey, true);
      requestAnimationFrame(tick);
    }
    document.addEventListener("keydown", onKey, true);
  });
})`;

async function armVisibilityProbe(page: Page, token: string): Promise<void> {
  await page.evaluate(`${PROBE}(${JSON.stringify({ token, timeoutMs: VISIBLE_TIMEOUT_MS })})`);
}

async function measurePage(browser: Browser, server: TestServer, incident: SeededIncident, entries: number): Promise<PageFigures> {
  const context = await signedInContext(browser, server, "responder");
  try {
    const html = await context.request.get(`${server.url}/incidents/${incident.number}`);
    const htmlBytes = (await html.body()).byteLength;
    const page = await context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    page.setDefaultTimeout(120_000);
    const t0 = performance.now();
    await page.goto(`/incidents/${incident.number}`, { timeout: 120_000 });
    await page.locator('[data-connection="live"]').waitFor({ timeout: 120_000 });
    const loadMs = performance.now() - t0;
    const domElements = await page.evaluate(() => document.getElementsByTagName("*").length);

    const box = page.getByRole("textbox", { name: "New timeline entry" });
    const visible: number[] = [];
    const rendered: number[] = [];
    let neverVisible = 0;
    const started = performance.now();
    // Two unmeasured posts first (the first render of a new row warms the page's code paths).
    for (let i = 0; i < ENTER_SAMPLES + 2 && performance.now() - started < ENTER_BUDGET_MS; i++) {
      const token = `bench-${randomUUID().slice(0, 8)}`;
      await box.fill(`Enter latency probe ${token}`);
      await armVisibilityProbe(page, token);
      await box.press("Enter");
      const probe = await page.evaluate<{ rendered: number | null; visible: number | null }>("window.__probe");
      if (i < 2) continue;
      if (probe.rendered !== null) rendered.push(probe.rendered);
      if (probe.visible === null) neverVisible++;
      else visible.push(probe.visible);
      // Let the server's answer land before the next one, as a person typing would.
      await page.locator('li[data-entry-id][data-state="saved"]', { hasText: token }).waitFor({ state: "attached", timeout: 30_000 }).catch(() => {});
    }
    await page.close();
    return { entries, htmlBytes, domElements, loadMs, visible, rendered, neverVisible };
  } finally {
    await context.close();
  }
}

/** One SSE viewer over node:http; `onData` sees each chunk as it arrives. */
function openViewer(url: string, key: string, onData: (text: string) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`viewer stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      res.on("data", onData);
      resolve(req);
    });
    req.on("error", (err) => reject(err));
  });
}

async function measureViewers(server: TestServer, incidentId: string, viewerKeys: string[]): Promise<{ samples: number[]; missed: number }> {
  const waiting = new Map<string, { t0: number; left: number; done: () => void }>();
  const samples: number[] = [];
  const streams: http.ClientRequest[] = [];
  const seenBy: Set<string>[] = [];
  try {
    for (let v = 0; v < VIEWERS; v++) {
      const seen = new Set<string>();
      seenBy.push(seen);
      const key = viewerKeys[Math.floor(v / STREAMS_PER_KEY)] ?? "";
      streams.push(
        await openViewer(`${server.url}/api/v1/incidents/${incidentId}/events/stream`, key, (text) => {
          for (const [id, w] of waiting) {
            if (seen.has(id) || !text.includes(id)) continue;
            seen.add(id);
            samples.push(performance.now() - w.t0);
            if (--w.left === 0) w.done();
          }
        }),
      );
    }
    let missed = 0;
    for (let i = 0; i < VIEWER_POSTS; i++) {
      const id = randomUUID();
      const all = new Promise<void>((resolve) => waiting.set(id, { t0: performance.now(), left: VIEWERS, done: resolve }));
      const res = await fetch(`${server.url}/api/v1/incidents/${incidentId}/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${server.keys.responder}` },
        body: JSON.stringify({ id, body: `Fan-out probe ${i + 1}` }),
      });
      if (res.status !== 201) throw new Error(`post answered ${res.status}`);
      const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10_000))]);
      if (timedOut) missed += waiting.get(id)?.left ?? 0;
      waiting.delete(id);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { samples, missed };
  } finally {
    for (const s of streams) s.destroy();
  }
}

export async function benchTimelineScale(): Promise<void> {
  heading(`Incident page at scale (Chromium 1440×900; ${SIZES.map((n) => fmtInt(n)).join(" and ")} entries) and ${VIEWERS} live viewers`);
  const { url: databaseUrl, dir } = await createTempDatabase();
  const incidents: SeededIncident[] = [];
  for (const count of SIZES) incidents.push(await seedTimeline(databaseUrl, { count, title: `Bench incident, ${count} entries` }));
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  const viewerKeys: string[] = [];
  try {
    for (let k = 0; k < Math.ceil(VIEWERS / STREAMS_PER_KEY); k++) {
      viewerKeys.push((await createApiKey({ input: { name: `bench viewer ${k + 1}`, role: "viewer", service: true }, actor: SYSTEM_ACTOR })).key);
    }
  } finally {
    await closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
  const server = await startTestServer({ databaseUrl });
  const browser = await launchBrowser();
  try {
    const figures: PageFigures[] = [];
    for (const [i, incident] of incidents.entries()) figures.push(await measurePage(browser, server, incident, SIZES[i] ?? 0));
    for (const f of figures) {
      const s = summarize(f.visible);
      const r = summarize(f.rendered);
      console.log(
        `${fmtInt(f.entries).padStart(6)} entries: HTML ${fmt(f.htmlBytes / 1024, 0).padStart(6)} KB   DOM ${fmtInt(f.domElements).padStart(7)} elements   open → live ${fmtInt(f.loadMs).padStart(6)} ms   ` +
          `Enter → visible p50 ${fmt(s.p50)} ms  p95 ${fmt(s.p95)} ms  (n ${s.n}${f.neverVisible ? `, ${f.neverVisible} not on screen within ${VISIBLE_TIMEOUT_MS / 1000} s` : ""})   ` +
          `Enter → in the DOM p50 ${fmt(r.p50)} ms  p95 ${fmt(r.p95)} ms`,
      );
    }
    const [small, big] = figures.map((f) => summarize(f.visible).p95);
    if (small !== undefined && big !== undefined) console.log(`Enter → visible p95 at ${fmtInt(SIZES[1] ?? 0)} / at ${SIZES[0]}: ${fmt(big / small, 2)}×`);
    const target = incidents.at(-1);
    if (target) {
      const { samples, missed } = await measureViewers(server, target.id, viewerKeys);
      const s = summarize(samples);
      console.log(
        `${VIEWERS} live viewers, ${VIEWER_POSTS} posts: post → every viewer p50 ${fmt(s.p50)} ms  p95 ${fmt(s.p95)} ms  max ${fmt(s.max)} ms  (${fmtInt(s.n)} deliveries${missed ? `, ${missed} missed` : ""})`,
      );
    }
    console.log("targets: at 10,000 entries HTML ≤ 1 MB and ≤ 10,000 DOM elements; Enter → visible p95 < 100 ms and ≤ 1.5× the figure at 10; 200 viewers p95 < 250 ms");
  } finally {
    await browser.close();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchTimelineScale, { needsBuild: true });
