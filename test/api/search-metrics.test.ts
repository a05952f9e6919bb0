import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, authedFetch, startTestServer, type TestServer } from "../support/server";

// GET /api/v1/search and /api/v1/metrics(.csv) over real HTTP on the
// production build: roles, the answer's shape, hostile input, deletes.

let server: TestServer;
let incident: { id: string; number: number };
let deletedEntry: string;

async function post(path: string, body: unknown) {
  const res = await api(server, "POST", path, body);
  expect(res.status, res.text).toBeLessThan(300);
  return res.json;
}

beforeAll(async () => {
  server = await startTestServer();
  incident = await post("/api/v1/incidents", { title: "Ledger writes stall", severity: "SEV2", services: ["Ledger"], startedAt: "2026-02-02T10:00:00Z" });
  await post(`/api/v1/incidents/${incident.id}/events`, { body: "Saw qxhttpneedleqx in the <script>alert(1)</script> logs", occurredAt: "2026-02-02T10:05:00Z", milestone: "detected" });
  await post(`/api/v1/incidents/${incident.id}/events`, { body: "Failed over", occurredAt: "2026-02-02T10:35:00Z", milestone: "mitigated" });
  deletedEntry = (await post(`/api/v1/incidents/${incident.id}/events`, { body: "qxhttpgoneqx typo" })).id;
  expect((await api(server, "DELETE", `/api/v1/incidents/${incident.id}/events/${deletedEntry}`)).status).toBe(200);
});

afterAll(async () => {
  await server?.dispose();
});

describe("GET /api/v1/search", () => {
  it("answers signed-in roles with results and a cursor, and anonymous callers with 401", async () => {
    const anonymous = await api(server, "GET", "/api/v1/search?q=qxhttpneedleqx", undefined, { authorization: "" });
    expect(anonymous.status).toBe(401);
    for (const role of ["viewer", "responder", "admin"] as const) {
      const res = await api(server, "GET", "/api/v1/search?q=qxhttpneedleqx", undefined, { authorization: `Bearer ${server.keys[role]}` });
      expect(res.status, role).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.json.nextCursor).toBeNull();
      expect(res.json.results).toHaveLength(1);
    }
    const { json } = await api(server, "GET", "/api/v1/search?q=qxhttpneedleqx");
    const [hit] = json.results;
    expect(hit).toMatchObject({ type: "event", incidentId: incident.id, incidentNumber: incident.number, incidentKey: `INC-${incident.number}`, severity: "SEV2", field: "body", occurredAt: "2026-02-02T10:05:00.000Z" });
    expect(hit.url).toBe(`/incidents/${incident.number}#entry-${hit.id}`);
    // Text plus ranges; stored markup stays text.
    expect(hit.snippet).toBe("Saw qxhttpneedleqx in the <script>alert(1)</script> logs");
    expect(hit.highlights).toEqual([{ start: 4, end: 18 }]);
  });

  it("never finds a deleted entry", async () => {
    expect((await api(server, "GET", "/api/v1/search?q=qxhttpgoneqx")).json.results).toEqual([]);
  });

  it("answers hostile query text with 200 and JSON, never a 5xx", async () => {
    const queries = ['"', "*", "NEAR(a b)", "NEAR/2", "-x", "title:x", "(", ")", "a AND OR NOT", "a:*", "a & b | !c", "<->", "\\", "%", "'", "🔥", '"unbalanced', "x".repeat(200), "a ".repeat(100)];
    for (const q of queries) {
      const res = await api(server, "GET", `/api/v1/search?${new URLSearchParams({ q })}`);
      expect(res.status, JSON.stringify(q)).toBe(200);
      expect(Array.isArray(res.json.results)).toBe(true);
    }
    // Punctuation around a word is no syntax: the entry is found through it.
    const wrapped = await api(server, "GET", `/api/v1/search?${new URLSearchParams({ q: '("qxhttpneedleqx")*' })}`);
    expect(wrapped.json.results).toHaveLength(1);
    // Operator words are words every result must hold too (the entry has no "near", no "or").
    const operators = await api(server, "GET", `/api/v1/search?${new URLSearchParams({ q: 'NEAR("qxhttpneedleqx") OR *' })}`);
    expect(operators.status).toBe(200);
    expect(operators.json.results).toEqual([]);
    // A NUL character: no words at all, or refused naming q — never a 5xx.
    const nulCases: Array<Record<string, string>> = [{ q: "\u0000" }, { q: "a", service: "x\u0000y" }];
    for (const params of nulCases) {
      const res = await api(server, "GET", `/api/v1/search?${new URLSearchParams(params)}`);
      expect(res.status, JSON.stringify(params)).toBeLessThan(500);
      if (res.status !== 200) expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(Object.keys(params).at(-1));
    }
  });

  it("filters by kind of record, severity, service and the incident's start", async () => {
    const hits = async (qs: string) => (await api(server, "GET", `/api/v1/search?q=qxhttpneedleqx&${qs}`)).json.results.length;
    expect(await hits("type=event&severity=SEV2,SEV3&service=LEDGER&from=2026-02-01&to=2026-02-28")).toBe(1);
    expect(await hits("type=incident,action_item")).toBe(0);
    expect(await hits("severity=SEV1")).toBe(0);
    expect(await hits("service=Payments")).toBe(0);
    expect(await hits("from=2026-02-03")).toBe(0);
    expect(await hits("to=2026-02-02T10:00:00Z")).toBe(0);
  });

  it("refuses bad parameters with a 422 that names the field", async () => {
    const cases: Array<[string, string]> = [
      ["", "q"],
      [`q=${"x".repeat(201)}`, "q"],
      ["q=a&limit=51", "limit"],
      ["q=a&type=timeline", "type"],
      ["q=a&severity=P1", "severity"],
      ["q=a&from=soon", "from"],
      ["q=a&from=2026-02-01&to=2026-01-01", "to"],
      ["q=a&cursor=%7B%7D", "cursor"],
      ["q=a&bogus=1", "bogus"],
    ];
    for (const [qs, field] of cases) {
      const res = await api(server, "GET", `/api/v1/search?${qs}`);
      expect(res.status, qs).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path.split(".")[0]), qs).toContain(field);
    }
  });
});

describe("GET /api/v1/metrics", () => {
  it("answers the figures for a window, to every signed-in role, and 401 without one", async () => {
    expect((await api(server, "GET", "/api/v1/metrics", undefined, { authorization: "" })).status).toBe(401);
    const res = await api(server, "GET", "/api/v1/metrics?from=2026-02-01&to=2026-02-28&service=ledger", undefined, { authorization: `Bearer ${server.keys.viewer}` });
    expect(res.status, res.text).toBe(200);
    expect(res.json.window).toEqual({ from: "2026-02-01T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z" });
    expect(res.json.incidents).toBe(1);
    expect(res.json.mttd).toEqual({ medianSeconds: 300, meanSeconds: 300, p90Seconds: 300, count: 1, missing: 0, negative: 0 });
    expect(res.json.mttm).toEqual({ medianSeconds: 2100, meanSeconds: 2100, p90Seconds: 2100, count: 1, missing: 0, negative: 0 });
    expect(res.json.mttr).toEqual({ medianSeconds: null, meanSeconds: null, p90Seconds: null, count: 0, missing: 1, negative: 0 });
    expect(res.json.bySeverity.map((s: { severity: string }) => s.severity)).toEqual(["SEV1", "SEV2", "SEV3", "SEV4"]);
    expect(res.json.byMonth).toHaveLength(1);
    expect(res.json.byMonth[0]).toMatchObject({ month: "2026-02", incidents: 1 });
  });

  it("refuses a window wider than five years with a 422 naming the field", async () => {
    const res = await api(server, "GET", "/api/v1/metrics?from=2015-01-01&to=2026-01-01");
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("from");
  });

  it("downloads the figures as CSV", async () => {
    const res = await authedFetch(server, "/api/v1/metrics/export.csv?from=2026-02-01&to=2026-02-28", {}, "viewer");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="incident-metrics-2026-02-01-to-2026-02-28.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    // A byte-order mark first, so Excel reads UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("Scope,Group,Metric,")).toBe(true);
    expect(text).toContain("\r\noverall,all,mttd (Time to detect),1,1,0,0,300,300,300,");
  });
});
