"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { timelineApi } from "@/components/timeline/api";
import { zEventJson, type EventJson } from "@/lib/timeline/wire";
import {
  clearBackoff,
  enqueue,
  flushOutbox,
  outboxKey,
  readOutbox,
  removeEntry,
  replacePayload,
  withMemoryFallback,
  type KeyValueStorage,
  type OutboxEntry,
  type OutboxPayload,
} from "@/lib/timeline/outbox";

function browserStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // disabled by policy or privacy settings
  }
}

export type Outbox = {
  entries: OutboxEntry[];
  /** When the next automatic retry happens (epoch ms), if one is scheduled. */
  retryAt: number | null;
  /** The browser refused to store the queue: a reload would lose it. */
  degraded: boolean;
  post: (payloads: OutboxPayload[]) => void;
  /** Try now (the network is back, the stream reconnected, the user asked). */
  kick: () => void;
  discard: (id: string) => void;
  resend: (payload: OutboxPayload) => void;
};

/**
 * The React side of lib/timeline/outbox.ts for one incident: keeps the
 * queue in localStorage, sends it in order (one flush at a time per tab),
 * retries with backoff, and reports each committed event.
 */
export function useOutbox(incidentId: string, onCommitted: (id: string, event: EventJson | null) => void): Outbox {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [degraded, setDegraded] = useState(false);
  const storageRef = useRef<ReturnType<typeof withMemoryFallback> | null>(null);
  const flushing = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const committed = useRef(onCommitted);
  useEffect(() => {
    committed.current = onCommitted;
  });

  const storage = useCallback(() => (storageRef.current ??= withMemoryFallback(browserStorage())), []);

  const refresh = useCallback(() => {
    setEntries(readOutbox(storage(), incidentId));
    setDegraded(storage().degraded);
  }, [incidentId, storage]);

  const flush = useCallback(async () => {
    if (flushing.current) {
      again.current = true;
      return;
    }
    flushing.current = true;
    clearTimeout(timer.current);
    try {
      do {
        again.current = false;
        const report = await flushOutbox({
          storage: storage(),
          incidentId,
          onChange: refresh,
          send: async (payload) => {
            const res = await timelineApi.createEvent(incidentId, payload);
            return res.ok ? { status: res.status, event: res.data } : { status: res.status, error: res.message };
          },
        });
        for (const { id, event } of report.sent) {
          const parsed = zEventJson.safeParse(event);
          committed.current(id, parsed.success ? parsed.data : null);
        }
        refresh();
        if (report.retryInMs !== null) {
          const wait = report.retryInMs;
          timer.current = setTimeout(() => void flush(), wait);
          setRetryAt(Date.now() + wait);
        } else {
          setRetryAt(null);
        }
      } while (again.current);
    } finally {
      flushing.current = false;
    }
  }, [incidentId, refresh, storage]);

  const kick = useCallback(() => {
    clearBackoff(storage(), incidentId);
    void flush();
  }, [flush, incidentId, storage]);

  useEffect(() => {
    refresh();
    void flush();
    const onStorage = (e: StorageEvent) => {
      if (e.key === outboxKey(incidentId)) refresh();
    };
    window.addEventListener("online", kick);
    window.addEventListener("storage", onStorage);
    return () => {
      clearTimeout(timer.current);
      window.removeEventListener("online", kick);
      window.removeEventListener("storage", onStorage);
    };
  }, [flush, incidentId, kick, refresh]);

  return {
    entries,
    retryAt,
    degraded,
    post: useCallback(
      (payloads: OutboxPayload[]) => {
        enqueue(storage(), incidentId, payloads, new Date());
        refresh();
        void flush();
      },
      [flush, incidentId, refresh, storage],
    ),
    kick,
    discard: useCallback(
      (id: string) => {
        removeEntry(storage(), incidentId, id);
        refresh();
      },
      [incidentId, refresh, storage],
    ),
    resend: useCallback(
      (payload: OutboxPayload) => {
        replacePayload(storage(), incidentId, payload);
        refresh();
        void flush();
      },
      [flush, incidentId, refresh, storage],
    ),
  };
}
