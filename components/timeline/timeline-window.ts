import type { EventJson, EventsPageJson } from "@/lib/timeline/wire";
import { mergeEvent } from "./merge-events";

/**
 * The part of an incident's timeline this page holds: one contiguous span
 * of entries in timeline order, loaded a page at a time (GET …/events), so
 * the page's cost does not grow with the incident. Pure functions: the hook
 * (use-timeline-window.ts) owns the fetching.
 *
 * The span is bounded by the keys of its first and last loaded entries when
 * the timeline goes on beyond them (`lower`, `upper`); null means "up to the
 * very start" or "up to the live end". Live changes are taken where they
 * belong: inside the span, or beyond its end (kept, not shown, counted as
 * new until the list reaches the live end), never before its start (that
 * page brings them when it is loaded).
 */

export type RowKey = { occurredAt: number; recordedAt: number; id: string };

export function keyOf(e: { occurredAt: string; recordedAt: string; id: string }): RowKey {
  return { occurredAt: Date.parse(e.occurredAt), recordedAt: Date.parse(e.recordedAt), id: e.id };
}

/** Timeline order: occurredAt, recordedAt, id (the API's order). */
export function compareKeys(a: RowKey, b: RowKey): number {
  return a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Which entries the list shows: all, or public updates only (what the status page shows). */
export type WindowScope = "all" | "public";

export type TimelineWindow = {
  scope: WindowScope;
  events: ReadonlyMap<string, EventJson>;
  /** The first loaded entry's key while older entries are not loaded; null: loaded from the start. */
  lower: RowKey | null;
  /** Cursor for the page before `lower`. */
  olderCursor: string | null;
  /** The last loaded entry's key while newer entries are not loaded (after a jump); null: up to the live end. */
  upper: RowKey | null;
  /** Cursor for the page after `upper`. */
  newerCursor: string | null;
  /** Bumped when the window is replaced (a jump, a reload, another scope), so late answers for the old one are dropped. */
  generation: number;
};

export function inScope(scope: WindowScope, e: { visibility?: string }): boolean {
  return scope === "all" || e.visibility === "public";
}

/** Is this key inside the loaded span? */
export function inSpan(w: Pick<TimelineWindow, "lower" | "upper">, key: RowKey): boolean {
  return (!w.lower || compareKeys(key, w.lower) >= 0) && (!w.upper || compareKeys(key, w.upper) <= 0);
}

/** Past the loaded span's end, while the list is not at the live end. */
export function beyondSpan(w: Pick<TimelineWindow, "upper">, key: RowKey): boolean {
  return w.upper !== null && compareKeys(key, w.upper) > 0;
}

function mergeAll(map: ReadonlyMap<string, EventJson>, events: readonly EventJson[]): ReadonlyMap<string, EventJson> {
  let next = map;
  for (const e of events) next = mergeEvent(next, e);
  return next;
}

/** A window made of one page (the page load, a jump, a reload). */
export function windowFromPage(answer: EventsPageJson, scope: WindowScope, generation: number): TimelineWindow {
  const first = answer.events[0];
  const last = answer.events.at(-1);
  return {
    scope,
    events: mergeAll(new Map(), answer.events),
    lower: answer.page.hasOlder && first ? keyOf(first) : null,
    olderCursor: answer.page.older,
    upper: answer.page.hasNewer && last ? keyOf(last) : null,
    newerCursor: answer.page.newer,
    generation,
  };
}

/** Take a change from the live stream, a POST or PATCH answer. */
export function applyLive(w: TimelineWindow, event: EventJson): TimelineWindow {
  if (!w.events.has(event.id)) {
    // Not held yet: only where it belongs (a deleted one is nothing to show).
    if (event.deletedAt || !inScope(w.scope, event)) return w;
    if (w.lower && compareKeys(keyOf(event), w.lower) < 0) return w;
  }
  const events = mergeEvent(w.events, event);
  return events === w.events ? w : { ...w, events };
}

/** The page before the span joins it. */
export function applyOlder(w: TimelineWindow, answer: EventsPageJson): TimelineWindow {
  const first = answer.events[0];
  return {
    ...w,
    events: mergeAll(w.events, answer.events),
    lower: answer.page.hasOlder ? (first ? keyOf(first) : w.lower) : null,
    olderCursor: answer.page.older ?? w.olderCursor,
  };
}

/** The page after the span joins it; without more after it, the span reaches the live end. */
export function applyNewer(w: TimelineWindow, answer: EventsPageJson): TimelineWindow {
  const last = answer.events.at(-1);
  return {
    ...w,
    events: mergeAll(w.events, answer.events),
    upper: answer.page.hasNewer ? (last ? keyOf(last) : w.upper) : null,
    newerCursor: answer.page.newer ?? w.newerCursor,
  };
}

/** The entries to show: in the span and the scope, not deleted. */
export function shownEvents(w: TimelineWindow): (e: EventJson) => boolean {
  return (e) => !e.deletedAt && inScope(w.scope, e) && inSpan(w, keyOf(e));
}
