"use client";

import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
import { Button } from "@/components/ui/button";
import type { TimelineRow } from "./merge-events";

/** A one-line entry is about this tall (entry-row.tsx); the real height is measured. */
const ESTIMATED_ROW_PX = 42;
/** Rows kept rendered beyond each edge of the screen, for smooth scrolling and the arrow keys. */
const OVERSCAN = 8;
/** Within this many px of the bottom the list counts as at the end, and follows new entries. */
const END_SLACK_PX = 48;
/** Until the browser has measured, render as for a laptop screen (the server renders the newest rows). */
const SSR_VIEWPORT = { width: 1440, height: 900 };

/** The page is scrolled to (nearly) its bottom: the newest rows sit just above the entry box. */
function isPageAtEnd(): boolean {
  const doc = document.documentElement;
  return doc.scrollHeight - window.innerHeight - window.scrollY <= END_SLACK_PX;
}

/**
 * Above or below the rows: the button that loads the next page that way,
 * "Loading…" while it comes, or why it failed with a retry; once there is
 * nothing more that way, `children` (the end of the timeline).
 */
function PageEdge({
  side,
  more,
  loading,
  error,
  onLoad,
  children,
}: {
  side: "older" | "newer";
  more: boolean;
  loading: boolean;
  error: string | null;
  onLoad: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="flex min-h-8 items-center justify-center text-sm text-zinc-600 dark:text-zinc-400">
      {error && more && !loading ? (
        <span role="alert" className="text-red-800 dark:text-red-300">
          Could not load {side} entries: {error}.{" "}
          <Button size="sm" onClick={onLoad}>
            Try again
          </Button>
        </span>
      ) : loading ? (
        <span role="status">Loading {side} entries…</span>
      ) : more ? (
        <Button size="sm" onClick={onLoad}>
          {side === "older" ? "↑" : "↓"} Load {side} entries
        </Button>
      ) : (
        children
      )}
    </div>
  );
}

export type TimelineListHandle = {
  /** Scroll just far enough that the row is on screen, above the entry box (or at `align`). */
  reveal: (id: string, align?: "auto" | "start" | "center" | "end") => void;
  /** Scroll to the newest entry. */
  scrollToEnd: () => void;
  /** Within END_SLACK_PX of the bottom. */
  isAtEnd: () => boolean;
};

type Props = {
  rows: TimelineRow[];
  ariaLabel: string;
  /** Rows that stay rendered when scrolled away (the selected one keeps its focus, an open editor its text). */
  keepIds: readonly string[];
  /** Space the sticky entry box covers at the bottom of the screen. */
  bottomInset: number;
  hasOlder: boolean;
  hasNewer: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  error: string | null;
  onLoadOlder: () => void;
  onLoadNewer: () => void;
  /** The list reached or left the bottom of the page (by scrolling or by following). */
  onAtEndChange: (atEnd: boolean) => void;
  children: (args: { row: TimelineRow; index: number; top: number; measure: (el: HTMLLIElement | null) => void }) => ReactNode;
};

/**
 * The timeline's rows, virtualized on the page's own scroll
 * (@tanstack/react-virtual): only the rows near the screen are in the DOM,
 * however many are loaded. It keeps what is on screen in place when older
 * rows are added above (anchorTo "end"), follows new rows while scrolled to
 * the bottom (followOnAppend), and asks for the next page a screen before
 * an edge is reached. At the top of the page (the incident header in view)
 * it waits for a click instead, so the header stays reachable.
 */
export const TimelineList = forwardRef<TimelineListHandle, Props>(function TimelineList(
  { rows, ariaLabel, keepIds, bottomInset, hasOlder, hasNewer, loadingOlder, loadingNewer, error, onLoadOlder, onLoadNewer, onAtEndChange, children },
  ref,
) {
  const listRef = useRef<HTMLOListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const keep = useMemo(() => keepIds.map((id) => indexById.get(id)).filter((i): i is number => i !== undefined), [keepIds, indexById]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const base = defaultRangeExtractor(range);
      const extra = keep.filter((i) => !base.includes(i));
      return extra.length ? [...base, ...extra].sort((a, b) => a - b) : base;
    },
    [keep],
  );
  // The server and the first client render agree on these (no hydration mismatch); the browser's real size follows.
  const [initialOffset] = useState(() => Math.max(0, rows.length * ESTIMATED_ROW_PX - SSR_VIEWPORT.height));

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN,
    scrollMargin,
    getItemKey: (i) => rows[i]?.id ?? i,
    rangeExtractor,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: END_SLACK_PX,
    scrollPaddingStart: 8,
    scrollPaddingEnd: bottomInset + 8,
    initialRect: SSR_VIEWPORT,
    initialOffset,
  });

  // Where the list starts in the page: the header, overview and banners above it change height.
  useLayoutEffect(() => {
    const measure = () => {
      const el = listRef.current;
      if (!el) return;
      const top = Math.round(el.getBoundingClientRect().top + window.scrollY);
      setScrollMargin((m) => (m === top ? m : top));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const atEnd = useRef(true);
  const onAtEnd = useRef(onAtEndChange);
  useEffect(() => {
    onAtEnd.current = onAtEndChange;
  });
  const edges = useRef({ hasOlder, hasNewer, loadingOlder, loadingNewer, error, onLoadOlder, onLoadNewer });
  useEffect(() => {
    edges.current = { hasOlder, hasNewer, loadingOlder, loadingNewer, error, onLoadOlder, onLoadNewer };
  });

  const check = useCallback(() => {
    const el = listRef.current;
    if (!el) return;
    const viewport = window.innerHeight;
    const { top, bottom } = el.getBoundingClientRect();
    const end = isPageAtEnd();
    if (end !== atEnd.current) {
      atEnd.current = end;
      onAtEnd.current(end);
    }
    const e = edges.current;
    // After a failed load, only the Try again button asks again (no request on every scroll event).
    if (e.error) return;
    // A screen ahead of the edge, so scrolling rarely waits; not while the header above is in view.
    if (e.hasOlder && !e.loadingOlder && top < 0 && top > -viewport) e.onLoadOlder();
    if (e.hasNewer && !e.loadingNewer && bottom < 2 * viewport) e.onLoadNewer();
  }, []);

  useEffect(() => {
    window.addEventListener("scroll", check, { passive: true });
    window.addEventListener("resize", check);
    return () => {
      window.removeEventListener("scroll", check);
      window.removeEventListener("resize", check);
    };
  }, [check]);
  // After every change of rows (a page, a live entry), the edges may be near.
  useEffect(() => {
    check();
  }, [rows, loadingOlder, loadingNewer, hasOlder, hasNewer, check]);

  // The page opens at its newest entries.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  useImperativeHandle(
    ref,
    () => ({
      reveal: (id, align = "auto") => {
        const index = indexById.get(id);
        if (index === undefined) return;
        virtualizer.scrollToIndex(index, { align });
      },
      scrollToEnd: () => virtualizer.scrollToEnd(),
      isAtEnd: isPageAtEnd,
    }),
    [indexById, virtualizer],
  );

  const items = virtualizer.getVirtualItems();
  return (
    <div>
      <PageEdge side="older" more={hasOlder} loading={loadingOlder} error={error} onLoad={onLoadOlder}>
        {rows.length ? <span>Start of the timeline</span> : null}
      </PageEdge>
      <ol
        ref={listRef}
        aria-label={ariaLabel}
        aria-busy={loadingOlder || loadingNewer}
        className="relative [overflow-anchor:none]"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          return row ? children({ row, index: item.index, top: item.start - scrollMargin, measure: virtualizer.measureElement }) : null;
        })}
      </ol>
      {hasNewer ? <PageEdge side="newer" more loading={loadingNewer} error={error} onLoad={onLoadNewer} /> : null}
    </div>
  );
});
