import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { api, startTestServer, type TestServer } from "../support/server";
import { openStream } from "../support/sse";
import { seedTimeline, type SeededIncident } from "../support/seed-timeline";

// GET …/events pages with cursors and a hard maximum, over real HTTP against
// the production server; hostile cursors and limits get a 4xx naming the
// field; the live stream's catch-up is bounded to a window and answers a
// longer one with a reset frame.

let server: TestServer;
let incident: SeededIncident;
let other: SeededIncident;

beforeAll(async () => {
  server = await startTestServer();
  incident = await seedTimeline(server.databaseUrl, { count: 1_000, title: "Paging over HTTP" });
  other = await seedTimeline(server.databaseUrl, { count: 30, title: "Another incident" });
});

afterAll(async () => {
  await server?.dispose();
});

type Page = { events: { id: string; incidentId: string; body: string; deletedAt: string | null }[]; page: { order: string; limit: number; hasOlder: boolean; hasNewer: boolean; older: string | null; newer: string | null } };

async function page(query: string, incidentId = incident.id): Promise<Page> {
  const res = await api(server, "GET", `/api/v1/incidents/${incidentId}/events${query}`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.json;
}

const streamUrl = (incidentId: string, query = "") => `${server.url}/api/v1/incidents/${incidentId}/events/stream${query}`;
const auth = () => ({ authorization: `Bearer ${server.keys.admin}` });

describe("paging GET /api/v1/incidents/{id}/events", () => {
  it("answers the newest window by default, with the page info", async () => {
    const first = await page("");
    expect(first.events).toHaveLength(200);
    expect(first.events.at(-1)?.id).toBe(incident.eventIds.at(-1));
    expect(first.events[0]?.id).toBe(incident.eventIds[800]);
    expect(first.page).toMatchObject({ order: "timeline", limit: 200, hasOlder: true, hasNewer: false });
    expect(typeof first.page.older).toBe("string");
  });

  it("walks back with before and forward with after, each entry once, in timeline order", async () => {
    const back: string[] = [];
    let p = await page("?limit=500");
    back.unshift(...p.events.map((e) => e.id));
    while (p.page.hasOlder) {
      p = await page(`?limit=500&before=${encodeURIComponent(p.page.older ?? "")}`);
      back.unshift(...p.events.map((e) => e.id));
    }
    expect(back).toEqual(incident.eventIds);

    // From the very start: the window "around" an instant before everything, then after, after…
    const forward: string[] = [];
    p = await page("?limit=500&around=1970-01-01T00:00:00Z");
    forward.push(...p.events.map((e) => e.id));
    expect(p.page.hasOlder).toBe(false);
    while (p.page.hasNewer) {
      p = await page(`?limit=333&after=${encodeURIComponent(p.page.newer ?? "")}`);
      forward.push(...p.events.map((e) => e.id));
    }
    expect(forward).toEqual(incident.eventIds);
  });

  it("loads the entries around one entry, and 404s an entry of another incident", async () => {
    const p = await page(`?entry=${incident.eventIds[500]}&limit=21`);
    expect(p.events.map((e) => e.id)).toEqual(incident.eventIds.slice(490, 511));
    const foreign = await api(server, "GET", `/api/v1/incidents/${incident.id}/events?entry=${other.eventIds[0]}`);
    expect(foreign.status).toBe(404);
  });

  it("never crosses into another incident through a cursor", async () => {
    const foreign = await page("?limit=5", other.id);
    const p = await page(`?limit=50&before=${encodeURIComponent(foreign.page.older ?? "")}`);
    expect(p.events.length).toBeGreaterThan(0);
    expect(p.events.every((e) => e.incidentId === incident.id)).toBe(true);
  });

  it("pages changes since an instant, deletions included, and continues with after", async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const a = (await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { id: randomUUID(), body: "change one" })).json;
    await new Promise((r) => setTimeout(r, 3));
    await api(server, "DELETE", `/api/v1/incidents/${incident.id}/events/${incident.eventIds[10]}`);
    await new Promise((r) => setTimeout(r, 3));
    const c = (await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { id: randomUUID(), body: "change three" })).json;
    const first = await page(`?since=${encodeURIComponent(since)}&limit=2`);
    expect(first.page).toMatchObject({ order: "changes", hasNewer: true });
    expect(first.events.map((e) => e.id)).toEqual([a.id, incident.eventIds[10]]);
    expect(first.events[1]?.deletedAt).not.toBeNull();
    const rest = await page(`?after=${encodeURIComponent(first.page.newer ?? "")}`);
    expect(rest.events.map((e) => e.id)).toEqual([c.id]);
    expect(rest.page.hasNewer).toBe(false);
    await api(server, "POST", `/api/v1/incidents/${incident.id}/events/${incident.eventIds[10]}/restore`);
  });
});

describe("hostile paging input: a 4xx naming the field, never a 500", () => {
  const b64 = (text: string) => Buffer.from(text).toString("base64url");
  const cases: Array<[string, string, string]> = [
    ["limit over the hard maximum", "limit=501", "limit"],
    ["limit of a million", "limit=1000000", "limit"],
    ["limit zero", "limit=0", "limit"],
    ["limit negative", "limit=-1", "limit"],
    ["limit fractional", "limit=1.5", "limit"],
    ["limit in words", "limit=ten", "limit"],
    ["limit with a NUL", "limit=1%00", "limit"],
    ["limit repeated, the last one too big", "limit=5&limit=9999", "limit"],
    ["before garbage", "before=garbage", "before"],
    ["before SQL", `before=${encodeURIComponent("' OR 1=1 --")}`, "before"],
    ["before base64 of SQL", `before=${b64(`t.1.1.'); DELETE FROM "TimelineEvent"; --`)}`, "before"],
    ["before with instants beyond any date", `before=${b64(`t.99999999999999999.1.${randomUUID()}`)}`, "before"],
    ["before too long", `before=${"A".repeat(2_000)}`, "before"],
    ["after in another encoding", `after=${encodeURIComponent(Buffer.from(`t.1.1.${randomUUID()}`).toString("base64"))}==`, "after"],
    ["before a change cursor", `before=${b64(`c.1.${randomUUID()}`)}`, "before"],
    ["before and after", `before=${b64(`t.1.1.${randomUUID()}`)}&after=${b64(`t.1.1.${randomUUID()}`)}`, "after"],
    ["after and since", `after=${b64(`t.1.1.${randomUUID()}`)}&since=2026-03-03T09:00:00Z`, "since"],
    ["around not an instant", "around=noon", "around"],
    ["around far in the future", "around=9999-01-01T00:00:00Z", "around"],
    ["since not an instant", "since=garbage", "since"],
    ["visibility unknown", "visibility=secret", "visibility"],
    ["visibility with since", "visibility=public&since=2026-03-03T09:00:00Z", "visibility"],
    ["includeDeleted not a boolean", "includeDeleted=yes", "includeDeleted"],
    ["an unknown parameter", "offset=400", "offset"],
    ["entry not a UUID", `entry=${encodeURIComponent("1 OR 1=1")}`, "entry"],
    ["entry with a cursor", `entry=${randomUUID()}&before=${b64(`t.1.1.${randomUUID()}`)}`, "entry"],
  ];
  it.each(cases)("%s", async (_name, query, field) => {
    const res = await api(server, "GET", `/api/v1/incidents/${incident.id}/events?${query}`);
    expect(res.status, res.text.slice(0, 300)).toBe(422);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(res.json.error.message).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("refuses a URL too long to be a cursor before it reaches the app, and keeps serving", async () => {
    const res = await api(server, "GET", `/api/v1/incidents/${incident.id}/events?before=${"A".repeat(40_000)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await api(server, "GET", "/api/health")).status).toBe(200);
  });
});

describe("the live stream's catch-up", () => {
  it("replays a short catch-up as event frames", async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const missed = (await api(server, "POST", `/api/v1/incidents/${other.id}/events`, { id: randomUUID(), body: "missed while away" })).json;
    const stream = await openStream(streamUrl(other.id, `?since=${encodeURIComponent(since)}`), auth());
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor(missed.id);
      expect(stream.text()).not.toContain("event: reset");
    } finally {
      stream.close();
    }
  });

  it("answers a catch-up longer than a window with a reset frame instead of the entries, then stays live", async () => {
    // Everything was written in the last hours: a day back is a thousand changes.
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const stream = await openStream(streamUrl(incident.id, `?since=${encodeURIComponent(since)}`), auth());
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor("event: reset");
      const text = stream.text();
      expect(text).not.toContain("event: event");
      const frame = /id: (\S+)\nevent: reset\ndata: (.+)\n\n/.exec(text);
      expect(frame).not.toBeNull();
      const data = JSON.parse(frame?.[2] ?? "{}");
      expect(data).toMatchObject({ type: "reset", reason: "catch_up_too_long", max: 200 });
      expect(frame?.[1]).toBe(data.at);
      expect(Date.parse(data.at)).toBeGreaterThan(Date.parse(since));

      const live = (await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { id: randomUUID(), body: "live after the reset" })).json;
      await stream.waitFor(live.id);
    } finally {
      stream.close();
    }
  });

  it("does the same when resuming with Last-Event-ID", async () => {
    const stream = await openStream(streamUrl(incident.id), { ...auth(), "last-event-id": new Date(Date.now() - 86_400_000).toISOString() });
    try {
      await stream.waitFor("event: reset");
      expect(stream.text()).not.toContain("event: event");
    } finally {
      stream.close();
    }
  });

  it("refuses a resume point that is not an instant", async () => {
    const stream = await openStream(streamUrl(incident.id), { ...auth(), "last-event-id": "yesterday; DROP TABLE" });
    expect(stream.status).toBe(422);
    expect(stream.json.error.issues.map((i: { path: string }) => i.path)).toContain("since");
  });
});
