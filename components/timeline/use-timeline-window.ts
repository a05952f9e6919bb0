"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { timelineApi } from "@/components/timeline/api";
import type { EventJson, EventsPageJson, EventsPageQuery } from "@/lib/timeline/wire";
import { TIMELINE_WINDOW } from "@/lib/timeline/cursor";
import { applyLive, applyNewer, applyOlder, windowFromPage, type TimelineWindow, type WindowScope } from "./timeline-window";

/** What is being fetched for the window right now. */
export type WindowLoading = { older: boolean; newer: boolean; replacing: boolean };

export type TimelineWindowApi = {
  window: TimelineWindow;
  loading: WindowLoading;
  /** The last failed load, to show with a retry; cleared by the next success. */
  error: string | null;
  /** A change from the live stream or an answer of this page's own writes. */
  take: (event: EventJson) => void;
  loadOlder: () => Promise<void>;
  loadNewer: () => Promise<void>;
  /** Replace the window with the entries around an instant; resolves true once shown. */
  jumpTo: (at: Date) => Promise<boolean>;
  /** Replace the window with the entries around one entry (a link to it); false when it cannot be loaded. */
  jumpToEntry: (id: string) => Promise<boolean>;
  /** Replace the window with the newest entries (the live end). */
  jumpToNewest: () => Promise<boolean>;
  setScope: (scope: WindowScope) => Promise<boolean>;
  /** Load the window again from the server (after a refused catch-up): the live end, or around `at`. */
  reload: (at: Date | null) => Promise<boolean>;
};

/** Live changes remembered so a page that was read before them cannot undo them. */
const RECENT_FRAMES = 1_000;

/**
 * The loaded span of one incident's timeline (timeline-window.ts) and the
 * requests that move it: older and newer pages as the list scrolls, jumps,
 * reloads. Live changes that arrive while a page is in flight are applied
 * again once it lands, since the page may have been read before them.
 */
export function useTimelineWindow(incidentId: string, initial: EventsPageJson): TimelineWindowApi {
  const [win, setWin] = useState<TimelineWindow>(() => windowFromPage(initial, "all", 0));
  const [loading, setLoading] = useState<WindowLoading>({ older: false, newer: false, replacing: false });
  const [error, setError] = useState<string | null>(null);
  const current = useRef(win);
  useEffect(() => {
    current.current = win;
  }, [win]);
  const frames = useRef<{ seq: number; event: EventJson }[]>([]);
  const seq = useRef(0);
  const busy = useRef({ older: false, newer: false, replace: 0 });

  const take = useCallback((event: EventJson) => {
    seq.current++;
    frames.current.push({ seq: seq.current, event });
    if (frames.current.length > RECENT_FRAMES) frames.current.splice(0, frames.current.length - RECENT_FRAMES);
    setWin((w) => applyLive(w, event));
  }, []);

  const replay = (w: TimelineWindow, after: number) => frames.current.reduce((acc, f) => (f.seq > after ? applyLive(acc, f.event) : acc), w);

  const fetchPage = useCallback(
    async (query: EventsPageQuery, scope: WindowScope) => {
      const res = await timelineApi.listEvents(incidentId, { limit: TIMELINE_WINDOW, ...query, ...(scope === "public" ? { visibility: "public" as const } : {}) });
      if (!res.ok) {
        setError(res.status === 0 ? "the server cannot be reached" : res.message);
        return null;
      }
      setError(null);
      return res.data;
    },
    [incidentId],
  );

  const loadSide = useCallback(
    async (side: "older" | "newer") => {
      const w = current.current;
      const cursor = side === "older" ? (w.lower ? w.olderCursor : null) : w.upper ? w.newerCursor : null;
      if (!cursor || busy.current[side]) return;
      busy.current[side] = true;
      setLoading((l) => ({ ...l, [side]: true }));
      const from = seq.current;
      try {
        const answer = await fetchPage(side === "older" ? { before: cursor } : { after: cursor }, w.scope);
        if (!answer) return;
        setWin((now) => {
          // A jump or reload meanwhile: this page belongs to a window that is gone.
          if (now.generation !== w.generation) return now;
          return replay(side === "older" ? applyOlder(now, answer) : applyNewer(now, answer), from);
        });
      } finally {
        busy.current[side] = false;
        setLoading((l) => ({ ...l, [side]: false }));
      }
    },
    [fetchPage],
  );

  const replace = useCallback(
    async (query: EventsPageQuery, scope: WindowScope): Promise<boolean> => {
      const ticket = ++busy.current.replace;
      setLoading((l) => ({ ...l, replacing: true }));
      const from = seq.current;
      try {
        const answer = await fetchPage(query, scope);
        // Only the latest jump wins.
        if (!answer || ticket !== busy.current.replace) return false;
        setWin((now) => replay(windowFromPage(answer, scope, now.generation + 1), from));
        return true;
      } finally {
        if (ticket === busy.current.replace) setLoading((l) => ({ ...l, replacing: false }));
      }
    },
    [fetchPage],
  );

  const loadOlder = useCallback(() => loadSide("older"), [loadSide]);
  const loadNewer = useCallback(() => loadSide("newer"), [loadSide]);
  const jumpTo = useCallback((at: Date) => replace({ around: at.toISOString() }, current.current.scope), [replace]);
  const jumpToNewest = useCallback(() => replace({}, current.current.scope), [replace]);
  // A linked entry is shown whatever the scope: the public-only list may not hold it.
  const jumpToEntry = useCallback((id: string) => replace({ entry: id }, "all"), [replace]);
  const setScope = useCallback((scope: WindowScope) => replace({}, scope), [replace]);
  const reload = useCallback((at: Date | null) => replace(at ? { around: at.toISOString() } : {}, current.current.scope), [replace]);

  return { window: win, loading, error, take, loadOlder, loadNewer, jumpTo, jumpToEntry, jumpToNewest, setScope, reload };
}
