import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { noTransactionOpen } from "../support/open-transactions";
import { LOCAL_ACTOR, type Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createIncident, getIncidentById } from "@/lib/incidents/service";
import { createTimelineEvent } from "@/lib/timeline/service";
import { exportIncidentMarkdown, getPostmortem, importMarkdownPostmortem, updatePostmortem } from "@/lib/postmortem/service";
import { getActionItemDigest } from "@/lib/action-items/digest";
import { sectionNodes } from "@/lib/postmortem/markdown/sections";
import { SECTION_KEYS } from "@/lib/postmortem/document";
import { loadKeyEntries } from "@/lib/postmortem/load-document";
import { MARKDOWN_QUEUE } from "@/lib/workers/limits";
import { markdownPool } from "@/lib/workers/pool";

// Markdown work (import, the save check, export, digest) runs in the worker
// pool: while a pathological document is processed, the request thread and
// the database stay free, and the job ends in a 422 naming its input.
// Ordering is proved, never milliseconds.

useTempDatabase();
const actor = LOCAL_ACTOR;
const viewer: Actor = { id: "viewer-1", name: "Viewer", role: "viewer", kind: "user" };
// remark takes many seconds on these (quadratic work, then a stack overflow).
const DEEP = ">".repeat(50_000);

const ENV = ["DEBRIEF_MARKDOWN_SAVE_LIMIT_MS", "DEBRIEF_MARKDOWN_EXPORT_LIMIT_MS", "DEBRIEF_MARKDOWN_IMPORT_LIMIT_MS"] as const;
afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

async function newIncident(title = "Checkout down on March 3, 2026") {
  return createIncident({ input: { title, severity: "SEV1", summary: "Checkout failed.", startedAt: "2026-03-03T09:12:00Z" }, actor });
}

async function untilWorkerBusy(): Promise<void> {
  while (markdownPool().stats().running === 0) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Start `job`, wait until its Markdown is in a worker, then write a timeline
 * entry and read an incident: both must finish before the job does, and the
 * database write lock must be free while the worker computes.
 */
async function whileInFlight(job: () => Promise<unknown>) {
  const order: string[] = [];
  const outcome = job().then(
    (value) => (order.push("markdown job"), { value, error: null }),
    (error: unknown) => (order.push("markdown job"), { value: null, error }),
  );
  await untilWorkerBusy();
  expect(await noTransactionOpen(), "no write transaction is open while the worker computes").toBe(true);
  const other = await newIncident("Another incident");
  await createTimelineEvent({ incidentId: other.id, input: { body: "written while Markdown is processed" }, actor });
  order.push("timeline write");
  await getIncidentById({ id: other.id, actor });
  order.push("read");
  const result = await outcome;
  expect(order).toEqual(["timeline write", "read", "markdown job"]);
  return result;
}

describe("Markdown work runs off the request thread", () => {
  it("a pathological save: the timeline write commits first, then the save is a 422 naming the section", async () => {
    process.env.DEBRIEF_MARKDOWN_SAVE_LIMIT_MS = "1500";
    const inc = await newIncident();
    await getPostmortem({ incidentId: inc.id, actor });
    const { error } = await whileInFlight(() =>
      updatePostmortem({ incidentId: inc.id, input: { version: 1, sections: { summary: "fine", wentWrong: DEEP } }, actor }),
    );
    expect(error).toMatchObject({ code: "validation_failed", issues: [{ path: "sections.wentWrong" }] });
    expect(String((error as Error).message)).toMatch(/^sections\.wentWrong is too complex to process as Markdown/);
    expect((await getPostmortem({ incidentId: inc.id, actor })).version).toBe(1);
  });

  it("a pathological import: the timeline write commits first, then a 422 naming the body, nothing written", async () => {
    process.env.DEBRIEF_MARKDOWN_IMPORT_LIMIT_MS = "1500";
    const db = await getDb();
    const before = await db.incident.count();
    const { error } = await whileInFlight(() => importMarkdownPostmortem({ text: `# Quotes\n\n${">".repeat(100_000)}\n`, actor }));
    expect(error).toMatchObject({ code: "validation_failed", issues: [{ path: "(body)" }] });
    // Only the incident written meanwhile.
    expect(await db.incident.count()).toBe(before + 1);
  });

  it("a stored postmortem too heavy to export: a viewer's export ends in a 422, the timeline write commits first", async () => {
    process.env.DEBRIEF_MARKDOWN_EXPORT_LIMIT_MS = "1500";
    process.env.DEBRIEF_MARKDOWN_SAVE_LIMIT_MS = "750";
    const inc = await newIncident();
    const pm = await getPostmortem({ incidentId: inc.id, actor });
    // Saved before saves were checked as a whole: written straight to the database.
    const db = await getDb();
    await db.postmortem.update({ where: { id: pm.id }, data: Object.fromEntries(SECTION_KEYS.map((k) => [k, `${"*_`[".repeat(12_000)}`])) });
    const { error } = await whileInFlight(() => exportIncidentMarkdown({ incidentId: inc.id, actor: viewer }));
    expect(error).toMatchObject({ code: "validation_failed", issues: [{ path: "postmortem" }] });
    expect(String((error as Error).message)).toMatch(/^This postmortem is too complex to process as Markdown \(over 1\.5 s\)/);
  });

  it("the digest renders in the pool too", async () => {
    const md = await getActionItemDigest({ query: { now: "2030-01-03T12:00:00Z" }, actor, baseUrl: "https://debrief.example" });
    expect(md).toMatch(/^# Action items digest — 2030-01-03/);
  });

  it("bounds the queue: past the waiting room a job is refused at once with 503, past one client's share with 429", async () => {
    const pool = markdownPool();
    const { threads } = pool.stats();
    const doc = (await import("../fixtures/postmortem/golden-document")).goldenDocument;
    const job = (owner: string) => pool.run("exportMarkdown", { doc, options: { template: "cloudflare", frontMatter: true } }, { limitMs: 10_000, owner });
    // One owner: its fifth job at once is refused, the others run.
    const mine = Array.from({ length: MARKDOWN_QUEUE.perOwner + 1 }, () => job("one client").then(() => "ok", (e: unknown) => e));
    const results = await Promise.all(mine);
    expect(results.filter((r) => r === "ok")).toHaveLength(MARKDOWN_QUEUE.perOwner);
    expect(results.at(-1)).toMatchObject({ code: "rate_limited", status: 429 });
    // Many owners: every worker busy and the waiting room full, the next is refused without waiting.
    const flood = Array.from({ length: threads + MARKDOWN_QUEUE.maxWaiting + 1 }, (_, i) => job(`client ${i}`).then(() => "ok", (e: unknown) => e));
    const flooded = await Promise.all(flood);
    expect(flooded.filter((r) => r === "ok")).toHaveLength(threads + MARKDOWN_QUEUE.maxWaiting);
    expect(flooded.at(-1)).toMatchObject({ code: "busy", status: 503, message: expect.stringMatching(/busy with other Markdown work/) });
    expect(pool.stats()).toMatchObject({ running: 0, waiting: 0 });
  });
});

/** The median time remark takes for a section, measured here, to size a limit from (not asserted). */
function renderCost(text: string): number {
  sectionNodes(text);
  const runs = [0, 1, 2].map(() => {
    const start = performance.now();
    sectionNodes(text);
    return performance.now() - start;
  });
  return runs.sort((a, b) => a - b)[1] ?? 0;
}

describe("a postmortem that saved can always be exported", () => {
  it("refuses ten sections each light enough alone but too heavy together, naming them; everything that saved exports", async () => {
    // A section that takes remark a noticeable moment (sized on this machine).
    let section = "*_`[".repeat(250);
    while (renderCost(section) < 60 && section.length < 40_000) section += section;
    const cost = renderCost(section);
    // The save check renders the sections once and the export in two
    // templates (three times in all): one section needs about 3× its cost,
    // ten need 30×. A limit of 12× lets one through with room (a fresh
    // worker on a busy machine can be 3× slower than this warm measure) and
    // not ten.
    const limit = Math.max(300, Math.round(12 * cost));
    process.env.DEBRIEF_MARKDOWN_SAVE_LIMIT_MS = String(limit);
    // Asked for no more time than the save check had: the floor (twice the
    // save limit) is what has to carry every export of what saved.
    process.env.DEBRIEF_MARKDOWN_EXPORT_LIMIT_MS = String(limit);

    const inc = await newIncident();
    let version = (await getPostmortem({ incidentId: inc.id, actor })).version;
    const heavy = (n: number) => Object.fromEntries(SECTION_KEYS.map((k, i) => [k, i < n ? `${section}\n\n${k}` : ""]));

    const one = await updatePostmortem({ incidentId: inc.id, input: { version, sections: heavy(1) }, actor });
    version = one.version;
    const refusal: unknown = await updatePostmortem({ incidentId: inc.id, input: { version, sections: heavy(10) }, actor }).catch((e: unknown) => e);
    if (!(refusal instanceof AppError)) throw new Error(`ten heavy sections were saved: ${JSON.stringify(refusal).slice(0, 200)}`);
    expect(refusal.status).toBe(422);
    expect(refusal.message).toMatch(/too complex to process as Markdown \(over [\d.]+ s together\)/);
    const named = refusal.issues.map((i) => i.path);
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const path of named) expect(SECTION_KEYS.map((k) => `sections.${k}`)).toContain(path);
    expect((await getPostmortem({ incidentId: inc.id, actor })).version).toBe(version);

    // Whatever a save accepts exports in every template within the export's limit.
    const outcomes: string[] = [];
    for (const n of [2, 3, 5, 10, 1]) {
      try {
        version = (await updatePostmortem({ incidentId: inc.id, input: { version, sections: heavy(n) }, actor })).version;
        outcomes.push("saved");
      } catch (err) {
        expect(err).toMatchObject({ code: "validation_failed" });
        outcomes.push("refused");
      }
      for (const template of ["cloudflare", "sre"]) {
        const exported = await exportIncidentMarkdown({ incidentId: inc.id, query: { template }, actor: viewer });
        expect(exported.markdown).toMatch(/^summary$/m);
      }
    }
    expect(outcomes).toContain("saved");
    expect(outcomes).toContain("refused");
  }, 120_000);
});

describe("reading a long timeline for the export", () => {
  it("reads key entries in pages, in the same order as one query would (equal times included)", async () => {
    const inc = await newIncident();
    const db = await getDb();
    const base = Date.UTC(2026, 2, 3, 9, 0);
    await db.timelineEvent.createMany({
      data: Array.from({ length: 2_600 }, (_, i) => ({
        id: randomUUID(),
        incidentId: inc.id,
        // Runs of equal times across page boundaries; every third entry not key (left out).
        occurredAt: new Date(base + Math.floor(i / 7) * 60_000),
        recordedAt: new Date(base + (i % 5) * 1000),
        authorId: actor.id,
        authorName: actor.name,
        body: `entry ${i}`,
        key: i % 3 !== 0,
        milestone: i === 0 ? "impact_start" : null,
      })),
    });
    const where = { incidentId: inc.id, deletedAt: null, OR: [{ key: true }, { milestone: { not: null } }] };
    const expected = await db.timelineEvent.findMany({ where, orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }, { id: "asc" }] });
    const paged = await loadKeyEntries(db, inc.id);
    expect(expected.length).toBeGreaterThan(1_700);
    expect(paged.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });
});
