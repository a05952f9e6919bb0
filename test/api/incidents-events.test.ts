import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { api, startTestServer, type TestServer, authedFetch } from "../support/server";
import { expectApiError } from "../support/api-error";
import { testDbProvider } from "../support/temp-db";

let server: TestServer;
let incidentId = "";
let eventId = "";

beforeAll(async () => {
  server = await startTestServer();
  const created = await api(server, "POST", "/api/v1/incidents", { title: "API test", severity: "SEV2" });
  incidentId = created.json.id;
  const ev = await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "seed" });
  eventId = ev.json.id;
});

afterAll(async () => {
  await server?.dispose();
});

describe("health", () => {
  it("reports the store and version", async () => {
    const res = await api(server, "GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, db: testDbProvider() });
    expect(typeof res.json.version).toBe("string");
  });
});

describe("incidents", () => {
  it("creates with the next number and lists newest first with filters", async () => {
    const a = await api(server, "POST", "/api/v1/incidents", { title: "Alpha", severity: "SEV1", services: ["API", "API", "Web"] });
    const b = await api(server, "POST", "/api/v1/incidents", { title: "Beta", severity: "SEV3" });
    expect(a.status).toBe(201);
    expect(b.json.number).toBe(a.json.number + 1);
    expect(a.json.key).toBe(`INC-${a.json.number}`);
    expect(a.json.services).toEqual(["API", "Web"]);
    const list = await api(server, "GET", "/api/v1/incidents?severity=SEV1");
    expect(list.json.incidents.every((i: { severity: string }) => i.severity === "SEV1")).toBe(true);
    const all = await api(server, "GET", "/api/v1/incidents");
    expect(all.json.incidents[0].title).toBe("Beta");
    const q = await api(server, "GET", "/api/v1/incidents?q=alph");
    expect(q.json.incidents.map((i: { title: string }) => i.title)).toEqual(["Alpha"]);
  });

  it("updates with version and answers 409 when stale", async () => {
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: "Versioned", severity: "SEV4" })).json;
    const ok = await api(server, "PATCH", `/api/v1/incidents/${inc.id}`, { version: inc.version, status: "identified" });
    expect(ok.status).toBe(200);
    expect(ok.json.version).toBe(inc.version + 1);
    const stale = await api(server, "PATCH", `/api/v1/incidents/${inc.id}`, { version: inc.version, title: "Lost" });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("conflict");
    expect(stale.json.error.current.title).toBe("Versioned");
    const events = await api(server, "GET", `/api/v1/incidents/${inc.id}/events`);
    expect(events.json.events.map((e: { kind: string }) => e.kind)).toEqual(["status_change"]);
  });
});

describe("timeline events", () => {
  it("is idempotent on the client id: 201, then 200 with the stored event", async () => {
    const id = randomUUID();
    const first = await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: "Rolled back deploy", kind: "action" });
    const retry = await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { id, body: "Rolled back deploy", kind: "action" });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    const list = await api(server, "GET", `/api/v1/incidents/${incidentId}/events`);
    expect(list.json.events.filter((e: { id: string }) => e.id === id)).toHaveLength(1);
  });

  it("edits with version (409 when stale), keeps revisions, soft-deletes and restores", async () => {
    const ev = (await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "draft" })).json;
    const edited = await api(server, "PATCH", `/api/v1/incidents/${incidentId}/events/${ev.id}`, { version: 1, body: "final", key: true });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ body: "final", key: true, version: 2 });
    const stale = await api(server, "PATCH", `/api/v1/incidents/${incidentId}/events/${ev.id}`, { version: 1, body: "late" });
    expect(stale.status).toBe(409);
    const revs = await api(server, "GET", `/api/v1/incidents/${incidentId}/events/${ev.id}/revisions`);
    expect(revs.json.revisions.map((r: { body: string }) => r.body)).toEqual(["draft"]);
    const del = await api(server, "DELETE", `/api/v1/incidents/${incidentId}/events/${ev.id}`);
    expect(del.status).toBe(200);
    expect(del.json.deletedAt).not.toBeNull();
    let list = await api(server, "GET", `/api/v1/incidents/${incidentId}/events`);
    expect(list.json.events.some((e: { id: string }) => e.id === ev.id)).toBe(false);
    await api(server, "POST", `/api/v1/incidents/${incidentId}/events/${ev.id}/restore`);
    list = await api(server, "GET", `/api/v1/incidents/${incidentId}/events`);
    expect(list.json.events.some((e: { id: string }) => e.id === ev.id)).toBe(true);
  });

  it("streams creates, edits and deletes over SSE and replays missed changes", async () => {
    const since = new Date().toISOString();
    const missed = (await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "while away" })).json;
    const controller = new AbortController();
    const res = await authedFetch(server, `/api/v1/incidents/${incidentId}/events/stream?since=${encodeURIComponent(since)}`, {
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5000;
      while (!text.includes(needle) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text.includes(needle);
    };
    // The incident as it is now comes first, then what was missed.
    expect(await readUntil("event: incident")).toBe(true);
    expect(await readUntil(missed.id)).toBe(true);
    const live = (await api(server, "POST", `/api/v1/incidents/${incidentId}/events`, { body: "live one" })).json;
    expect(await readUntil(live.id)).toBe(true);
    await api(server, "DELETE", `/api/v1/incidents/${incidentId}/events/${live.id}`);
    expect(await readUntil('"action":"deleted"')).toBe(true);
    controller.abort();
  });
});

describe("guardrails: bad requests get a 4xx JSON error, never a 500", () => {
  const big = "x".repeat(1_100_000);
  // [method, path (with :inc / :ev placeholders), body, expected status]
  const cases: Array<[string, string, unknown, number, string?]> = [
    ["POST", "/api/v1/incidents", "{not json", 400],
    ["POST", "/api/v1/incidents", "", 400],
    ["POST", "/api/v1/incidents", "[]", 422],
    ["POST", "/api/v1/incidents", "null", 422],
    ["POST", "/api/v1/incidents", "42", 422],
    ["POST", "/api/v1/incidents", {}, 422, "title"],
    ["POST", "/api/v1/incidents", { title: "", severity: "SEV1" }, 422, "title"],
    ["POST", "/api/v1/incidents", { title: "   ", severity: "SEV1" }, 422, "title"],
    ["POST", "/api/v1/incidents", { title: "x".repeat(201), severity: "SEV1" }, 422, "title"],
    ["POST", "/api/v1/incidents", { title: 5, severity: "SEV1" }, 422, "title"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV9" }, 422, "severity"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", admin: true }, 422, "admin"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", startedAt: "yesterday" }, 422, "startedAt"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", startedAt: "1900-01-01T00:00:00Z" }, 422, "startedAt"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", startedAt: "2999-01-01T00:00:00Z" }, 422, "startedAt"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", services: "API" }, 422, "services"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", services: Array.from({ length: 51 }, (_, i) => `s${i}`) }, 422, "services"],
    ["POST", "/api/v1/incidents", JSON.stringify({ title: "ok", severity: "SEV1", summary: big }), 413],
    ["GET", "/api/v1/incidents?status=exploded", undefined, 422, "status"],
    // U+0000: PostgreSQL cannot store it, so neither store accepts it.
    ["GET", "/api/v1/incidents?q=a%00b", undefined, 422, "q"],
    ["POST", "/api/v1/incidents", { title: "Nul\u0000title", severity: "SEV1" }, 422, "title"],
    ["POST", "/api/v1/incidents", { title: "ok", severity: "SEV1", services: ["API", "W\u0000eb"] }, 422, "services.1"],
    ["GET", "/api/v1/incidents?limit=100000", undefined, 422, "limit"],
    ["GET", "/api/v1/incidents?bogus=1", undefined, 422, "bogus"],
    ["GET", "/api/v1/incidents/not-a-uuid", undefined, 404],
    ["GET", `/api/v1/incidents/${randomUUID()}`, undefined, 404],
    ["PATCH", "/api/v1/incidents/:inc", { title: "no version" }, 422, "version"],
    ["PATCH", "/api/v1/incidents/:inc", { version: "1" }, 422, "version"],
    ["PATCH", "/api/v1/incidents/:inc", { version: 1, status: "done" }, 422, "status"],
    ["POST", "/api/v1/incidents/:inc/events", {}, 422, "body"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "" }, 422, "body"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x".repeat(10_001) }, 422, "body"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "before\u0000after" }, 422, "body"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", id: "123" }, 422, "id"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", kind: "rumour" }, 422, "kind"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", milestone: "lunch" }, 422, "milestone"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", occurredAt: "2026-13-45T99:00:00Z" }, 422, "occurredAt"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", occurredAt: -1e20 }, 422, "occurredAt"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", occurredAt: "2026-03-03T10:00:00Z", endedAt: "2026-03-03T09:00:00Z" }, 422, "endedAt"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", key: "yes" }, 422, "key"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", visibility: "everyone" }, 422, "visibility"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", statusLabel: "y".repeat(501) }, 422, "statusLabel"],
    ["POST", "/api/v1/incidents/:inc/events", { body: ["x"] }, 422, "body"],
    ["POST", "/api/v1/incidents/:inc/events", { body: "x", __proto__: { polluted: true }, constructor: 1 }, 422],
    ["POST", `/api/v1/incidents/${randomUUID()}/events`, { body: "x" }, 404],
    ["POST", "/api/v1/incidents/:inc/events", JSON.stringify({ body: big }), 413],
    ["PATCH", "/api/v1/incidents/:inc/events/:ev", { body: "no version" }, 422, "version"],
    ["PATCH", `/api/v1/incidents/:inc/events/${randomUUID()}`, { version: 1, body: "x" }, 404],
    ["DELETE", "/api/v1/incidents/:inc/events/nope", undefined, 404],
    ["GET", "/api/v1/incidents/:inc/events?since=garbage", undefined, 422, "since"],
    ["GET", "/api/v1/incidents/:inc/events/stream?since=garbage", undefined, 422, "since"],
    ["GET", "/api/v1/does-not-exist", undefined, 404],
  ];

  it.each(cases.map(([method, path, body, status, field]) => ({ method, path, body, status, field })))(
    "$method $path → $status $field",
    async ({ method, path: rawPath, body, status: expected, field }) => {
    const path = rawPath.replace(":inc", incidentId).replace(":ev", eventId);
    expectApiError(await api(server, method, path, body), expected, field);
    },
  );

  it("refuses a non-JSON content type with 415", async () => {
    const res = await api(server, "POST", "/api/v1/incidents", "title=x", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
  });

  it("answers the next request on a kept-alive connection after refusing a body", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}${path}`, { method, agent, headers: { "content-type": "application/json", authorization: `Bearer ${server.keys.admin}` } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end(body);
      });
    try {
      for (let i = 0; i < 3; i++) {
        expect(await send("POST", `/api/v1/incidents/${incidentId}/events`, JSON.stringify({ body: big }))).toBe(413);
        expect(await send("GET", "/api/health")).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  });

  it("still serves after all of that", async () => {
    expect((await api(server, "GET", "/api/health")).status).toBe(200);
  });
});
