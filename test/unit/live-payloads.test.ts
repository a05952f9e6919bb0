import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { accessChangePayload, createdEntryPayloads, processOrigin } from "@/lib/timeline/pg-live-bus";

// What the PostgreSQL group commit sends with NOTIFY: every entry of a batch
// (up to 256) announced, each payload under PostgreSQL's 8,000-byte limit.

describe("NOTIFY payloads for entries a batch created", () => {
  it("announce every entry once, in order, in payloads PostgreSQL accepts", () => {
    const incidentId = randomUUID();
    const entries = Array.from({ length: 256 }, () => ({ incidentId, eventId: randomUUID() }));
    const payloads = createdEntryPayloads(entries);
    expect(payloads.length).toBeGreaterThan(1);
    const refs: Array<{ t: string; i: string; e: string; a: string }> = [];
    for (const payload of payloads) {
      expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
      const envelope = JSON.parse(payload) as { o: string; m: typeof refs };
      expect(envelope.o).toBe(processOrigin());
      refs.push(...envelope.m);
    }
    expect(refs).toEqual(entries.map((e) => ({ t: "e", i: e.incidentId, e: e.eventId, a: "created" })));
    expect(createdEntryPayloads([])).toEqual([]);
  });

  it("says an access change in clear, with no references", () => {
    expect(JSON.parse(accessChangePayload())).toEqual({ o: processOrigin(), m: [], a: true });
  });
});
