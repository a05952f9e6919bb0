"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { apiClient, zLiveMessage, type LiveMessageJson } from "@/lib/api-client";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/** 250 ms, 500 ms, 1 s, 2 s, 4 s, then every 5 s, ±20 % so viewers do not reconnect in lockstep. */
function reconnectDelayMs(failures: number): number {
  const base = Math.min(5000, 250 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * Math.random()));
}

/**
 * Resume a little before the latest change seen: a write stamped just
 * before it may have committed just after it. Replays are idempotent
 * (merged by version), so the overlap costs nothing but a few frames.
 */
const RESUME_MARGIN_MS = 5_000;

/** After this many failed attempts in a row the indicator says "offline" rather than "reconnecting". */
const OFFLINE_AFTER_FAILURES = 4;

function parseFrame(data: unknown): LiveMessageJson | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = zLiveMessage.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Follow an incident's live stream. On any error the EventSource is closed
 * and recreated with backoff, always with `since` = the latest change seen,
 * so a restarted server replays what this viewer missed. (The browser's own
 * retry would resend the original URL and its stale `since`.)
 */
export function useLiveStream(opts: {
  incidentId: string;
  /** Where to start: the page's render time (server clock). */
  initialSince: string;
  onMessage: (message: LiveMessageJson) => void;
  /** The stream is open; `reconnected` is false the first time. */
  onOpen: (reconnected: boolean) => void;
}): { state: ConnectionState; noteSeen: (updatedAt: string) => void } {
  const [state, setState] = useState<ConnectionState>("connecting");
  const since = useRef(opts.initialSince);
  const handlers = useRef(opts);
  useEffect(() => {
    handlers.current = opts;
  });

  const noteSeen = useCallback((updatedAt: string) => {
    if (Date.parse(updatedAt) > Date.parse(since.current)) since.current = updatedAt;
  }, []);

  const { incidentId } = opts;
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let everOpened = false;
    let disposed = false;

    const connect = () => {
      if (disposed) return;
      source?.close();
      const from = new Date(Date.parse(since.current) - RESUME_MARGIN_MS).toISOString();
      const es = new EventSource(apiClient.streamUrl(incidentId, from));
      source = es;
      es.onopen = () => {
        if (source !== es) return;
        failures = 0;
        setState("live");
        handlers.current.onOpen(everOpened);
        everOpened = true;
      };
      const onFrame = (e: MessageEvent) => {
        if (source !== es) return;
        const message = parseFrame(e.data);
        if (!message) return;
        if (message.type === "event") noteSeen(message.event.updatedAt);
        // A refused catch-up: the page reloads what it shows, and the next resume starts from here.
        if (message.type === "reset") noteSeen(message.at);
        handlers.current.onMessage(message);
      };
      es.addEventListener("event", onFrame);
      es.addEventListener("incident", onFrame);
      es.addEventListener("reset", onFrame);
      es.onerror = () => {
        if (source !== es) return;
        es.close();
        source = null;
        failures++;
        setState(!navigator.onLine || failures >= OFFLINE_AFTER_FAILURES ? "offline" : "reconnecting");
        clearTimeout(timer);
        timer = setTimeout(connect, reconnectDelayMs(failures));
      };
    };

    // Back online: do not wait out the backoff.
    const onOnline = () => {
      if (source) return;
      clearTimeout(timer);
      failures = 0;
      connect();
    };
    const onOffline = () => setState("offline");

    connect();
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      disposed = true;
      clearTimeout(timer);
      source?.close();
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, [incidentId, noteSeen]);

  return { state, noteSeen };
}
