import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { api, startTestServer, type TestServer, authedFetch } from "../support/server";
import { expectApiError } from "../support/api-error";

let server: TestServer;
let incA: { id: string; number: number; key: string };
let incB: { id: string; number: number; key: string };
let itemId = "";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function create(incidentId: string, body: Record<string, unknown>) {
  const res = await api(server, "POST", `/api/v1/incidents/${incidentId}/action-items`, body);
  expect(res.status, res.text).toBe(201);
  return res.json;
}

beforeAll(async () => {
  server = await startTestServer();
  incA = (await api(server, "POST", "/api/v1/incidents", { title: "Checkout 503s", severity: "SEV1" })).json;
  incB = (await api(server, "POST", "/api/v1/incidents", { title: "Slow search", severity: "SEV3" })).json;
  itemId = (await create(incA.id, { title: "Seed item" })).id;
});

afterAll(async () => {
  await server?.dispose();
});

describe("creating and reading", () => {
  it("creates with 201, answers a retry of the same id with 200 and no duplicate", async () => {
    const id = randomUUID();
    const body = { id, title: "Add retry budget", owner: "Alice", dueDate: "2031-04-05", priority: "high", type: "prevent", externalUrl: "https://linear.app/a/ENG-1" };
    const first = await api(server, "POST", `/api/v1/incidents/${incA.id}/action-items`, body);
    const retry = await api(server, "POST", `/api/v1/incidents/${incA.id}/action-items`, body);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect(first.json).toMatchObject({ id, dueDate: "2031-04-05", incident: { key: incA.key, severity: "SEV1" }, version: 1 });
    const one = await api(server, "GET", `/api/v1/action-items/${id}`);
    expect(one.json.title).toBe("Add retry budget");
  });

  it("updates with version, 409 when stale, and closes with closedAt", async () => {
    const item = await create(incA.id, { title: "Versioned" });
    const ok = await api(server, "PATCH", `/api/v1/action-items/${item.id}`, { version: 1, status: "done" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: "done", version: 2 });
    expect(ok.json.closedAt).toBeTypeOf("string");
    const stale = await api(server, "PATCH", `/api/v1/action-items/${item.id}`, { version: 1, title: "Lost" });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current.title).toBe("Versioned");
    const wont = await api(server, "PATCH", `/api/v1/action-items/${item.id}`, { version: 2, status: "wont_do" });
    expect(wont.status).toBe(422);
    expect(wont.json.error.issues[0].path).toBe("wontDoReason");
  });
});

describe("the cross-incident list", () => {
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    ids = {
      late: (await create(incB.id, { title: "List late", owner: "Lee", dueDate: day(-4), priority: "urgent", type: "detect" })).id,
      soon: (await create(incB.id, { title: "List soon", owner: "Lee", dueDate: day(3), priority: "low", type: "process", status: "blocked" })).id,
      done: (await create(incB.id, { title: "List done", owner: "Kim", dueDate: day(-4), status: "done" })).id,
      none: (await create(incB.id, { title: "List undated", priority: "medium" })).id,
    };
  });

  const titles = (r: { json: { items: Array<{ title: string }> } }) => r.json.items.map((i) => i.title);

  it("filters by status, owner, overdue, incident, type, severity and text", async () => {
    expect(titles(await api(server, "GET", `/api/v1/action-items?incident=${incB.key}&overdue=true`))).toEqual(["List late"]);
    expect(titles(await api(server, "GET", `/api/v1/action-items?incident=${incB.id}&status=open,blocked&sort=title`))).toEqual([
      "List late",
      "List soon",
      "List undated",
    ]);
    expect(titles(await api(server, "GET", "/api/v1/action-items?owner=Lee&type=process"))).toEqual(["List soon"]);
    expect(titles(await api(server, "GET", "/api/v1/action-items?severity=SEV3&owner=Kim"))).toEqual(["List done"]);
    expect(titles(await api(server, "GET", "/api/v1/action-items?q=undated"))).toEqual(["List undated"]);
    const late = (await api(server, "GET", `/api/v1/action-items/${ids.late}`)).json;
    expect(late.overdue).toBe(true);
  });

  it("sorts by any column and pages with a total", async () => {
    expect(titles(await api(server, "GET", `/api/v1/action-items?incident=${incB.key}&sort=priority&dir=desc`))).toEqual([
      "List late",
      "List done",
      "List undated",
      "List soon",
    ]);
    expect(titles(await api(server, "GET", `/api/v1/action-items?incident=${incB.key}&sort=dueDate&dir=asc`))).toEqual([
      "List late",
      "List done",
      "List soon",
      "List undated",
    ]);
    const p2 = await api(server, "GET", `/api/v1/action-items?incident=${incB.key}&sort=title&pageSize=3&page=2`);
    expect(p2.json).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(titles(p2)).toEqual(["List undated"]);
    const byIncident = await api(server, "GET", `/api/v1/incidents/${incB.id}/action-items?sort=title`);
    expect(byIncident.json.counts).toEqual({ open: 3, overdue: 1 });
    expect(byIncident.json.total).toBe(4);
  });

  it("bulk-closes selected items in one request", async () => {
    const a = await create(incB.id, { title: "Bulk a" });
    const b = await create(incB.id, { title: "Bulk b" });
    const res = await api(server, "POST", "/api/v1/action-items/bulk", { ids: [a.id, b.id], status: "done" });
    expect(res.status).toBe(200);
    expect(res.json.updated).toBe(2);
    expect(res.json.items.map((i: { status: string }) => i.status)).toEqual(["done", "done"]);
    const owner = await api(server, "POST", "/api/v1/action-items/bulk", { ids: [a.id], owner: "Pat" });
    expect(owner.json.items[0].owner).toBe("Pat");
  });
});

describe("export and digest", () => {
  it("exports the current view as CSV with quoting and formula protection", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "CSV", severity: "SEV2" })).json;
    await create(inc.id, { title: '=cmd|" /C calc"!A0', owner: "Eve", dueDate: "2031-01-01" });
    await create(inc.id, { title: "Comma, here", owner: "+Bob", dueDate: "2031-01-02", status: "wont_do", wontDoReason: "Line\nbreak" });
    const res = await authedFetch(server, `/api/v1/action-items/export.csv?incident=${inc.key}&sort=dueDate&cols=age,severity`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="action-items-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("x-total-count")).toBe("2");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("ID,Title,Incident,Owner,Due,Priority,Type,Status,Overdue,Link,Won't do reason");
    expect(lines[1]).toContain(`,"'=cmd|"" /C calc""!A0",${inc.key},Eve,2031-01-01,`);
    expect(text).toContain(`,"Comma, here",${inc.key},'+Bob,2031-01-02,Medium,Prevent,Won't do,no,,"Line\nbreak"\r\n`);
  });

  it("serves the Markdown digest grouped by owner", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Digest", severity: "SEV2" })).json;
    await create(inc.id, { title: "Digest-late", owner: "Zed", dueDate: "2040-06-01" });
    await create(inc.id, { title: "Digest-soon", dueDate: "2040-06-05" });
    const res = await authedFetch(server, `/api/v1/action-items/digest.md?now=2040-06-03T08:00:00Z&days=7`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const md = await res.text();
    expect(md.startsWith("# Action items digest — 2040-06-03\n")).toBe(true);
    expect(md).toContain("## Zed — 1 overdue, 0 due soon");
    // Links use the address the request came to (or DEBRIEF_PUBLIC_URL).
    expect(md).toMatch(new RegExp(`\\*\\*Overdue by 2 days\\*\\* · \\[${inc.key}\\]\\(http://[^/]+:${server.port}/incidents/${inc.number}/action-items\\) SEV2 · Digest-late`));
    expect(md.indexOf("## Zed")).toBeLessThan(md.indexOf("## Unassigned"));
  });
});

describe("completing the postmortem", () => {
  it("is refused with the blocking items while any is open, then allowed", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Complete me", severity: "SEV2" })).json;
    const open = await create(inc.id, { title: "Still open" });
    const check = await api(server, "GET", `/api/v1/incidents/${inc.id}/complete`);
    expect(check.json).toMatchObject({ ok: false, complete: false, blocking: [{ id: open.id, title: "Still open" }] });
    const refused = await api(server, "POST", `/api/v1/incidents/${inc.id}/complete`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    expect(refused.json.error.blocking.map((b: { id: string }) => b.id)).toEqual([open.id]);
    await api(server, "PATCH", `/api/v1/action-items/${open.id}`, { version: 1, status: "wont_do", wontDoReason: "Superseded by INC-9 work" });
    const done = await api(server, "POST", `/api/v1/incidents/${inc.id}/complete`);
    expect(done.status).toBe(200);
    expect(done.json.postmortemStatus).toBe("complete");
  });
});

describe("guardrails: bad requests get a 4xx naming the field, never a 500", () => {
  const big = "x".repeat(1_100_000);
  // [method, path (:inc, :item placeholders), body, expected status, field]
  type Case = [string, string, unknown, number, string?];
  /** GET `path` with each refused value of each query parameter: a 422 naming the parameter. */
  const badQueries = (path: string, values: Record<string, string[]>): Case[] =>
    Object.entries(values).flatMap(([param, list]) => list.map((value): Case => ["GET", `${path}?${param}=${value}`, undefined, 422, param]));
  const cases: Case[] = [
    ["POST", "/api/v1/incidents/:inc/action-items", "{nope", 400],
    ["POST", "/api/v1/incidents/:inc/action-items", "[]", 422],
    ["POST", "/api/v1/incidents/:inc/action-items", {}, 422, "title"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "" }, 422, "title"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "x".repeat(201) }, 422, "title"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", description: "x".repeat(10_001) }, 422, "description"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", owner: "x".repeat(101) }, 422, "owner"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", owner: 7 }, 422, "owner"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", dueDate: "soon" }, 422, "dueDate"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", dueDate: "2031-02-30" }, 422, "dueDate"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", dueDate: "3999-01-01" }, 422, "dueDate"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", priority: "p1" }, 422, "priority"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", type: "fix" }, 422, "type"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", status: "closed" }, 422, "status"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", status: "wont_do" }, 422, "wontDoReason"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", status: "wont_do", wontDoReason: "x".repeat(2001) }, 422, "wontDoReason"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", externalUrl: "javascript:alert(1)" }, 422, "externalUrl"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", externalUrl: "not a url" }, 422, "externalUrl"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", timelineEventId: randomUUID() }, 422, "timelineEventId"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", contributingFactorId: randomUUID() }, 422, "contributingFactorId"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", id: "abc" }, 422, "id"],
    ["POST", "/api/v1/incidents/:inc/action-items", { title: "ok", createdById: "root" }, 422, "createdById"],
    ["POST", "/api/v1/incidents/:inc/action-items", JSON.stringify({ title: "ok", description: big }), 413],
    ["POST", `/api/v1/incidents/${randomUUID()}/action-items`, { title: "ok" }, 404],
    ["POST", "/api/v1/incidents/nope/action-items", { title: "ok" }, 404],
    ...badQueries("/api/v1/action-items", {
      status: ["closed"], overdue: ["maybe"], incident: ["INC-abc"], type: ["fix"], severity: ["SEV9"], sort: ["wontDoReason"], dir: ["sideways"],
      page: ["0", "abc"], pageSize: ["500"], q: ["x".repeat(201)], owner: ["o".repeat(101)], select: ["*"],
    }),
    ["GET", "/api/v1/action-items/not-a-uuid", undefined, 404],
    ["GET", `/api/v1/action-items/${randomUUID()}`, undefined, 404],
    ["PATCH", "/api/v1/action-items/:item", { title: "no version" }, 422, "version"],
    ["PATCH", "/api/v1/action-items/:item", { version: "1" }, 422, "version"],
    ["PATCH", "/api/v1/action-items/:item", { version: 1, status: "finished" }, 422, "status"],
    ["PATCH", "/api/v1/action-items/:item", { version: 1, wontDoReason: "only with wont_do" }, 422, "wontDoReason"],
    ["PATCH", `/api/v1/action-items/${randomUUID()}`, { version: 1, title: "x" }, 404],
    ["POST", "/api/v1/action-items/bulk", {}, 422, "ids"],
    ["POST", "/api/v1/action-items/bulk", { ids: [], status: "done" }, 422, "ids"],
    ["POST", "/api/v1/action-items/bulk", { ids: ["x"], status: "done" }, 422, "ids"],
    ["POST", "/api/v1/action-items/bulk", { ids: Array.from({ length: 501 }, () => randomUUID()), status: "done" }, 422, "ids"],
    ["POST", "/api/v1/action-items/bulk", { ids: [randomUUID()] }, 422, "status"],
    ["POST", "/api/v1/action-items/bulk", { ids: [randomUUID()], status: "wont_do" }, 422, "wontDoReason"],
    ["POST", "/api/v1/action-items/bulk", { ids: [randomUUID()], status: "done" }, 404, "ids"],
    ...badQueries("/api/v1/action-items/export.csv", { cols: ["secret"], status: ["nope"] }),
    ...badQueries("/api/v1/action-items/digest.md", { days: ["-1", "1000"], now: ["yesterday"], format: ["html"] }),
    ["POST", `/api/v1/incidents/${randomUUID()}/complete`, undefined, 404],
    ["POST", "/api/v1/incidents/bad/complete", undefined, 404],
  ];

  it.each(cases)("%s %s (case %#)", async (method, rawPath, body, expected, field) => {
    const path = rawPath.replace(":inc", incA.id).replace(":item", itemId);
    expectApiError(await api(server, method, path, body), expected, field);
  });

  it("refuses a non-JSON body with 415 and still serves afterwards", async () => {
    const res = await api(server, "POST", "/api/v1/action-items/bulk", "ids=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect((await api(server, "GET", "/api/health")).status).toBe(200);
  });
});
