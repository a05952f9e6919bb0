"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { Milestone } from "@/lib/timeline/schemas";
import type { TimelineRow } from "./merge-events";
import type { TimelineListHandle } from "./timeline-list";

/** What to bring on screen once the rows that hold it are rendered. */
export type Reveal = { kind: "entry"; id: string; select: boolean } | { kind: "time"; at: number; milestone: Milestone | null } | { kind: "end" };

/**
 * Selecting and revealing rows of a virtualized list: a row may not be
 * rendered yet (it is off screen, or its page is still loading), so a
 * reveal waits for the rows that hold it, and focus waits for the element.
 */
export function useRowReveal({
  rows,
  listRef,
  selectedId,
  select,
}: {
  rows: TimelineRow[];
  listRef: RefObject<TimelineListHandle | null>;
  selectedId: string | null;
  select: (id: string | null) => void;
}) {
  const elements = useRef(new Map<string, HTMLLIElement>());
  const reveal = useRef<Reveal | null>(null);
  const [revealTick, setRevealTick] = useState(0);

  /** Bring something on screen once it is rendered (now, or after the page that holds it lands). */
  const requestReveal = useCallback((target: Reveal) => {
    reveal.current = target;
    setRevealTick((t) => t + 1);
  }, []);

  const focusWhenRendered = useCallback((id: string) => {
    let frames = 0;
    const attempt = () => {
      const el = elements.current.get(id);
      if (el) {
        el.focus({ preventScroll: true });
        return;
      }
      if (++frames < 30) requestAnimationFrame(attempt);
    };
    attempt();
  }, []);

  // The selection as of now, for effects that run before the next render.
  const selectedRef = useRef(selectedId);
  useEffect(() => {
    selectedRef.current = selectedId;
  });
  const focusRow = useCallback(
    (id: string | null) => {
      selectedRef.current = id;
      select(id);
      if (!id) return;
      // On screen above the entry box first (it may not be rendered yet), then focus, so the next key acts on it.
      listRef.current?.reveal(id);
      focusWhenRendered(id);
    },
    [focusWhenRendered, listRef, select],
  );

  useEffect(() => {
    const target = reveal.current;
    if (!target) return;
    const list = listRef.current;
    if (target.kind === "end") {
      reveal.current = null;
      list?.scrollToEnd();
      return;
    }
    if (target.kind === "entry") {
      const index = rows.findIndex((r) => r.id === target.id);
      if (index === -1) return;
      reveal.current = null;
      if (index === rows.length - 1) list?.scrollToEnd();
      else list?.reveal(target.id, target.select ? "center" : "auto");
      if (target.select) focusRow(target.id);
      return;
    }
    if (rows.length === 0) return;
    reveal.current = null;
    const milestoneRow = target.milestone
      ? rows.find((r) => r.type === "event" && r.event.milestone === target.milestone && Date.parse(r.occurredAt) >= target.at - 1000)
      : undefined;
    const row = milestoneRow ?? rows.find((r) => Date.parse(r.occurredAt) >= target.at) ?? rows.at(-1);
    if (!row) return;
    list?.reveal(row.id, "center");
    focusRow(row.id);
  }, [rows, revealTick, focusRow, listRef]);

  const registerElement = useCallback((id: string, el: HTMLLIElement | null) => {
    if (el) elements.current.set(id, el);
    else elements.current.delete(id);
  }, []);

  return { focusRow, requestReveal, registerElement, selectedRef };
}
