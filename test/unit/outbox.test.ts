import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import {
  classifyStatus,
  clearBackoff,
  enqueue,
  flushOutbox,
  nextToSend,
  outboxKey,
  readOutbox,
  recordRetry,
  removeEntry,
  replacePayload,
  retryDelayMs,
  withMemoryFallback,
  type KeyValueStorage,
  type OutboxPayload,
  type SendResult,
} from "@/lib/timeline/outbox";

const INC = "7d0c7d8e-5f7a-4c59-9d0e-3d0b5b8e2a11";

class MapStorage implements KeyValueStorage {
  map = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error("QuotaExceededError");
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

function payload(body: string): OutboxPayload {
  return { id: randomUUID(), body, occurredAt: "2026-03-04T10:00:00.000Z", kind: "note" };
}

/** A fake server: answers from a script, records what it was sent, dedupes by id like the real one. */
function fakeServer(script: Array<number | "throw">) {
  const stored = new Map<string, OutboxPayload>();
  const calls: string[] = [];
  const send = async (p: OutboxPayload): Promise<SendResult> => {
    calls.push(p.body);
    const next = script.length ? script.shift() : 201;
    if (next === "throw") throw new TypeError("Failed to fetch");
    if (next === undefined || (next >= 200 && next < 300)) {
      const status = stored.has(p.id) ? 200 : 201;
      stored.set(p.id, p);
      return { status, event: { id: p.id } };
    }
    return { status: next, error: `HTTP ${next}` };
  };
  return { send, stored, calls };
}

const T0 = new Date("2026-03-04T10:00:00Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);

describe("storage", () => {
  it("keys the queue per incident and survives a 'reload' (a fresh read)", () => {
    const s = new MapStorage();
    const a = payload("one");
    enqueue(s, INC, [a], T0);
    expect(s.map.has(outboxKey(INC))).toBe(true);
    expect(outboxKey(INC)).toBe(`debrief:outbox:${INC}`);
    expect(readOutbox(s, INC).map((e) => e.payload)).toEqual([a]);
    expect(readOutbox(s, "other-incident")).toEqual([]);
  });

  it("keeps the order and never queues an id twice", () => {
    const s = new MapStorage();
    const [a, b, c] = [payload("a"), payload("b"), payload("c")];
    enqueue(s, INC, [a, b], T0);
    enqueue(s, INC, [b, c], T0);
    expect(readOutbox(s, INC).map((e) => e.payload.body)).toEqual(["a", "b", "c"]);
  });

  it("reads corrupt or foreign data as an empty queue, skipping bad items", () => {
    const s = new MapStorage();
    s.map.set(outboxKey(INC), "{not json");
    expect(readOutbox(s, INC)).toEqual([]);
    s.map.set(outboxKey(INC), JSON.stringify({ a: 1 }));
    expect(readOutbox(s, INC)).toEqual([]);
    const good = payload("good");
    enqueue(new MapStorage(), INC, [good], T0);
    s.map.set(
      outboxKey(INC),
      JSON.stringify([{ junk: true }, { payload: good, queuedAt: T0.toISOString(), attempts: 0, nextAttemptAt: 0, status: "pending", error: null }]),
    );
    expect(readOutbox(s, INC).map((e) => e.payload.body)).toEqual(["good"]);
  });

  it("removes the key when the queue empties", () => {
    const s = new MapStorage();
    const a = payload("a");
    enqueue(s, INC, [a], T0);
    removeEntry(s, INC, a.id);
    expect(s.map.size).toBe(0);
  });

  it("two tabs queueing at once keep both entries (read-modify-write)", () => {
    const s = new MapStorage();
    enqueue(s, INC, [payload("tab A")], T0);
    enqueue(s, INC, [payload("tab B")], T0);
    expect(readOutbox(s, INC)).toHaveLength(2);
  });
});

describe("classifyStatus", () => {
  it.each([
    [201, "sent"],
    [200, "sent"],
    [0, "retry"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [408, "retry"],
    [429, "retry"],
    [400, "rejected"],
    [404, "rejected"],
    [409, "rejected"],
    [413, "rejected"],
    [422, "rejected"],
  ] as const)("%i → %s", (status, outcome) => {
    expect(classifyStatus(status)).toBe(outcome);
  });
});

describe("backoff", () => {
  it("doubles from 1 s up to 10 s, with bounded jitter", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, 0.5))).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    expect(retryDelayMs(1, 0)).toBe(800);
    expect(retryDelayMs(1, 1)).toBe(1200);
  });

  it("holds the queue behind a head that waits, until the backoff is cleared", () => {
    const s = new MapStorage();
    enqueue(s, INC, [payload("a"), payload("b")], T0);
    const [head] = readOutbox(s, INC);
    recordRetry(s, INC, head!.payload.id, "down", T0, 0.5);
    recordRetry(s, INC, head!.payload.id, "down", T0, 0.5);
    recordRetry(s, INC, head!.payload.id, "down", T0, 0.5);
    expect(nextToSend(readOutbox(s, INC), T0)).toEqual({ waitMs: 4000 });
    clearBackoff(s, INC);
    const next = nextToSend(readOutbox(s, INC), T0);
    expect(next && "entry" in next && next.entry.payload.body).toBe("a");
  });
});

describe("flushOutbox", () => {
  it("sends everything in order, each exactly once, and empties the queue", async () => {
    const s = new MapStorage();
    enqueue(s, INC, ["1", "2", "3", "4", "5"].map(payload), T0);
    const server = fakeServer([]);
    const report = await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0) });
    expect(server.calls).toEqual(["1", "2", "3", "4", "5"]);
    expect(report.sent).toHaveLength(5);
    expect(report.retryInMs).toBeNull();
    expect(readOutbox(s, INC)).toEqual([]);
  });

  it("stops at the first unreachable send and keeps everything, in order, for later", async () => {
    const s = new MapStorage();
    enqueue(s, INC, ["1", "2", "3"].map(payload), T0);
    const server = fakeServer(["throw"]);
    const report = await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0), jitter: () => 0.5 });
    expect(server.calls).toEqual(["1"]);
    expect(report.retryInMs).toBe(1000);
    const queued = readOutbox(s, INC);
    expect(queued.map((e) => [e.payload.body, e.attempts, e.status])).toEqual([
      ["1", 1, "pending"],
      ["2", 0, "pending"],
      ["3", 0, "pending"],
    ]);
    expect(queued[0]?.error).toBe("Failed to fetch");
  });

  it("does not retry before the backoff, then backs off further on each failure", async () => {
    const s = new MapStorage();
    enqueue(s, INC, [payload("1")], T0);
    const server = fakeServer([503, 502]);
    const opts = { storage: s, incidentId: INC, send: server.send, jitter: () => 0.5 };
    expect((await flushOutbox({ ...opts, now: at(0) })).retryInMs).toBe(1000);
    const early = await flushOutbox({ ...opts, now: at(500) });
    expect(early.retryInMs).toBe(500);
    expect(server.calls).toHaveLength(1);
    expect((await flushOutbox({ ...opts, now: at(1000) })).retryInMs).toBe(2000);
    const done = await flushOutbox({ ...opts, now: at(3000) });
    expect(done.sent).toHaveLength(1);
    expect(server.calls).toHaveLength(3);
    expect(server.stored.size).toBe(1);
  });

  it("treats 408 and 429 as retryable", async () => {
    const s = new MapStorage();
    enqueue(s, INC, [payload("1")], T0);
    const server = fakeServer([429, 408]);
    const opts = { storage: s, incidentId: INC, send: server.send, jitter: () => 0.5 };
    await flushOutbox({ ...opts, now: at(0) });
    await flushOutbox({ ...opts, now: at(1000) });
    expect(readOutbox(s, INC)[0]).toMatchObject({ status: "pending", attempts: 2 });
  });

  it("keeps a permanently refused entry (4xx) with its error, without blocking the rest", async () => {
    const s = new MapStorage();
    enqueue(s, INC, ["too long", "ok"].map(payload), T0);
    const server = fakeServer([422]);
    const report = await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0) });
    expect(report.rejected).toEqual([{ id: expect.any(String), error: "HTTP 422" }]);
    expect(report.sent).toHaveLength(1);
    const left = readOutbox(s, INC);
    expect(left.map((e) => [e.payload.body, e.status, e.error])).toEqual([["too long", "rejected", "HTTP 422"]]);
    // A second flush does not send it again.
    await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(10) });
    expect(server.calls).toEqual(["too long", "ok"]);
  });

  it("sends an edited rejected entry again, under the same id", async () => {
    const s = new MapStorage();
    const p = payload("x".repeat(20));
    enqueue(s, INC, [p], T0);
    const server = fakeServer([422]);
    await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0) });
    replacePayload(s, INC, { ...p, body: "short" });
    expect(readOutbox(s, INC)[0]).toMatchObject({ status: "pending", attempts: 0, error: null });
    await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0) });
    expect(server.stored.get(p.id)?.body).toBe("short");
    expect(readOutbox(s, INC)).toEqual([]);
  });

  it("is safe when a send committed but the answer was lost: the resend is a 200, not a duplicate", async () => {
    const s = new MapStorage();
    const p = payload("committed, answer lost");
    enqueue(s, INC, [p], T0);
    const server = fakeServer([]);
    // The server commits, then the connection drops before the answer.
    const lossy = async (q: OutboxPayload) => {
      await server.send(q);
      throw new TypeError("network changed");
    };
    await flushOutbox({ storage: s, incidentId: INC, send: lossy, now: at(0) });
    expect(readOutbox(s, INC)).toHaveLength(1);
    const statuses: number[] = [];
    await flushOutbox({
      storage: s,
      incidentId: INC,
      send: async (q) => {
        const r = await server.send(q);
        statuses.push(r.status);
        return r;
      },
      now: at(5000),
    });
    expect(statuses).toEqual([200]);
    expect(server.stored.size).toBe(1);
    expect(readOutbox(s, INC)).toEqual([]);
  });

  it("stops rather than resending forever when storage refuses writes", async () => {
    const s = new MapStorage();
    enqueue(s, INC, ["1", "2"].map(payload), T0);
    s.failWrites = true;
    const server = fakeServer([]);
    const report = await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0) });
    expect(report.storageFailed).toBe(true);
    expect(server.calls).toEqual(["1"]);
  });
});

describe("withMemoryFallback", () => {
  it("keeps the queue in memory when the real storage refuses writes, and says so", async () => {
    const real = new MapStorage();
    real.failWrites = true;
    const s = withMemoryFallback(real);
    expect(s.degraded).toBe(false);
    enqueue(s, INC, ["1", "2"].map(payload), T0);
    expect(s.degraded).toBe(true);
    expect(readOutbox(s, INC)).toHaveLength(2);
    const server = fakeServer([]);
    await flushOutbox({ storage: s, incidentId: INC, send: server.send, now: at(0) });
    expect(server.calls).toEqual(["1", "2"]);
    expect(readOutbox(s, INC)).toEqual([]);
  });

  it("works with no storage at all", () => {
    const s = withMemoryFallback(null);
    expect(s.degraded).toBe(true);
    enqueue(s, INC, [payload("1")], T0);
    expect(readOutbox(s, INC)).toHaveLength(1);
  });
});
