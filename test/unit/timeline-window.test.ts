import { describe, expect, it } from "vitest";
import type { EventJson, EventsPageJson } from "@/lib/timeline/wire";
import { timelineRows } from "@/components/timeline/merge-events";
import { eventJson } from "../support/event-json";
import { applyLive, applyNewer, applyOlder, beyondSpan, keyOf, shownEvents, windowFromPage } from "@/components/timeline/timeline-window";

// The incident page holds one contiguous span of the timeline and takes live
// changes only where they belong in it (components/timeline/timeline-window.ts).

const T0 = Date.parse("2026-03-04T10:00:00.000Z");

function event(minute: number, over: Partial<EventJson> = {}): EventJson {
  const at = new Date(T0 + minute * 60_000).toISOString();
  return eventJson({ occurredAt: at, recordedAt: at, updatedAt: at, body: `at minute ${minute}`, ...over });
}

function answer(events: EventJson[], hasOlder: boolean, hasNewer: boolean): EventsPageJson {
  return { events, page: { order: "timeline", limit: 200, hasOlder, hasNewer, older: hasOlder ? `older-${events[0]?.id}` : null, newer: `newer-${events.at(-1)?.id}` } };
}

const shownBodies = (w: ReturnType<typeof windowFromPage>) => timelineRows(w.events, [], shownEvents(w)).map((r) => (r.type === "event" ? r.event.body : ""));

describe("the loaded span of the timeline", () => {
  const page = [10, 11, 12].map((m) => event(m));

  it("starts from the newest page: bounded below while older entries exist, open to the live end", () => {
    const w = windowFromPage(answer(page, true, false), "all", 0);
    expect(w.lower).toEqual(keyOf(page[0]!));
    expect(w.upper).toBeNull();
    expect(w.olderCursor).toBe(`older-${page[0]?.id}`);
    expect(shownBodies(w)).toEqual(["at minute 10", "at minute 11", "at minute 12"]);
  });

  it("takes live entries at the live end and inside the span, and leaves older ones to their page", () => {
    let w = windowFromPage(answer(page, true, false), "all", 0);
    w = applyLive(w, event(13, { body: "new" }));
    w = applyLive(w, event(10.5, { body: "backdated inside" }));
    const older = event(1, { body: "backdated before the span" });
    const same = applyLive(w, older);
    expect(same).toBe(w);
    expect(shownBodies(w)).toEqual(["at minute 10", "backdated inside", "at minute 11", "at minute 12", "new"]);
    // Once its page is loaded, it is there.
    w = applyOlder(w, answer([older, event(5)], false, true));
    expect(w.lower).toBeNull();
    expect(shownBodies(w)[0]).toBe("backdated before the span");
  });

  it("keeps the newest version of an entry it holds, even when the entry moves out of the span", () => {
    let w = windowFromPage(answer(page, true, false), "all", 0);
    const moved = { ...page[1]!, occurredAt: new Date(T0).toISOString(), version: 2 };
    w = applyLive(w, moved);
    expect(w.events.get(moved.id)?.version).toBe(2);
    expect(shownBodies(w)).toEqual(["at minute 10", "at minute 12"]);
    // A late, older frame cannot bring it back.
    w = applyLive(w, page[1]!);
    expect(shownBodies(w)).toEqual(["at minute 10", "at minute 12"]);
  });

  it("after a jump, holds newer live entries beyond the span without showing them until the live end is reached", () => {
    let w = windowFromPage(answer(page, true, true), "all", 1);
    expect(w.upper).toEqual(keyOf(page[2]!));
    const later = event(30, { body: "later" });
    expect(beyondSpan(w, keyOf(later))).toBe(true);
    w = applyLive(w, later);
    expect(w.events.has(later.id)).toBe(true);
    expect(shownBodies(w)).not.toContain("later");
    // The page after the span reaches the live end: the held entry shows in its place.
    w = applyNewer(w, answer([event(20, { body: "twenty" })], true, false));
    expect(w.upper).toBeNull();
    expect(shownBodies(w).slice(-2)).toEqual(["twenty", "later"]);
  });

  it("shows public updates only in the public scope, and drops one made internal", () => {
    const pub = event(11, { visibility: "public", body: "public one" });
    let w = windowFromPage(answer([pub], false, false), "public", 2);
    w = applyLive(w, event(12, { body: "internal note" }));
    expect(shownBodies(w)).toEqual(["public one"]);
    w = applyLive(w, { ...pub, visibility: "internal", version: 2 });
    expect(shownBodies(w)).toEqual([]);
  });

  it("ignores a deletion of something it never held, and hides a deleted entry it holds", () => {
    let w = windowFromPage(answer(page, false, false), "all", 0);
    const stranger = event(11.5, { deletedAt: new Date().toISOString(), version: 2 });
    expect(applyLive(w, stranger)).toBe(w);
    w = applyLive(w, { ...page[0]!, deletedAt: new Date().toISOString(), version: 2 });
    expect(shownBodies(w)).toEqual(["at minute 11", "at minute 12"]);
  });
});
