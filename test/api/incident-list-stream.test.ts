import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../support/server";
import { openStream, type OpenStream } from "../support/sse";

// GET /api/v1/incidents/stream over real HTTP: what a live incident list is
// told, who may open it, and that it is capped like the timeline streams.

let server: TestServer;
const open: OpenStream[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const s of open) s.close();
  await server?.dispose();
});

async function listStream(role: "viewer" | "responder" | "admin" = "viewer"): Promise<OpenStream> {
  const s = await openStream(`${server.url}/api/v1/incidents/stream`, { authorization: `Bearer ${server.keys[role]}` });
  open.push(s);
  return s;
}

/** The JSON of every `incident` frame received so far. */
function frames(s: OpenStream): Array<{ type: string; incident?: { id: string; status: string; title: string }; incidentId?: string }> {
  return s
    .text()
    .split("\n\n")
    .filter((block) => block.startsWith("event: incident\n"))
    .map((block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)));
}

describe("the incident list stream", () => {
  it("refuses anonymous callers with a 401", async () => {
    const res = await fetch(`${server.url}/api/v1/incidents/stream`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBeTruthy();
  });

  it("tells a viewer's list of incidents declared, changed and deleted, and nothing of timeline entries", async () => {
    const s = await listStream("viewer");
    expect(s.status).toBe(200);
    const created = await api(server, "POST", "/api/v1/incidents", { title: "Stream: checkout 502s", severity: "SEV2" });
    expect(created.status).toBe(201);
    const id = created.json.id;
    await s.waitFor(id);
    await api(server, "POST", `/api/v1/incidents/${id}/events`, { body: "an entry lists never show" });
    const patched = await api(server, "PATCH", `/api/v1/incidents/${id}`, { version: created.json.version, status: "identified" });
    expect(patched.status).toBe(200);
    await s.waitFor('"status":"identified"');
    expect((await api(server, "DELETE", `/api/v1/incidents/${id}`)).status).toBe(200);
    await s.waitFor('"type":"incident_deleted"');

    const mine = frames(s).filter((f) => f.incident?.id === id || f.incidentId === id);
    expect(mine[0]).toMatchObject({ type: "incident", incident: { id, status: "investigating", title: "Stream: checkout 502s" } });
    expect(mine.some((f) => f.type === "incident" && f.incident?.status === "identified")).toBe(true);
    expect(mine.at(-1)).toEqual({ type: "incident_deleted", incidentId: id });
    expect(s.text()).not.toContain("an entry lists never show");
  });

  it("announces an imported incident too", async () => {
    const s = await listStream("responder");
    const markdown = "# Stream import: search outage\n\n## Summary\n\nSearch was down.\n";
    const res = await fetch(`${server.url}/api/v1/import/markdown`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.keys.responder}`, "content-type": "text/markdown" },
      body: markdown,
    });
    expect(res.status).toBe(201);
    const imported = await res.json();
    await s.waitFor(imported.id);
    expect(frames(s).some((f) => f.incident?.id === imported.id)).toBe(true);
  });

  it("counts against the same cap as the timeline streams: the 21st for one key is a 429", async () => {
    const held: OpenStream[] = [];
    for (let i = 0; i < 20; i++) held.push(await listStream("admin"));
    expect(held.every((s) => s.status === 200)).toBe(true);
    const refused = await listStream("admin");
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/at most 20/);
    held[0]?.close();
    await held[0]?.ended;
    // The server notices the closed stream when the socket goes; give it a moment to count it out.
    let again = await listStream("admin");
    for (let i = 0; i < 20 && again.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await listStream("admin");
    }
    expect(again.status).toBe(200);
    for (const s of held) s.close();
  });
});
