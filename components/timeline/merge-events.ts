import type { EventJson } from "@/lib/timeline/wire";
import type { OutboxEntry } from "@/lib/timeline/outbox";

/**
 * Take an event from any source (page load, POST answer, live stream,
 * catch-up) into the map, keeping the higher version. Deleted events stay in
 * the map (so a late, older frame cannot bring them back) but are not shown.
 * Returns the same map when nothing changed, so React skips the render.
 */
export function mergeEvent(map: ReadonlyMap<string, EventJson>, incoming: EventJson): ReadonlyMap<string, EventJson> {
  const current = map.get(incoming.id);
  if (current && current.version >= incoming.version) return map;
  const next = new Map(map);
  next.set(incoming.id, incoming);
  return next;
}

export type TimelineRow =
  | { type: "event"; id: string; occurredAt: string; recordedAt: string; event: EventJson }
  | { type: "outbox"; id: string; occurredAt: string; recordedAt: string; entry: OutboxEntry };

/**
 * What the timeline shows: live events plus queued entries the server has
 * not committed yet, ordered by occurredAt, then recordedAt (the API's order).
 * `showEvent` picks the events (the loaded span, a filter); `showQueued` the
 * queued entries (this browser's own, shown wherever they fall).
 */
export function timelineRows(
  events: ReadonlyMap<string, EventJson>,
  outbox: readonly OutboxEntry[],
  showEvent: (event: EventJson) => boolean = (e) => !e.deletedAt,
  showQueued: (entry: OutboxEntry) => boolean = () => true,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const event of events.values()) {
    if (!event.deletedAt && showEvent(event)) rows.push({ type: "event", id: event.id, occurredAt: event.occurredAt, recordedAt: event.recordedAt, event });
  }
  for (const entry of outbox) {
    // Once the server has it (answer or live frame), the server's copy wins.
    if (events.has(entry.payload.id) || !showQueued(entry)) continue;
    rows.push({ type: "outbox", id: entry.payload.id, occurredAt: entry.payload.occurredAt, recordedAt: entry.queuedAt, entry });
  }
  const t = (iso: string) => Date.parse(iso);
  return rows.sort((a, b) => t(a.occurredAt) - t(b.occurredAt) || t(a.recordedAt) - t(b.recordedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The latest change time among events: where a catch-up must start. */
export function latestUpdatedAt(events: Iterable<EventJson>, fallback: string): string {
  let best = fallback;
  for (const e of events) if (Date.parse(e.updatedAt) > Date.parse(best)) best = e.updatedAt;
  return best;
}
