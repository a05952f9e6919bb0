/**
 * The browser's outbox of timeline entries not yet committed by the server
 * (DESIGN principle 2: nothing typed is lost). Pure functions over a small
 * storage interface (localStorage in the browser, a Map in tests), no React.
 *
 * Every operation re-reads storage before writing, so two tabs on the same
 * incident never overwrite each other's queued entries. Sending the same
 * entry twice is safe: the server deduplicates on the client-made id.
 */
import { z } from "zod";
import { EVENT_KINDS, MILESTONES, VISIBILITIES } from "./schemas";

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The POST body of one entry, exactly as it will be sent. */
export const zOutboxPayload = z.object({
  id: z.uuid(),
  body: z.string(),
  occurredAt: z.string(),
  endedAt: z.string().nullable().optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  milestone: z.enum(MILESTONES).nullable().optional(),
  statusLabel: z.string().nullable().optional(),
  attribution: z.string().nullable().optional(),
  key: z.boolean().optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});
export type OutboxPayload = z.infer<typeof zOutboxPayload>;

const zOutboxEntry = z.object({
  payload: zOutboxPayload,
  queuedAt: z.string(),
  attempts: z.number().int().min(0),
  /** Epoch ms before which the entry is not retried (backoff). */
  nextAttemptAt: z.number(),
  /** "rejected": the server refused it for good (4xx); kept for the user to fix or discard. */
  status: z.enum(["pending", "rejected"]),
  error: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof zOutboxEntry>;

export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 10_000;

export function outboxKey(incidentId: string): string {
  return `debrief:outbox:${incidentId}`;
}

/** Stored data is outside data: anything unreadable is skipped, never thrown. */
export function readOutbox(storage: KeyValueStorage, incidentId: string): OutboxEntry[] {
  let raw: string | null;
  try {
    raw = storage.getItem(outboxKey(incidentId));
  } catch {
    return [];
  }
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const entries: OutboxEntry[] = [];
  for (const item of parsed) {
    const ok = zOutboxEntry.safeParse(item);
    if (ok.success) entries.push(ok.data);
  }
  return entries;
}

/** Returns false when storage refused the write (quota, private mode): the caller warns the user. */
export function writeOutbox(storage: KeyValueStorage, incidentId: string, entries: OutboxEntry[]): boolean {
  try {
    if (entries.length === 0) storage.removeItem(outboxKey(incidentId));
    else storage.setItem(outboxKey(incidentId), JSON.stringify(entries));
    return true;
  } catch {
    return false;
  }
}

function update(
  storage: KeyValueStorage,
  incidentId: string,
  change: (entries: OutboxEntry[]) => OutboxEntry[],
): { entries: OutboxEntry[]; saved: boolean } {
  const entries = change(readOutbox(storage, incidentId));
  return { entries, saved: writeOutbox(storage, incidentId, entries) };
}

/** Queue entries at the end, in the order given. An id already queued is not queued twice. */
export function enqueue(storage: KeyValueStorage, incidentId: string, payloads: OutboxPayload[], now: Date) {
  return update(storage, incidentId, (entries) => {
    const known = new Set(entries.map((e) => e.payload.id));
    const added = payloads
      .filter((p) => !known.has(p.id))
      .map((payload): OutboxEntry => ({
        payload,
        queuedAt: now.toISOString(),
        attempts: 0,
        nextAttemptAt: 0,
        status: "pending",
        error: null,
      }));
    return [...entries, ...added];
  });
}

/** The server committed it (or the user discarded it). */
export function removeEntry(storage: KeyValueStorage, incidentId: string, id: string) {
  return update(storage, incidentId, (entries) => entries.filter((e) => e.payload.id !== id));
}

/** After the user edited a rejected entry: send it again, from a clean slate. */
export function replacePayload(storage: KeyValueStorage, incidentId: string, payload: OutboxPayload) {
  return update(storage, incidentId, (entries) =>
    entries.map((e) =>
      e.payload.id === payload.id ? { ...e, payload, status: "pending", attempts: 0, nextAttemptAt: 0, error: null } : e,
    ),
  );
}

/** 1 s, 2 s, 4 s, 8 s, then every 10 s; `jitter` (0..1) spreads many clients apart. */
export function retryDelayMs(attempts: number, jitter = 0.5): number {
  const exp = RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 10));
  return Math.round(Math.min(RETRY_MAX_MS, exp) * (0.8 + 0.4 * jitter));
}

export type SendOutcome = "sent" | "retry" | "rejected";

/**
 * What an HTTP status means for a queued entry. 0 stands for "no response"
 * (fetch threw). 408 and 429 are worth retrying; any other 4xx will fail
 * the same way again, so it is a permanent rejection.
 */
export function classifyStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return "sent";
  if (status === 0 || status === 408 || status === 429 || status >= 500) return "retry";
  if (status >= 400) return "rejected";
  return "retry";
}

export function recordRetry(storage: KeyValueStorage, incidentId: string, id: string, error: string, now: Date, jitter = 0.5) {
  return update(storage, incidentId, (entries) =>
    entries.map((e) => {
      if (e.payload.id !== id) return e;
      const attempts = e.attempts + 1;
      return { ...e, attempts, nextAttemptAt: now.getTime() + retryDelayMs(attempts, jitter), error };
    }),
  );
}

export function recordRejection(storage: KeyValueStorage, incidentId: string, id: string, error: string) {
  return update(storage, incidentId, (entries) =>
    entries.map((e) => (e.payload.id === id ? { ...e, status: "rejected" as const, error } : e)),
  );
}

/** The server looks reachable again (online, stream reconnected): retry now instead of after the backoff. */
export function clearBackoff(storage: KeyValueStorage, incidentId: string) {
  return update(storage, incidentId, (entries) =>
    entries.map((e) => (e.status === "pending" ? { ...e, nextAttemptAt: 0 } : e)),
  );
}

/**
 * The entry to send next. Pending entries go strictly in queue order, so
 * the head waiting for its backoff holds back the rest; rejected entries
 * wait for the user and hold back nothing.
 */
export function nextToSend(entries: OutboxEntry[], now: Date): { entry: OutboxEntry } | { waitMs: number } | null {
  const head = entries.find((e) => e.status === "pending");
  if (!head) return null;
  const wait = head.nextAttemptAt - now.getTime();
  return wait > 0 ? { waitMs: wait } : { entry: head };
}

export type SendResult = { status: number; error?: string; event?: unknown };

export type FlushReport = {
  /** Committed entries with what the server answered. */
  sent: Array<{ id: string; event: unknown }>;
  rejected: Array<{ id: string; error: string }>;
  /** When to try again (ms from now), or null when nothing is waiting. */
  retryInMs: number | null;
  /** Storage refused a write: the queue now lives only in memory. */
  storageFailed: boolean;
};

/**
 * Send due entries one by one, in order, until the queue is empty, the head
 * must wait for its backoff, or the server cannot be reached. The caller
 * makes sure only one flush runs at a time in a tab.
 */
export async function flushOutbox(opts: {
  storage: KeyValueStorage;
  incidentId: string;
  send: (payload: OutboxPayload) => Promise<SendResult>;
  now?: () => Date;
  jitter?: () => number;
  /** Called after every change to the queue, so the UI can follow entry by entry. */
  onChange?: () => void;
}): Promise<FlushReport> {
  const { storage, incidentId, send } = opts;
  const now = opts.now ?? (() => new Date());
  const jitter = opts.jitter ?? Math.random;
  const report: FlushReport = { sent: [], rejected: [], retryInMs: null, storageFailed: false };
  // A write storage refused would be re-read as unsent and resent forever: stop instead.
  const note = (r: { saved: boolean }) => {
    if (!r.saved) report.storageFailed = true;
    opts.onChange?.();
    return r.saved;
  };
  // Bounded: each pass removes, rejects or backs off the head.
  for (let guard = 0; guard < 10_000; guard++) {
    const next = nextToSend(readOutbox(storage, incidentId), now());
    if (!next) return report;
    if ("waitMs" in next) {
      report.retryInMs = next.waitMs;
      return report;
    }
    const { payload } = next.entry;
    let result: SendResult;
    try {
      result = await send(payload);
    } catch (err) {
      result = { status: 0, error: err instanceof Error ? err.message : "Network error" };
    }
    const outcome = classifyStatus(result.status);
    if (outcome === "sent") {
      report.sent.push({ id: payload.id, event: result.event });
      if (!note(removeEntry(storage, incidentId, payload.id))) return report;
    } else if (outcome === "rejected") {
      const error = result.error ?? `Refused by the server (HTTP ${result.status})`;
      report.rejected.push({ id: payload.id, error });
      if (!note(recordRejection(storage, incidentId, payload.id, error))) return report;
    } else {
      const error = result.error ?? (result.status ? `Server error (HTTP ${result.status})` : "Cannot reach the server");
      const r = recordRetry(storage, incidentId, payload.id, error, now(), jitter());
      note(r);
      const after = nextToSend(r.entries, now());
      report.retryInMs = after && "waitMs" in after ? after.waitMs : retryDelayMs(1, 0.5);
      return report;
    }
  }
  return report;
}

/**
 * Storage that never throws: when the real one refuses a write (quota,
 * private mode, disabled), the value is kept in memory for this tab and
 * `degraded` tells the UI to warn that a reload would lose it.
 */
export function withMemoryFallback(primary: KeyValueStorage | null): KeyValueStorage & { readonly degraded: boolean } {
  const memory = new Map<string, string | null>();
  let degraded = primary === null;
  return {
    get degraded() {
      return degraded;
    },
    getItem(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return primary?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    setItem(key, value) {
      try {
        if (!primary) throw new Error("no storage");
        primary.setItem(key, value);
        memory.delete(key);
      } catch {
        degraded = true;
        memory.set(key, value);
      }
    },
    removeItem(key) {
      try {
        primary?.removeItem(key);
        memory.delete(key);
      } catch {
        memory.set(key, null);
      }
    },
  };
}
