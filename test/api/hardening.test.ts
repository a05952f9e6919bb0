import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { api, authedFetch, startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.dispose();
});

async function newIncident(title = "Hardening") {
  const res = await api(server, "POST", "/api/v1/incidents", { title, severity: "SEV3" });
  expect(res.status).toBe(201);
  return res.json as { id: string; number: number; version: number };
}

const fieldsOf = (res: { json: any }) => (res.json?.error?.issues ?? []).map((i: { path: string }) => i.path);

describe("times are ISO 8601 strings", () => {
  it("refuses numbers and other shapes with a 422 naming the field, on every route that takes a time", async () => {
    const inc = await newIncident();
    const ev = (await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "seed" })).json;
    const item = (await api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, { title: "Follow up" })).json;
    for (const bad of [12, 0, 1_772_529_120_000, "12", "2026-03-03 09:12", "2026-03-03T09:12:00", "1969-12-31T23:59:59Z", "9999-01-01T00:00:00Z", true, null]) {
      const cases = [
        { res: await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "x", occurredAt: bad }), field: "occurredAt" },
        { res: await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "x", endedAt: bad === null ? 5 : bad }), field: "endedAt" },
        { res: await api(server, "PATCH", `/api/v1/incidents/${inc.id}/events/${ev.id}`, { version: ev.version, occurredAt: bad }), field: "occurredAt" },
        { res: await api(server, "POST", "/api/v1/incidents", { title: "x", severity: "SEV4", startedAt: bad }), field: "startedAt" },
        { res: await api(server, "PATCH", `/api/v1/incidents/${inc.id}`, { version: inc.version, startedAt: bad }), field: "startedAt" },
        { res: await api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, { title: "x", dueDate: bad === null ? 7 : bad }), field: "dueDate" },
        { res: await api(server, "PATCH", `/api/v1/action-items/${item.id}`, { version: item.version, dueDate: bad === null ? 7 : bad }), field: "dueDate" },
      ];
      for (const { res, field } of cases) {
        // A date-only due date is a day, not a mistake.
        if (field === "dueDate" && bad === "2026-03-03 09:12") continue;
        expect({ bad, field, status: res.status }).toEqual({ bad, field, status: 422 });
        expect(fieldsOf(res)).toContain(field);
      }
    }
    for (const [path, field] of [
      [`/api/v1/incidents/${inc.id}/events?since=12`, "since"],
      ["/api/v1/audit?before=12", "before"],
      ["/api/v1/action-items/digest.md?now=1772529120000", "now"],
    ] as const) {
      const res = await api(server, "GET", path);
      expect({ path, status: res.status }).toEqual({ path, status: 422 });
      expect(fieldsOf(res)).toContain(field);
    }
    const events = await api(server, "GET", `/api/v1/incidents/${inc.id}/events`);
    expect(events.json.events.map((e: { body: string }) => e.body)).toEqual(["seed"]);
    // ISO instants with a zone are fine, offsets included.
    const ok = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "offset", occurredAt: "2026-03-03T10:12:00+01:00" });
    expect([ok.status, ok.json.occurredAt]).toEqual([201, "2026-03-03T09:12:00.000Z"]);
  });
});

describe("a lone UTF-16 surrogate", () => {
  const LONE = "a\ud800b\udc00c";
  const CLEAN = "a\ufffdb\ufffdc";
  const hasLoneSurrogate = (text: string) => /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(text) || !text.isWellFormed();

  it("is stored as one U+FFFD, the same on every route, in the data and in the audit log", async () => {
    // JSON.stringify writes a lone surrogate as a \ud800 escape: valid JSON, as a client would send it.
    const inc = (await api(server, "POST", "/api/v1/incidents", { title: LONE, severity: "SEV2", summary: LONE, services: [LONE] })).json;
    expect([inc.title, inc.summary, inc.services]).toEqual([CLEAN, CLEAN, [CLEAN]]);

    const created = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: LONE, statusLabel: LONE });
    expect(created.status).toBe(201);
    expect([created.json.body, created.json.statusLabel]).toEqual([CLEAN, CLEAN]);
    const retried = await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { id: created.json.id, body: LONE });
    expect([retried.status, retried.json]).toEqual([200, created.json]);
    const edited = await api(server, "PATCH", `/api/v1/incidents/${inc.id}/events/${created.json.id}`, { version: 1, body: `${LONE}!` });
    expect(edited.json.body).toBe(`${CLEAN}!`);

    const pm = await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, {
      version: 1,
      sections: { summary: LONE },
      contributingFactors: [{ title: LONE, description: LONE }],
    });
    expect(pm.status).toBe(200);
    expect(pm.json.sections.summary).toBe(CLEAN);
    expect(pm.json.contributingFactors[0]).toMatchObject({ title: CLEAN, description: CLEAN });

    const item = await api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, { title: LONE, description: LONE, owner: LONE });
    expect([item.json.title, item.json.description, item.json.owner]).toEqual([CLEAN, CLEAN, CLEAN]);

    const key = await api(server, "POST", "/api/v1/api-keys", { name: LONE, role: "viewer" });
    expect(key.json.apiKey.name).toBe(CLEAN);

    // Limits count the stored characters: 200 lone surrogates are a 200-character title.
    const long = await api(server, "POST", "/api/v1/incidents", { title: "\ud800".repeat(200), severity: "SEV4" });
    expect([long.status, long.json.title]).toEqual([201, "\ufffd".repeat(200)]);

    for (const path of [
      `/api/v1/incidents/${inc.id}`,
      `/api/v1/incidents/${inc.id}/events`,
      `/api/v1/incidents/${inc.id}/postmortem`,
      `/api/v1/incidents/${inc.id}/audit`,
      `/api/v1/incidents/${inc.id}/action-items`,
      "/api/v1/audit",
    ]) {
      const res = await api(server, "GET", path);
      expect(res.status).toBe(200);
      expect({ path, lone: hasLoneSurrogate(res.text) }).toEqual({ path, lone: false });
    }
    const md = await (await authedFetch(server, `/api/v1/incidents/${inc.id}/postmortem.md`)).text();
    expect(md).toContain(CLEAN);
  });

  it("reads the same from a Markdown import (character references and YAML escapes)", async () => {
    const text = ['---', 'title: "Imported a\\uD800b\\uDC00c"', 'severity: SEV2', '---', '', '# Imported a&#xD800;b&#xDC00;c', '', '## Summary', '', 'a&#xD800;b&#xDC00;c', ''].join("\n");
    const res = await api(server, "POST", "/api/v1/import/markdown", text, { "content-type": "text/markdown" });
    expect(res.status).toBe(201);
    expect(res.json.title).toContain(CLEAN);
    const pm = await api(server, "GET", `/api/v1/incidents/${res.json.id}/postmortem`);
    expect(pm.json.sections.summary).toBe(CLEAN);
    expect(hasLoneSurrogate(pm.text)).toBe(false);
  });
});

describe("a deleted incident", () => {
  it("takes its entries, revisions, stream, action items and postmortem with it (404), and ends open streams", async () => {
    const inc = await newIncident("To be deleted");
    const ev = (await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "first" })).json;
    await api(server, "PATCH", `/api/v1/incidents/${inc.id}/events/${ev.id}`, { version: 1, body: "edited" });
    const gone = (await api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: "deleted before" })).json;
    await api(server, "DELETE", `/api/v1/incidents/${inc.id}/events/${gone.id}`);
    const item = (await api(server, "POST", `/api/v1/incidents/${inc.id}/action-items`, { title: "Fix it" })).json;
    await api(server, "PUT", `/api/v1/incidents/${inc.id}/postmortem`, { version: 1, sections: { summary: "What happened" } });

    const stream = await authedFetch(server, `/api/v1/incidents/${inc.id}/events/stream`);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();

    expect((await api(server, "DELETE", `/api/v1/incidents/${inc.id}`)).status).toBe(200);
    // The open stream ends (the deadline only keeps a broken build from hanging the suite).
    const ended = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })(),
      new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
    ]);
    expect(ended).toBe(true);

    const e = `/api/v1/incidents/${inc.id}/events`;
    const calls: Array<[string, string, unknown?]> = [
      ["GET", `/api/v1/incidents/${inc.id}`],
      ["PATCH", `/api/v1/incidents/${inc.id}`, { version: inc.version, title: "x" }],
      ["GET", e],
      ["GET", `${e}?since=2020-01-01T00:00:00Z`],
      ["POST", e, { body: "late" }],
      ["POST", e, { id: ev.id, body: "retry" }],
      ["PATCH", `${e}/${ev.id}`, { version: 2, body: "changed" }],
      ["DELETE", `${e}/${ev.id}`],
      ["POST", `${e}/${gone.id}/restore`],
      ["GET", `${e}/${ev.id}/revisions`],
      ["GET", `${e}/stream`],
      ["GET", `/api/v1/incidents/${inc.id}/action-items`],
      ["POST", `/api/v1/incidents/${inc.id}/action-items`, { title: "late" }],
      ["POST", `/api/v1/incidents/${inc.id}/action-items`, { id: item.id, title: "Fix it" }],
      ["GET", `/api/v1/action-items/${item.id}`],
      ["PATCH", `/api/v1/action-items/${item.id}`, { version: item.version, title: "y" }],
      ["GET", `/api/v1/incidents/${inc.id}/postmortem`],
      ["PUT", `/api/v1/incidents/${inc.id}/postmortem`, { version: 2, sections: { summary: "z" } }],
      ["PUT", `/api/v1/incidents/${inc.id}/postmortem/status`, { status: "in_review" }],
      ["GET", `/api/v1/incidents/${inc.id}/postmortem.md`],
      ["GET", `/api/v1/incidents/${inc.id}/complete`],
      ["POST", `/api/v1/incidents/${inc.id}/complete`],
      ["GET", `/api/v1/incidents/${inc.id}/audit`],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(server, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    expect((await api(server, "POST", "/api/v1/action-items/bulk", { ids: [item.id], status: "done" })).status).toBe(404);
    const list = await api(server, "GET", `/api/v1/action-items?q=${encodeURIComponent("Fix it")}`);
    expect(list.json.items).toEqual([]);
  });
});

describe("retried timeline writes next to failing ones", () => {
  it("answer every retry with the stored entry (200), never a 5xx, over many concurrent rounds", async () => {
    const inc = await newIncident("Busy timeline");
    const stored = await Promise.all([1, 2, 3].map((i) => api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { body: `stored ${i}` })));
    const statuses = new Map<number, number>();
    for (let round = 0; round < 20; round++) {
      const fresh = Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), body: `r${round} e${i}` }));
      const requests = [
        ...fresh.flatMap((b) => [b, b, b]).map((b) => ({ kind: "fresh", id: b.id, p: api(server, "POST", `/api/v1/incidents/${inc.id}/events`, b) })),
        ...stored.map((s) => ({ kind: "stored", id: s.json.id as string, p: api(server, "POST", `/api/v1/incidents/${inc.id}/events`, { id: s.json.id, body: "ignored" }) })),
        ...[randomUUID(), randomUUID()].map((bad) => ({ kind: "bad", id: "", p: api(server, "POST", `/api/v1/incidents/${bad}/events`, { body: "nowhere" }) })),
      ];
      const results = await Promise.all(requests.map((r) => r.p));
      results.forEach((r) => statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1));
      for (const b of fresh) {
        const answers = results.filter((_, i) => requests[i]!.id === b.id);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
        expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      }
      results.forEach((r, i) => {
        if (requests[i]!.kind === "stored") expect([r.status, r.json.body]).toEqual([200, stored.find((s) => s.json.id === requests[i]!.id)!.json.body]);
        if (requests[i]!.kind === "bad") expect(r.status).toBe(404);
      });
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    const list = await api(server, "GET", `/api/v1/incidents/${inc.id}/events?limit=500`);
    expect(list.json.events).toHaveLength(3 + 20 * 10);
  });
});
