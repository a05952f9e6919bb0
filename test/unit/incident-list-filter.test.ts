import { describe, expect, it } from "vitest";
import { incidentMatches, placeInList } from "@/lib/incidents/list-filter";
import { incidentListFrame } from "@/lib/live/incident-list-stream";
import type { LiveMessage } from "@/lib/live/bus";

// How the live incident list places an incident that changed, without asking
// the server: the same filters as GET /api/v1/incidents, newest first, never
// more rows than the page shows.

type Row = { id: string; number: number; title: string; summary: string; status: string; severity: string; createdAt: string };

const at = (minute: number) => new Date(Date.UTC(2026, 2, 3, 9, minute)).toISOString();
const inc = (number: number, over: Partial<Row> = {}): Row => ({
  id: `id-${number}`,
  number,
  title: `Incident ${number}`,
  summary: "",
  status: "investigating",
  severity: "SEV2",
  createdAt: at(number),
  ...over,
});

describe("incidentMatches", () => {
  it("filters by status, severity and text (title, summary or INC number), as the API does", () => {
    const i = inc(12, { title: "Checkout API 502s", summary: "EU only", severity: "SEV1" });
    expect(incidentMatches(i, {})).toBe(true);
    expect(incidentMatches(i, { status: "investigating", severity: "SEV1" })).toBe(true);
    expect(incidentMatches(i, { status: "resolved" })).toBe(false);
    expect(incidentMatches(i, { severity: "SEV2" })).toBe(false);
    expect(incidentMatches(i, { q: "checkout" })).toBe(true);
    expect(incidentMatches(i, { q: "eu only" })).toBe(true);
    expect(incidentMatches(i, { q: "INC-12" })).toBe(true);
    expect(incidentMatches(i, { q: "12" })).toBe(true);
    expect(incidentMatches(i, { q: "payments" })).toBe(false);
  });
});

describe("placeInList", () => {
  const list = [inc(3), inc(2), inc(1)];

  it("puts a new incident first and keeps the page size", () => {
    expect(placeInList(list, inc(4), {}, 3).map((i) => i.number)).toEqual([4, 3, 2]);
    expect(placeInList(list, inc(4), {}, 10).map((i) => i.number)).toEqual([4, 3, 2, 1]);
  });

  it("updates a listed incident in place, and drops it when it leaves the filter", () => {
    const changed = placeInList(list, inc(2, { status: "identified" }), {}, 10);
    expect(changed.map((i) => [i.number, i.status])).toEqual([
      [3, "investigating"],
      [2, "identified"],
      [1, "investigating"],
    ]);
    const kept = placeInList(list, inc(2, { title: "Renamed" }), {}, 10);
    expect(kept.map((i) => [i.number, i.title])).toEqual([
      [3, "Incident 3"],
      [2, "Renamed"],
      [1, "Incident 1"],
    ]);
    expect(placeInList(list, inc(2, { status: "resolved" }), { status: "investigating" }, 10).map((i) => i.number)).toEqual([3, 1]);
  });

  it("does not take in an old incident beyond a full page", () => {
    const full = [inc(9), inc(8), inc(7)];
    expect(placeInList(full, inc(2, { status: "identified" }), {}, 3).map((i) => i.number)).toEqual([9, 8, 7]);
    expect(placeInList(full.slice(0, 2), inc(2), {}, 3).map((i) => i.number)).toEqual([9, 8, 2]);
  });
});

describe("incidentListFrame", () => {
  it("forwards incident changes and deletions once serialised, and nothing else", () => {
    const incident = { id: "i", title: "x" } as unknown as Extract<LiveMessage, { type: "incident" }>["incident"];
    const message: LiveMessage = { type: "incident", incident };
    const frame = incidentListFrame(message);
    expect(frame).toBe(`event: incident\ndata: ${JSON.stringify({ type: "incident", incident })}\n\n`);
    expect(incidentListFrame(message)).toBe(frame);
    expect(incidentListFrame({ type: "incident_deleted", incidentId: "i" })).toBe('event: incident\ndata: {"type":"incident_deleted","incidentId":"i"}\n\n');
    expect(incidentListFrame({ type: "postmortem", incidentId: "i" })).toBeNull();
  });
});
