import { describe, expect, it, onTestFinished } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { useTempDatabase } from "../support/db";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createIncident, getIncidentById } from "@/lib/incidents/service";
import { createTimelineEvent, deleteTimelineEvent } from "@/lib/timeline/service";
import {
  exportIncidentMarkdown,
  getPostmortem,
  importMarkdownPostmortem,
  previewMarkdownImport,
  setPostmortemStatus,
  updatePostmortem,
} from "@/lib/postmortem/service";
import { saveImportedDocument } from "@/lib/postmortem/save-import";
import { markdownPool } from "@/lib/workers/pool";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "@/lib/postmortem/markdown/import";
import { postmortemDocument } from "../fixtures/postmortem/arbitraries";

useTempDatabase();
const actor = LOCAL_ACTOR;
const example = readFileSync(path.resolve(__dirname, "../fixtures/postmortem/cloudflare-example.md"), "utf8");

async function newIncident(title = "Checkout down on March 3, 2026") {
  return createIncident({ input: { title, severity: "SEV1", summary: "Checkout failed.", startedAt: "2026-03-03T09:12:00Z" }, actor });
}

async function countRows() {
  const db = await getDb();
  return {
    incidents: await db.incident.count(),
    events: await db.timelineEvent.count(),
    postmortems: await db.postmortem.count(),
    actionItems: await db.actionItem.count(),
  };
}

describe("postmortem service", () => {
  it("creates an empty postmortem on first read, starting from the incident's summary", async () => {
    const inc = await newIncident();
    const pm = await getPostmortem({ incidentId: inc.id, actor });
    expect(pm.version).toBe(1);
    expect(pm.sections.summary).toBe("Checkout failed.");
    expect(pm.postmortemStatus).toBe("draft");
    const again = await getPostmortem({ incidentId: inc.id, actor });
    expect(again.id).toBe(pm.id);
  });

  it("saves with version and answers a stale save with a conflict carrying the current postmortem", async () => {
    const inc = await newIncident();
    const pm = await getPostmortem({ incidentId: inc.id, actor });
    const saved = await updatePostmortem({
      incidentId: inc.id,
      input: {
        version: pm.version,
        sections: { rootCause: "A **chain** without its intermediate." },
        impactedServices: [{ service: "Checkout API", impact: "38% errors" }],
        contributingFactors: [{ title: "No validation.", description: "Parsed only.", category: "process" }],
      },
      actor,
    });
    expect(saved.version).toBe(2);
    expect(saved.impactedServices).toMatchObject([{ service: "Checkout API", impact: "38% errors" }]);
    const stale = updatePostmortem({ incidentId: inc.id, input: { version: 1, sections: { rootCause: "lost" } }, actor });
    await expect(stale).rejects.toMatchObject({ code: "conflict", details: { current: { version: 2 } } });
    const factorId = saved.contributingFactors[0]?.id;
    const next = await updatePostmortem({
      incidentId: inc.id,
      input: { version: 2, contributingFactors: [{ title: "No chain validation.", category: "technical" }, { title: "No canary." }] },
      actor,
    });
    expect(next.contributingFactors[0]?.id).toBe(factorId);
    expect(next.contributingFactors.map((f) => f.title)).toEqual(["No chain validation.", "No canary."]);
    const unchanged = await updatePostmortem({ incidentId: inc.id, input: { version: 3, sections: { rootCause: "A **chain** without its intermediate." } }, actor });
    expect(unchanged.version).toBe(3);
    const db = await getDb();
    expect(await db.auditLog.count({ where: { incidentId: inc.id, entity: "postmortem", action: "update" } })).toBe(2);
  });

  it("enforces explicit limits and names the field", async () => {
    const inc = await newIncident();
    const long = "x".repeat(100_001);
    await expect(updatePostmortem({ incidentId: inc.id, input: { version: 1, sections: { impact: long } }, actor })).rejects.toMatchObject({
      code: "validation_failed",
      issues: [{ path: "sections.impact" }],
    });
    const services = Array.from({ length: 101 }, (_, i) => ({ service: `S${i}` }));
    await expect(updatePostmortem({ incidentId: inc.id, input: { version: 1, impactedServices: services }, actor })).rejects.toMatchObject({
      issues: [{ path: "impactedServices" }],
    });
    await expect(
      updatePostmortem({ incidentId: inc.id, input: { version: 1, contributingFactors: [{ title: "x", category: "weather" }] }, actor }),
    ).rejects.toMatchObject({ issues: [{ path: "contributingFactors.0.category" }] });
    await expect(
      updatePostmortem({ incidentId: inc.id, input: { version: 1, extraSections: [{ title: "Timeline", body: "" }] }, actor }),
    ).rejects.toMatchObject({ issues: [{ path: "extraSections.0.title" }] });
  });

  it("moves the status one step at a time: draft → in review → published and back", async () => {
    const inc = await newIncident();
    await expect(setPostmortemStatus({ incidentId: inc.id, input: { status: "published" }, actor })).rejects.toMatchObject({ code: "conflict" });
    expect((await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor })).postmortemStatus).toBe("in_review");
    expect((await setPostmortemStatus({ incidentId: inc.id, input: { status: "published" }, actor })).postmortemStatus).toBe("published");
    expect((await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor })).postmortemStatus).toBe("in_review");
    await expect(setPostmortemStatus({ incidentId: inc.id, input: { status: "complete" }, actor })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});

describe("pathological Markdown", () => {
  it("is refused with a 422 naming the input, not a 500 or a stalled server", async () => {
    // Short limits keep the test quick; the defaults are seconds longer.
    process.env.DEBRIEF_MARKDOWN_SAVE_LIMIT_MS = process.env.DEBRIEF_MARKDOWN_IMPORT_LIMIT_MS = "2000";
    onTestFinished(() => {
      delete process.env.DEBRIEF_MARKDOWN_SAVE_LIMIT_MS;
      delete process.env.DEBRIEF_MARKDOWN_IMPORT_LIMIT_MS;
    });
    const inc = await newIncident();
    const deep = `${">".repeat(20_000)} x`;
    await expect(updatePostmortem({ incidentId: inc.id, input: { version: 1, sections: { wentWrong: deep } }, actor })).rejects.toMatchObject({
      code: "validation_failed",
      issues: [{ path: "sections.wentWrong" }],
    });
    const before = await countRows();
    await expect(importMarkdownPostmortem({ text: `# T\n\n${deep}\n`, actor })).rejects.toMatchObject({ code: "validation_failed", issues: [{ path: "(body)" }] });
    expect(await countRows()).toEqual(before);
  });

  it("ends quadratic work at the time limit, and the next job gets a fresh worker", async () => {
    const outcome = await markdownPool().run("importMarkdown", { text: `# T\n\n${"*a".repeat(40_000)}` }, { limitMs: 200 });
    expect(outcome).toMatchObject({ ok: false, failure: "timeout", limitMs: 200 });
    const next = await markdownPool().run("importMarkdown", { text: "# Next\n\nfine" }, { limitMs: 10_000 });
    expect(next.ok && next.value.incident.title).toBe("Next");
  });
});

describe("Markdown export from the database", () => {
  it("lists key entries (starred and milestones) with spans and milestone labels; deleted ones are left out", async () => {
    const inc = await newIncident();
    const add = (input: Record<string, unknown>) => createTimelineEvent({ incidentId: inc.id, input, actor });
    await add({ body: "not key", occurredAt: "2026-03-03T09:00:00Z" });
    await add({ body: "First 503s", milestone: "impact_start", occurredAt: "2026-03-03T09:12:00Z" });
    await add({ body: "Rolled back", key: true, statusLabel: "Investigation.", occurredAt: "2026-03-03T09:20:00Z", endedAt: "2026-03-03T09:44:00Z" });
    const gone = await add({ body: "deleted", key: true, occurredAt: "2026-03-03T09:30:00Z" });
    await deleteTimelineEvent({ incidentId: inc.id, eventId: gone.event.id, actor });
    const { markdown, filename } = await exportIncidentMarkdown({ incidentId: inc.id, query: { frontMatter: "false" }, actor });
    expect(filename).toBe(`INC-${inc.number}-postmortem.md`);
    expect(markdown).toContain("| 09:12 | Impact starts. | First 503s |\n| 09:20-09:44 | Investigation. | Rolled back |");
    expect(markdown).not.toContain("not key");
    expect(markdown).not.toContain("deleted");
    await expect(exportIncidentMarkdown({ incidentId: inc.id, query: { template: "word" }, actor })).rejects.toMatchObject({
      issues: [{ path: "template" }],
    });
  });
});

describe("Markdown import into the database", () => {
  it("imports the Cloudflare-style example with its timeline, services, factors and action items", async () => {
    const inc = await importMarkdownPostmortem({ text: example, actor });
    expect(inc).toMatchObject({ title: "Checkout outage on March 3, 2026", severity: "SEV1", postmortemStatus: "published", number: 7 });
    expect(inc.startedAt?.toISOString()).toBe("2026-03-03T09:12:00.000Z");
    const pm = await getPostmortem({ incidentId: inc.id, actor });
    expect(pm.impactedServices.map((s) => s.service)).toEqual(["Checkout API", "Mobile app", "Partner webhooks"]);
    expect(pm.impactedServices[1]?.impact).toBe("Payment sheet showed a generic error.\n\nSaved carts were not lost.");
    expect(pm.contributingFactors).toHaveLength(3);
    expect(pm.sections.trigger).toMatch(/^The rotation job fetched/);
    const db = await getDb();
    const events = await db.timelineEvent.findMany({ where: { incidentId: inc.id }, orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }] });
    expect(events.map((e) => e.occurredAt.toISOString().slice(11, 16))).toEqual(["09:05", "09:12", "09:18", "09:20", "09:48", "11:40"]);
    expect(events[3]?.endedAt?.toISOString()).toBe("2026-03-03T09:44:00.000Z");
    expect(events[1]?.milestone).toBe("impact_start");
    expect(await db.actionItem.count({ where: { incidentId: inc.id } })).toBe(4);

    // export → import → export: identical bytes (the second import gets a new number, so compare without front matter too)
    const first = await exportIncidentMarkdown({ incidentId: inc.id, actor });
    const again = await importMarkdownPostmortem({ text: first.markdown, actor });
    const second = await exportIncidentMarkdown({ incidentId: again.id, query: { frontMatter: "false" }, actor });
    const firstPlain = await exportIncidentMarkdown({ incidentId: inc.id, query: { frontMatter: "false" }, actor });
    expect(second.markdown).toBe(firstPlain.markdown);
    expect(first.markdown).toContain(`incident: INC-7`);
  });

  it("refuses unreadable input with a 4xx and writes nothing", async () => {
    const before = await countRows();
    await expect(importMarkdownPostmortem({ text: "just a paragraph, no title", actor })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(importMarkdownPostmortem({ text: "# T\n\n## Timeline\n\n- 10:00 - x\n", actor })).rejects.toMatchObject({
      issues: [{ path: "date" }],
    });
    await expect(importMarkdownPostmortem({ text: "---\nseverity: [\n---\n# T\n", actor })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await countRows()).toEqual(before);
  });

  it("rolls the whole import back when any write fails", async () => {
    const before = await countRows();
    const db = await getDb();
    const doc = importPostmortemMarkdown(example);
    await expect(
      db.$transaction(async (tx) => {
        await saveImportedDocument(tx, doc, actor);
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await countRows()).toEqual(before);
  });

  it("round-trips generated hostile incidents through the database byte for byte", async () => {
    let number = 100_000;
    await fc.assert(
      fc.asyncProperty(postmortemDocument, fc.constantFrom("cloudflare" as const, "sre" as const), async (generated, template) => {
        // What a stored incident always has: a number and a start.
        const doc = { ...generated, incident: { ...generated.incident, key: `INC-${number++}`, startedAt: generated.incident.startedAt ?? new Date(Date.UTC(2026, 2, 3, 9, 12)) } };
        const markdown = exportPostmortemMarkdown(doc, { template, frontMatter: true });
        const inc = await importMarkdownPostmortem({ text: markdown, actor });
        const exported = await exportIncidentMarkdown({ incidentId: inc.id, query: { template }, actor });
        expect(exported.markdown).toBe(markdown);
        expect((await getIncidentById({ id: inc.id, actor })).key).toBe(doc.incident.key);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("previews an import without writing anything", async () => {
    const before = await countRows();
    const preview = await previewMarkdownImport({ text: example, actor });
    expect(preview.incident).toMatchObject({ title: "Checkout outage on March 3, 2026", severity: "SEV1", severitySource: "frontMatter" });
    expect(preview.timeline[0]).toMatchObject({ written: "09:05", occurredAt: "2026-03-03T09:05:00.000Z", zone: "UTC" });
    expect(preview.followUpsTotal).toBe(4);
    expect(await countRows()).toEqual(before);
  });

  it("leaves the impact start and end unknown when the document has no timeline", async () => {
    const inc = await importMarkdownPostmortem({ text: "# Lessons from a quiet week\n\nNothing was timed.\n", actor });
    expect(inc.startedAt).toBeNull();
    expect(inc.resolvedAt).toBeNull();
    expect((await getIncidentById({ id: inc.id, actor })).startedAt).toBeNull();
  });

  it("stores an imported postmortem's layout, follow-up due dates and milestones, and exports it as its author wrote it", async () => {
    const text = readFileSync(path.resolve(__dirname, "../fixtures/postmortems/real/cloudflare-2025-11-18.md"), "utf8");
    const inc = await importMarkdownPostmortem({ text, actor });
    const exported = await exportIncidentMarkdown({ incidentId: inc.id, query: { template: "cloudflare" }, actor });
    const expected = exportPostmortemMarkdown({ ...importPostmortemMarkdown(text), incident: { ...importPostmortemMarkdown(text).incident, key: `INC-${inc.number}` } }, { template: "cloudflare", frontMatter: true });
    // Key times are derived on save (the front matter written back carries them).
    expect(exported.markdown.replace(/^---[\s\S]*?---\n/, "")).toBe(expected.replace(/^---[\s\S]*?---\n/, ""));
    expect(inc.startedAt?.toISOString()).toBe("2025-11-18T11:28:00.000Z");
    expect(inc.mitigatedAt?.toISOString()).toBe("2025-11-18T14:30:00.000Z");
    expect(inc.resolvedAt?.toISOString()).toBe("2025-11-18T17:06:00.000Z");
    const withDue = await importMarkdownPostmortem({ text: "# Outage on 2026-03-03\n\n## Action items\n\n- [ ] Add alerts (owner: Dana; due 2026-04-01)\n", actor });
    const db = await getDb();
    const item = await db.actionItem.findFirstOrThrow({ where: { incidentId: withDue.id } });
    expect([item.title, item.owner, item.dueDate?.toISOString()]).toEqual(["Add alerts", "Dana", "2026-04-01T00:00:00.000Z"]);
  });

  it("lets an imported postmortem keep extra sections named like built-in ones; refuses them in one written here", async () => {
    const text = "# Outage on 2026-03-03\n\n## Timeline\n\nAll times UTC, from the pager.\n\n- 10:00 - a\n\n## Summary\n\nShort.\n\n## Summary\n\nA second summary.\n";
    const imported = await importMarkdownPostmortem({ text, actor });
    const pm = await getPostmortem({ incidentId: imported.id, actor });
    expect(pm.extraSections.map((e) => e.title)).toEqual(["Summary"]);
    const saved = await updatePostmortem({ incidentId: imported.id, input: { version: pm.version, extraSections: [{ title: "Summary", body: "Edited." }] }, actor });
    expect(saved.extraSections).toEqual([{ title: "Summary", body: "Edited." }]);
    const native = await createIncident({ input: { title: "Native", severity: "SEV3" }, actor });
    const fresh = await getPostmortem({ incidentId: native.id, actor });
    await expect(updatePostmortem({ incidentId: native.id, input: { version: fresh.version, extraSections: [{ title: "Summary", body: "x" }] }, actor })).rejects.toMatchObject({
      issues: [{ path: "extraSections.0.title" }],
    });
  });
});
