import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { EventJson } from "@/lib/timeline/wire";
import type { OutboxEntry } from "@/lib/timeline/outbox";
import { latestUpdatedAt, mergeEvent, timelineRows } from "@/components/timeline/merge-events";
import { eventJson as event } from "../support/event-json";

// How the timeline combines committed events (page load, POST answers, live
// frames, catch-up replays) with entries still in this browser's outbox.

function queued(body: string, occurredAt: string, id = randomUUID()): OutboxEntry {
  return {
    payload: { id, body, occurredAt, kind: "note" },
    queuedAt: occurredAt,
    attempts: 0,
    nextAttemptAt: 0,
    status: "pending",
    error: null,
  };
}

describe("mergeEvent", () => {
  it("keeps the higher version whatever order frames arrive in", () => {
    const v1 = event({ body: "v1" });
    const v2 = { ...v1, body: "v2", version: 2 };
    const a = mergeEvent(mergeEvent(new Map(), v1), v2);
    const b = mergeEvent(mergeEvent(new Map(), v2), v1);
    expect(a.get(v1.id)?.body).toBe("v2");
    expect(b.get(v1.id)?.body).toBe("v2");
  });

  it("returns the same map for a repeat, so nothing re-renders", () => {
    const e = event();
    const map = mergeEvent(new Map(), e);
    expect(mergeEvent(map, { ...e })).toBe(map);
  });

  it("does not let a late 'created' frame bring back a deleted entry", () => {
    const e = event();
    const deleted = { ...e, version: 2, deletedAt: "2026-03-04T10:01:00.000Z" };
    const map = mergeEvent(mergeEvent(new Map(), deleted), e);
    expect(timelineRows(map, [])).toEqual([]);
    const restored = { ...e, version: 3 };
    expect(timelineRows(mergeEvent(map, restored), []).map((r) => r.id)).toEqual([e.id]);
  });
});

describe("timelineRows", () => {
  it("orders by occurredAt, then recordedAt", () => {
    const late = event({ body: "late", occurredAt: "2026-03-04T10:05:00.000Z" });
    const early = event({ body: "early", occurredAt: "2026-03-04T09:00:00.000Z" });
    const sameTimeSecond = event({ body: "b", occurredAt: "2026-03-04T09:30:00.000Z", recordedAt: "2026-03-04T10:02:00.000Z" });
    const sameTimeFirst = event({ body: "a", occurredAt: "2026-03-04T09:30:00.000Z", recordedAt: "2026-03-04T10:01:00.000Z" });
    let map: ReadonlyMap<string, EventJson> = new Map();
    for (const e of [late, early, sameTimeSecond, sameTimeFirst]) map = mergeEvent(map, e);
    expect(timelineRows(map, []).map((r) => (r.type === "event" ? r.event.body : ""))).toEqual(["early", "a", "b", "late"]);
  });

  it("shows queued entries in their place until the server's copy arrives, never both", () => {
    const committed = event({ body: "committed", occurredAt: "2026-03-04T10:00:00.000Z" });
    const pending = queued("pending", "2026-03-04T09:59:00.000Z");
    const map = mergeEvent(new Map(), committed);
    const rows = timelineRows(map, [pending]);
    expect(rows.map((r) => [r.type, r.id])).toEqual([
      ["outbox", pending.payload.id],
      ["event", committed.id],
    ]);
    const arrived = mergeEvent(map, event({ id: pending.payload.id, body: "pending", occurredAt: pending.payload.occurredAt }));
    expect(timelineRows(arrived, [pending]).map((r) => r.type)).toEqual(["event", "event"]);
  });
});

describe("latestUpdatedAt", () => {
  it("is the newest change time, or the fallback", () => {
    const events = [event({ updatedAt: "2026-03-04T10:00:00.000Z" }), event({ updatedAt: "2026-03-04T11:00:00.000Z" })];
    expect(latestUpdatedAt(events, "2026-03-04T09:00:00.000Z")).toBe("2026-03-04T11:00:00.000Z");
    expect(latestUpdatedAt([], "2026-03-04T09:00:00.000Z")).toBe("2026-03-04T09:00:00.000Z");
  });
});
