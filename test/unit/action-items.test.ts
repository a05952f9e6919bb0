import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { useTempDatabase } from "../support/db";
import { expectCreatedOnce } from "../support/idempotent";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createIncident, getIncidentById } from "@/lib/incidents/service";
import { createTimelineEvent } from "@/lib/timeline/service";
import { createActionItem, getActionItem, listActionItems, updateActionItem } from "@/lib/action-items/service";
import { bulkUpdateActionItems } from "@/lib/action-items/bulk";
import { getActionItemCounts } from "@/lib/action-items/counts";
import { canCompletePostmortem, setPostmortemComplete } from "@/lib/postmortem/complete";
import { exportActionItemsCsv } from "@/lib/action-items/csv";
import { getActionItemDigest } from "@/lib/action-items/digest";
import { addUtcDays, startOfUtcDay, toDateString } from "@/lib/action-items/dates";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";

useTempDatabase();
const actor = LOCAL_ACTOR;
const day = (offset: number) => toDateString(addUtcDays(startOfUtcDay(new Date()), offset));

async function newIncident(severity = "SEV2", title = "Checkout down") {
  return createIncident({ input: { title, severity }, actor });
}

async function newItem(incidentId: string, input: Record<string, unknown> = {}) {
  const { item } = await createActionItem({ incidentId, input: { title: "Add retry budget", ...input }, actor });
  return item;
}

async function auditRows(entityId: string) {
  const db = await getDb();
  return db.auditLog.findMany({ where: { entityId }, orderBy: { at: "asc" } });
}

async function newFactor(incidentId: string, title = "No retry budget") {
  const db = await getDb();
  const pm = await db.postmortem.upsert({ where: { incidentId }, create: { incidentId }, update: {} });
  return db.contributingFactor.create({ data: { postmortemId: pm.id, position: 0, title } });
}

async function expectInvalid(p: Promise<unknown>, field: string, code = "validation_failed") {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  if (!(err instanceof AppError)) return;
  expect(err.code).toBe(code);
  expect(err.issues.map((i) => i.path).join(",")).toContain(field);
}

describe("creating action items", () => {
  it("stores defaults, normalises the due date to a UTC day and writes an audit row", async () => {
    const inc = await newIncident();
    const item = await newItem(inc.id, { owner: "  Alice ", dueDate: "2030-05-06T23:30:00-02:00", externalUrl: "https://linear.app/x/ENG-1" });
    expect(item).toMatchObject({
      title: "Add retry budget",
      owner: "Alice",
      dueDate: "2030-05-07",
      priority: "medium",
      type: "prevent",
      status: "open",
      closedAt: null,
      version: 1,
      overdue: false,
      incident: { number: inc.number, key: inc.key, severity: "SEV2" },
    });
    expect((await newItem(inc.id, { dueDate: "2030-05-06" })).dueDate).toBe("2030-05-06");
    const audit = await auditRows(item.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: "action_item", action: "create", incidentId: inc.id, actorId: actor.id });
    expect(JSON.parse(audit[0]?.after ?? "{}")).toMatchObject({ title: "Add retry budget", dueDate: "2030-05-07" });
  });

  it("is idempotent on the client-made id", async () => {
    const inc = await newIncident();
    const id = randomUUID();
    await expectCreatedOnce(() => createActionItem({ incidentId: inc.id, input: { id, title: "Once" }, actor }));
    expect((await listActionItems({ query: { incident: inc.id }, actor })).total).toBe(1);
    const other = await newIncident();
    await expectInvalid(createActionItem({ incidentId: other.id, input: { id, title: "Once" }, actor }), "id", "conflict");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["empty title", { title: "  " }, "title"],
    ["long title", { title: "x".repeat(201) }, "title"],
    ["long description", { description: "x".repeat(10_001) }, "description"],
    ["long owner", { owner: "x".repeat(101) }, "owner"],
    ["multi-line owner", { owner: "a\nb" }, "owner"],
    ["multi-line title", { title: "a\nb" }, "title"],
    ["javascript: link", { externalUrl: "javascript:alert(1)" }, "externalUrl"],
    ["ftp link", { externalUrl: "ftp://example.com/x" }, "externalUrl"],
    ["long link", { externalUrl: `https://example.com/${"x".repeat(2000)}` }, "externalUrl"],
    ["bad due date", { dueDate: "next week" }, "dueDate"],
    ["impossible day", { dueDate: "2030-02-30" }, "dueDate"],
    ["due date before 1970", { dueDate: "1960-01-01" }, "dueDate"],
    ["bad priority", { priority: "p0" }, "priority"],
    ["bad type", { type: "fix" }, "type"],
    ["bad status", { status: "closed" }, "status"],
    ["won't do without reason", { status: "wont_do" }, "wontDoReason"],
    ["reason without won't do", { wontDoReason: "because" }, "wontDoReason"],
    ["unknown field", { closedAt: "2030-01-01" }, "closedAt"],
    ["bad factor id", { contributingFactorId: "7" }, "contributingFactorId"],
  ])("refuses %s", async (_name, input, field) => {
    const inc = await newIncident();
    await expectInvalid(createActionItem({ incidentId: inc.id, input: { title: "ok", ...input }, actor }), field);
  });

  it("refuses a viewer and an unknown incident", async () => {
    const viewer: Actor = { ...actor, role: "viewer" };
    const inc = await newIncident();
    await expect(createActionItem({ incidentId: inc.id, input: { title: "x" }, actor: viewer })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createActionItem({ incidentId: randomUUID(), input: { title: "x" }, actor })).rejects.toMatchObject({ code: "not_found" });
  });

  it("links to a timeline entry or contributing factor of the same incident only", async () => {
    const inc = await newIncident();
    const other = await newIncident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "Retries amplified the outage" }, actor });
    const { event: foreign } = await createTimelineEvent({ incidentId: other.id, input: { body: "elsewhere" }, actor });
    const factor = await newFactor(inc.id);
    const foreignFactor = await newFactor(other.id);
    const fromEvent = await newItem(inc.id, { timelineEventId: event.id });
    const fromFactor = await newItem(inc.id, { contributingFactorId: factor.id });
    expect(fromEvent.timelineEventId).toBe(event.id);
    expect(fromFactor).toMatchObject({ contributingFactorId: factor.id, contributingFactorTitle: "No retry budget" });
    await expectInvalid(createActionItem({ incidentId: inc.id, input: { title: "x", timelineEventId: foreign.id }, actor }), "timelineEventId");
    await expectInvalid(createActionItem({ incidentId: inc.id, input: { title: "x", contributingFactorId: foreignFactor.id }, actor }), "contributingFactorId");
    await expectInvalid(updateActionItem({ id: fromEvent.id, input: { version: 1, timelineEventId: foreign.id }, actor }), "timelineEventId");
  });
});

describe("updating action items", () => {
  it("refuses a stale version with 409 and the current item", async () => {
    const inc = await newIncident();
    const item = await newItem(inc.id);
    const v2 = await updateActionItem({ id: item.id, input: { version: 1, owner: "Bob", priority: "high" }, actor });
    expect(v2).toMatchObject({ version: 2, owner: "Bob", priority: "high" });
    const err = await updateActionItem({ id: item.id, input: { version: 1, owner: "Carol" }, actor }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    if (err instanceof AppError) {
      expect(err.code).toBe("conflict");
      expect(err.details).toMatchObject({ current: { owner: "Bob", version: 2 } });
    }
    expect((await getActionItem({ id: item.id, actor })).owner).toBe("Bob");
  });

  it("sets closedAt on close, keeps it across done → won't do, clears it on reopen", async () => {
    const inc = await newIncident();
    const item = await newItem(inc.id);
    const done = await updateActionItem({ id: item.id, input: { version: 1, status: "done" }, actor });
    expect(done.closedAt).toBeInstanceOf(Date);
    await expectInvalid(updateActionItem({ id: item.id, input: { version: 2, status: "wont_do" }, actor }), "wontDoReason");
    const wont = await updateActionItem({ id: item.id, input: { version: 2, status: "wont_do", wontDoReason: "Service retired" }, actor });
    expect(wont).toMatchObject({ status: "wont_do", wontDoReason: "Service retired" });
    expect(wont.closedAt?.getTime()).toBe(done.closedAt?.getTime());
    // The reason stays while the status stays won't do.
    const renamed = await updateActionItem({ id: item.id, input: { version: 3, title: "Renamed" }, actor });
    expect(renamed.wontDoReason).toBe("Service retired");
    const reopened = await updateActionItem({ id: item.id, input: { version: 4, status: "in_progress" }, actor });
    expect(reopened).toMatchObject({ status: "in_progress", closedAt: null, wontDoReason: null });
    await expectInvalid(updateActionItem({ id: item.id, input: { version: 5, wontDoReason: "nope" }, actor }), "wontDoReason");
  });

  it("audits each change as before → after of the changed fields, and skips no-op edits", async () => {
    const inc = await newIncident();
    const item = await newItem(inc.id, { owner: "Alice" });
    await updateActionItem({ id: item.id, input: { version: 1, owner: "Bob", dueDate: "2031-01-02", title: "Add retry budget" }, actor });
    const same = await updateActionItem({ id: item.id, input: { version: 2, owner: "Bob" }, actor });
    expect(same.version).toBe(2);
    const audit = await auditRows(item.id);
    expect(audit.map((a) => a.action)).toEqual(["create", "update"]);
    expect(JSON.parse(audit[1]?.before ?? "")).toEqual({ owner: "Alice", dueDate: null });
    expect(JSON.parse(audit[1]?.after ?? "")).toEqual({ owner: "Bob", dueDate: "2031-01-02" });
  });

  it("clears owner, due date and link with null or an empty string", async () => {
    const inc = await newIncident();
    const item = await newItem(inc.id, { owner: "Alice", dueDate: "2031-01-01", externalUrl: "https://github.com/o/r/issues/1" });
    const cleared = await updateActionItem({ id: item.id, input: { version: 1, owner: "", dueDate: null, externalUrl: null }, actor });
    expect(cleared).toMatchObject({ owner: null, dueDate: null, externalUrl: null });
  });
});

describe("listing action items", () => {
  it("filters by status, owner, overdue, incident, type, severity and text", async () => {
    const a = await newIncident("SEV1", "Payments outage zebra");
    const b = await newIncident("SEV3");
    const late = await newItem(a.id, { title: "Late one", owner: "Alice", dueDate: day(-3), type: "detect" });
    const today = await newItem(a.id, { title: "Due today", owner: "Alice", dueDate: day(0), status: "in_progress" });
    const closedLate = await newItem(a.id, { title: "Closed late", owner: "Bob", dueDate: day(-3), status: "done" });
    const other = await newItem(b.id, { title: "Other incident quokka", owner: "Bob", type: "process", status: "blocked" });
    const ids = (r: { items: Array<{ id: string }> }) => r.items.map((i) => i.id).sort();
    const both = `${a.id}`;
    const list = async (query: Record<string, string>) => listActionItems({ query, actor });
    expect(late.overdue).toBe(true);
    expect(today.overdue).toBe(false);
    expect(ids(await list({ incident: both }))).toEqual([late.id, today.id, closedLate.id].sort());
    expect(ids(await list({ incident: a.key }))).toEqual([late.id, today.id, closedLate.id].sort());
    expect(ids(await list({ incident: String(a.number), overdue: "true" }))).toEqual([late.id]);
    expect(ids(await list({ incident: a.key, overdue: "false" }))).toEqual([today.id, closedLate.id].sort());
    expect(ids(await list({ incident: a.key, status: "open,in_progress" }))).toEqual([late.id, today.id].sort());
    expect(ids(await list({ incident: a.key, owner: "Alice", type: "detect" }))).toEqual([late.id]);
    expect(ids(await list({ severity: "SEV3", owner: "Bob" }))).toEqual([other.id]);
    expect(ids(await list({ q: "quokka" }))).toEqual([other.id]);
    expect(ids(await list({ q: "zebra", status: "done" }))).toEqual([closedLate.id]);
    expect(ids(await list({ q: b.key }))).toEqual([other.id]);
  });

  it("refuses bad list queries, naming the parameter", async () => {
    for (const [query, field] of [
      [{ status: "open,closed" }, "status"],
      [{ overdue: "yes" }, "overdue"],
      [{ incident: "INC-x" }, "incident"],
      [{ sort: "createdById" }, "sort"],
      [{ dir: "up" }, "dir"],
      [{ page: "0" }, "page"],
      [{ pageSize: "201" }, "pageSize"],
      [{ q: "x".repeat(201) }, "q"],
      [{ limit: "5" }, "limit"],
    ] as const) {
      await expectInvalid(listActionItems({ query, actor }), field);
    }
  });

  it("sorts by priority and status in rank order, paging across value boundaries", async () => {
    const inc = await newIncident();
    const priorities = ["low", "medium", "high", "urgent"];
    const statuses = ["open", "in_progress", "blocked", "done"];
    for (let i = 0; i < 23; i++) {
      await newItem(inc.id, {
        title: `item ${i}`,
        priority: priorities[(i * 7) % 4],
        status: statuses[(i * 3) % 4],
        dueDate: i % 5 === 0 ? null : day(i % 9),
      });
    }
    const all = (await listActionItems({ query: { incident: inc.key, pageSize: "200" }, actor })).items;
    const rank = (list: string[], v: string) => list.indexOf(v);
    const due = (d: string | null) => d ?? "9999-99-99";
    for (const [sort, values] of [
      ["priority", priorities],
      ["status", statuses],
    ] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const expected = [...all]
          .sort(
            (x, y) =>
              (dir === "asc" ? 1 : -1) * (rank([...values], x[sort]) - rank([...values], y[sort])) ||
              due(x.dueDate).localeCompare(due(y.dueDate)) ||
              (x.id < y.id ? -1 : 1),
          )
          .map((i) => i.title);
        const pages = [];
        for (let page = 1; page <= 5; page++) {
          const r = await listActionItems({ query: { incident: inc.key, sort, dir, page: String(page), pageSize: "5" }, actor });
          expect(r.total).toBe(23);
          pages.push(...r.items.map((i) => i.title));
        }
        expect(pages, `${sort} ${dir}`).toEqual(expected);
      }
    }
  });

  it("sorts by due date with empty dates last, by age, and pages with a total", async () => {
    const inc = await newIncident();
    await newItem(inc.id, { title: "none" });
    await newItem(inc.id, { title: "later", dueDate: day(10) });
    await newItem(inc.id, { title: "sooner", dueDate: day(2) });
    const asc = await listActionItems({ query: { incident: inc.key, sort: "dueDate", dir: "asc" }, actor });
    expect(asc.items.map((i) => i.title)).toEqual(["sooner", "later", "none"]);
    const desc = await listActionItems({ query: { incident: inc.key, sort: "dueDate", dir: "desc" }, actor });
    expect(desc.items.map((i) => i.title)).toEqual(["later", "sooner", "none"]);
    const age = await listActionItems({ query: { incident: inc.key, sort: "age", dir: "desc" }, actor });
    expect(age.items.map((i) => i.title)).toEqual(["none", "later", "sooner"]);
    const page2 = await listActionItems({ query: { incident: inc.key, sort: "title", pageSize: "2", page: "2" }, actor });
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((i) => i.title)).toEqual(["sooner"]);
  });
});

describe("bulk changes", () => {
  it("changes status and owner of many items in one go, with closedAt and an audit row each", async () => {
    const inc = await newIncident();
    const a = await newItem(inc.id);
    const b = await newItem(inc.id, { status: "done" });
    const c = await newItem(inc.id, { owner: "Zoe" });
    const before = (await getActionItem({ id: b.id, actor })).closedAt;
    const res = await bulkUpdateActionItems({ input: { ids: [a.id, b.id, c.id], status: "done", owner: "Zoe" }, actor });
    expect(res.updated).toBe(3);
    expect(res.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect(res.items.every((i) => i.status === "done" && i.owner === "Zoe" && i.closedAt)).toBe(true);
    expect(res.items[1]?.closedAt?.getTime()).toBe(before?.getTime());
    expect(res.items.map((i) => i.version)).toEqual([2, 2, 2]);
    const audit = await getDb().then((db) => db.auditLog.findMany({ where: { entityId: { in: [a.id, b.id, c.id] }, action: "bulk_update" } }));
    expect(audit).toHaveLength(3);
    // Nothing to change: no new versions or audit rows.
    const again = await bulkUpdateActionItems({ input: { ids: [a.id, b.id], status: "done" }, actor });
    expect(again.updated).toBe(0);
    expect(again.items.map((i) => i.version)).toEqual([2, 2]);
    const reopened = await bulkUpdateActionItems({ input: { ids: [a.id], status: "open" }, actor });
    expect(reopened.items[0]).toMatchObject({ status: "open", closedAt: null });
  });

  it("is all or nothing, and checks its input", async () => {
    const inc = await newIncident();
    const a = await newItem(inc.id);
    const missing = randomUUID();
    await expectInvalid(bulkUpdateActionItems({ input: { ids: [a.id, missing], status: "done" }, actor }), "ids", "not_found");
    expect((await getActionItem({ id: a.id, actor })).status).toBe("open");
    await expectInvalid(bulkUpdateActionItems({ input: { ids: [a.id], status: "wont_do" }, actor }), "wontDoReason");
    await expectInvalid(bulkUpdateActionItems({ input: { ids: [a.id] }, actor }), "status");
    await expectInvalid(bulkUpdateActionItems({ input: { ids: [], status: "done" }, actor }), "ids");
    await expectInvalid(bulkUpdateActionItems({ input: { ids: Array.from({ length: 501 }, () => randomUUID()), status: "done" }, actor }), "ids");
    const wont = await bulkUpdateActionItems({ input: { ids: [a.id], status: "wont_do", wontDoReason: "Duplicate of ENG-4" }, actor });
    expect(wont.items[0]).toMatchObject({ status: "wont_do", wontDoReason: "Duplicate of ENG-4" });
  });
});

describe("counts per incident", () => {
  it("counts open and overdue items of many incidents with one query", async () => {
    const a = await newIncident();
    const b = await newIncident();
    const c = await newIncident();
    await newItem(a.id, { dueDate: day(-1) });
    await newItem(a.id, { dueDate: day(-1), status: "blocked" });
    await newItem(a.id, { dueDate: day(0) });
    await newItem(a.id, { dueDate: day(-9), status: "done" });
    await newItem(b.id);
    const counts = await getActionItemCounts({ incidentIds: [a.id, b.id, c.id], actor });
    expect(counts).toEqual({ [a.id]: { open: 3, overdue: 2 }, [b.id]: { open: 1, overdue: 0 }, [c.id]: { open: 0, overdue: 0 } });
  });
});

describe("completing a postmortem", () => {
  it("is refused while items are open, naming them; allowed once all are done or won't do", async () => {
    const inc = await newIncident();
    const a = await newItem(inc.id, { title: "Fix retries" });
    const b = await newItem(inc.id, { title: "Add alert", status: "blocked" });
    await newItem(inc.id, { title: "Closed already", status: "done" });
    const err = await setPostmortemComplete({ incidentId: inc.id, actor }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    if (err instanceof AppError) {
      expect(err.code).toBe("conflict");
      expect(err.message).toContain("Fix retries");
      expect(err.details).toEqual({ blocking: expect.arrayContaining([expect.objectContaining({ id: a.id }), expect.objectContaining({ id: b.id })]) });
    }
    expect((await canCompletePostmortem({ incidentId: inc.id, actor })).blocking.map((x) => x.title).sort()).toEqual(["Add alert", "Fix retries"]);
    await bulkUpdateActionItems({ input: { ids: [a.id], status: "done" }, actor });
    await updateActionItem({ id: b.id, input: { version: 1, status: "wont_do", wontDoReason: "Covered by SLO alerting" }, actor });
    const done = await setPostmortemComplete({ incidentId: inc.id, actor });
    expect(done.postmortemStatus).toBe("complete");
    expect((await setPostmortemComplete({ incidentId: inc.id, actor })).version).toBe(done.version);
    const db = await getDb();
    expect(await db.auditLog.count({ where: { entityId: inc.id, action: "complete_postmortem" } })).toBe(1);
  });

  it("steps back to published when an item is added or reopened", async () => {
    const inc = await newIncident();
    const item = await newItem(inc.id, { status: "done" });
    await setPostmortemComplete({ incidentId: inc.id, actor });
    await updateActionItem({ id: item.id, input: { version: 1, status: "open" }, actor });
    expect((await getIncidentById({ id: inc.id, actor })).postmortemStatus).toBe("published");
    await updateActionItem({ id: item.id, input: { version: 2, status: "done" }, actor });
    await setPostmortemComplete({ incidentId: inc.id, actor });
    await newItem(inc.id, { title: "Found later" });
    expect((await getIncidentById({ id: inc.id, actor })).postmortemStatus).toBe("published");
    await expect(setPostmortemComplete({ incidentId: randomUUID(), actor })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("exports", () => {
  it("exports every matching row in the list order, leaving out hidden columns", async () => {
    const inc = await newIncident("SEV1");
    await newItem(inc.id, { title: "=HYPERLINK(\"http://evil\")", owner: "Mallory", dueDate: day(1) });
    await newItem(inc.id, { title: 'Quote " and, comma', owner: "Alice", dueDate: day(2) });
    const { csv, rows, total } = await exportActionItemsCsv({ query: { incident: inc.key, sort: "dueDate", cols: "severity,age" }, actor });
    expect({ rows, total }).toEqual({ rows: 2, total: 2 });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("ID,Title,Incident,Owner,Due,Priority,Type,Status,Overdue,Link,Won't do reason");
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil"")",${inc.key},Mallory,${day(1)},Medium,Prevent,Open,no,,`);
    expect(lines[2]).toContain(`,"Quote "" and, comma",${inc.key},Alice,`);
    await expectInvalid(exportActionItemsCsv({ query: { cols: "password" }, actor }), "cols");
  });

  it("builds the digest from overdue and soon-due open items", async () => {
    const inc = await newIncident("SEV2");
    await newItem(inc.id, { title: "Digest overdue", owner: "Dora", dueDate: "2030-01-01" });
    await newItem(inc.id, { title: "Digest soon", dueDate: "2030-01-09" });
    await newItem(inc.id, { title: "Digest far", owner: "Dora", dueDate: "2030-02-01" });
    await newItem(inc.id, { title: "Digest closed", owner: "Dora", dueDate: "2030-01-01", status: "done" });
    const md = await getActionItemDigest({ query: { now: "2030-01-03T12:00:00Z" }, actor });
    expect(md).toContain("# Action items digest — 2030-01-03");
    expect(md).toContain("Digest overdue");
    expect(md).toContain("Digest soon");
    expect(md).not.toContain("Digest far");
    expect(md).not.toContain("Digest closed");
    expect(md.indexOf("## Dora")).toBeLessThan(md.indexOf("## Unassigned"));
    await expectInvalid(getActionItemDigest({ query: { days: "365" }, actor }), "days");
  });
});
