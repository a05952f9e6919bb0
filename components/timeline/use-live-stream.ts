"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { timelineApi } from "@/components/timeline/api";
import type { z } from "zod";
import { zLiveMessage, type LiveMessageJson } from "@/lib/timeline/wire";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * 250 ms, 500 ms, 1 s, then every 1.5 s, ±20 % so viewers do not reconnect
 * in lockstep: the badge says "Live" within 2 s of the server being back.
 * A refused attempt costs the server a closed port or one small request.
 */
const RECONNECT_MAX_MS = 1_500;
export function reconnectDelayMs(failures: number): number {
  const base = Math.min(RECONNECT_MAX_MS, 250 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * Math.random()));
}

/**
 * Resume a little before the latest change seen: a write stamped just
 * before it may have committed just after it. Replays are idempotent
 * (merged by version), so the overlap costs nothing but a few frames.
 */
const RESUME_MARGIN_MS = 5_000;

/** A stream frame's JSON checked against its schema; null for anything else (not text, not JSON, not that shape). */
export function parseFrame<T>(schema: z.ZodType<T>, data: unknown): T | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = schema.safeParse(JSON.parse(data));
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
  /** The stream is open (again); its first frames are the incident and roles as they are now. */
  onOpen: () => void;
}): {
  state: ConnectionState;
  noteSeen: (updatedAt: string) => void;
  /** The server answered something else (a POST went through): retry now instead of waiting. */
  reconnectNow: () => void;
} {
  const [state, setState] = useState<ConnectionState>("connecting");
  const since = useRef(opts.initialSince);
  const handlers = useRef(opts);
  useEffect(() => {
    handlers.current = opts;
  });

  const noteSeen = useCallback((updatedAt: string) => {
    if (Date.parse(updatedAt) > Date.parse(since.current)) since.current = updatedAt;
  }, []);
  const kick = useRef<() => void>(() => {});
  const reconnectNow = useCallback(() => kick.current(), []);

  const { incidentId } = opts;
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let disposed = false;

    const connect = () => {
      if (disposed) return;
      source?.close();
      const from = new Date(Date.parse(since.current) - RESUME_MARGIN_MS).toISOString();
      const es = new EventSource(timelineApi.streamUrl(incidentId, from));
      source = es;
      es.onopen = () => {
        if (source !== es) return;
        failures = 0;
        setState("live");
        handlers.current.onOpen();
      };
      const onFrame = (e: MessageEvent) => {
        if (source !== es) return;
        // Frames arriving are the truth, whatever the browser said about the network meanwhile.
        setState("live");
        const message = parseFrame(zLiveMessage, e.data);
        if (!message) return;
        if (message.type === "event") noteSeen(message.event.updatedAt);
        // A refused catch-up: the page reloads what it shows, and the next resume starts from here.
        if (message.type === "reset") noteSeen(message.at);
        handlers.current.onMessage(message);
      };
      es.addEventListener("event", onFrame);
      es.addEventListener("incident", onFrame);
      es.addEventListener("reset", onFrame);
      es.addEventListener("roles", onFrame);
      es.onerror = () => {
        if (source !== es) return;
        es.close();
        source = null;
        failures++;
        // "Offline" only when the browser itself has no network; otherwise it is retrying.
        setState(navigator.onLine ? "reconnecting" : "offline");
        clearTimeout(timer);
        timer = setTimeout(connect, reconnectDelayMs(failures));
      };
    };

    // The server is reachable (the network is back, a POST went through, the
    // tab is shown again): do not wait out the backoff. An open stream that
    // survived a blip is live again at once.
    const retryNow = () => {
      if (disposed) return;
      if (source?.readyState === EventSource.OPEN) {
        setState("live");
        return;
      }
      if (source?.readyState === EventSource.CONNECTING) return;
      clearTimeout(timer);
      failures = 0;
      connect();
    };
    kick.current = retryNow;
    const onOffline = () => setState("offline");
    const onVisible = () => {
      if (document.visibilityState === "visible") retryNow();
    };

    connect();
    window.addEventListener("online", retryNow);
    window.addEventListener("offline", onOffline);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      disposed = true;
      kick.current = () => {};
      clearTimeout(timer);
      source?.close();
      window.removeEventListener("online", retryNow);
      window.removeEventListener("offline", onOffline);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [incidentId, noteSeen]);

  return { state, noteSeen, reconnectNow };
}
