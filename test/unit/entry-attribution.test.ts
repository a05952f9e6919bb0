import { describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/service";
import { createTimelineEvent, listEventRevisions, listTimelineEvents, updateTimelineEvent } from "@/lib/timeline/service";

// Entries from a pasted chat log keep who said them ("via alice"), apart
// from who posted them; and only a change to what an entry says makes it
// "edited" (a star, a label or a visibility change does not).

useTempDatabase();
const actor = LOCAL_ACTOR;
const other = { ...actor, id: "u-2", name: "Second responder" };

async function newIncident() {
  return createIncident({ input: { title: "Checkout down", severity: "SEV1" }, actor });
}

describe("attribution", () => {
  it("is stored apart from the author, through the single and the batched write paths", async () => {
    const inc = await newIncident();
    const [one, two] = await Promise.all([
      createTimelineEvent({ incidentId: inc.id, input: { body: "seeing errors", attribution: "  alice  " }, actor }),
      createTimelineEvent({ incidentId: inc.id, input: { body: "rolled back", attribution: "Smith, Bob" }, actor }),
    ]);
    expect(one.event).toMatchObject({ attribution: "alice", authorName: actor.name });
    expect(two.event.attribution).toBe("Smith, Bob");
    const plain = await createTimelineEvent({ incidentId: inc.id, input: { body: "typed here", attribution: "" }, actor });
    expect(plain.event.attribution).toBeNull();
    const { events: listed } = await listTimelineEvents({ incidentId: inc.id, actor });
    expect(listed.map((e) => e.attribution).sort()).toEqual(["Smith, Bob", "alice", null].sort());
  });

  it("refuses an attribution over 100 characters or over several lines (422 naming the field)", async () => {
    const inc = await newIncident();
    for (const attribution of ["x".repeat(101), "alice\nbob", "tab\there"]) {
      const err = await createTimelineEvent({ incidentId: inc.id, input: { body: "x", attribution }, actor }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(422);
      expect(JSON.stringify((err as AppError).issues)).toContain("attribution");
    }
  });

  it("can be corrected, and the earlier value is kept in the revisions", async () => {
    const inc = await newIncident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "seeing errors", attribution: "ETA" }, actor });
    const fixed = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 1, attribution: "alice" }, actor });
    expect(fixed.attribution).toBe("alice");
    const revisions = await listEventRevisions({ incidentId: inc.id, eventId: event.id, actor });
    expect(revisions.map((r) => r.attribution)).toEqual(["ETA"]);
    const cleared = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 2, attribution: null }, actor });
    expect(cleared.attribution).toBeNull();
  });
});

describe("edited", () => {
  it("is not set by starring, labelling or making an entry public", async () => {
    const inc = await newIncident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "rolled back" }, actor });
    let v = event.version;
    for (const change of [{ key: true }, { statusLabel: "Mitigated" }, { visibility: "public" as const }, { key: false }]) {
      const next = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: v, ...change }, actor: other });
      expect(next.version).toBe(v + 1);
      expect(next.editedAt).toBeNull();
      expect(next.editedByName).toBeNull();
      v = next.version;
    }
  });

  it("is set, with who, by a change of text, time, kind, milestone or attribution", async () => {
    const inc = await newIncident();
    for (const change of [
      { body: "rolled back deploy 4521" },
      { occurredAt: new Date(Date.now() - 60_000).toISOString() },
      { kind: "action" as const },
      { milestone: "mitigated" as const },
      { attribution: "alice" },
    ]) {
      const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "rolled back" }, actor });
      const next = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 1, ...change }, actor: other });
      expect(next.editedAt, JSON.stringify(change)).toBeInstanceOf(Date);
      expect(next.editedByName).toBe("Second responder");
      // A later star keeps who edited it, not who starred it.
      const starred = await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 2, key: true }, actor });
      expect(starred.editedByName).toBe("Second responder");
      expect(starred.editedAt?.getTime()).toBe(next.editedAt?.getTime());
    }
  });
});
