"use client";

/**
 * "Show this timeline entry": a link elsewhere (a search result) names an
 * entry as `?at=<its time>#entry-<id>`. The time lets the timeline load the
 * entries around it when it is outside the window on screen (the page shows
 * the newest entries only). A fresh page load reads the URL; a client-side
 * jump to the incident already on screen changes no page and fires no
 * hashchange, so the link also leaves the request here for the timeline.
 */
export type EntryFocus = { id: string; at: Date | null };
type Listener = (request: EntryFocus) => boolean;

const listeners = new Set<Listener>();
let pending: EntryFocus | null = null;

const ENTRY_HASH = /^#entry-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function entryHash(id: string): string {
  return `#entry-${id}`;
}

/** The entry id of a URL hash ("#entry-<uuid>"), if it is one. */
export function entryIdFromHash(hash: string): string | null {
  return ENTRY_HASH.exec(hash)?.[1]?.toLowerCase() ?? null;
}

/** The entry a URL (or a link's href) asks for, with its time when the URL has a valid `at`. */
export function entryFocusFromUrl(url: { search: string; hash: string } | string): EntryFocus | null {
  const parsed = typeof url === "string" ? new URL(url, "http://debrief.invalid") : url;
  const id = entryIdFromHash(parsed.hash);
  if (!id) return null;
  const raw = new URLSearchParams(parsed.search).get("at");
  const at = raw ? new Date(raw) : null;
  return { id, at: at && Number.isFinite(at.getTime()) ? at : null };
}

/** Ask the timeline on screen (or the next one to mount) to select an entry. */
export function requestEntryFocus(request: EntryFocus): void {
  pending = request;
  for (const listener of listeners) if (listener(request)) pending = null;
}

/** The entry asked for before this timeline mounted, once. */
export function takePendingEntryFocus(): EntryFocus | null {
  const request = pending;
  pending = null;
  return request;
}

/** Listen for requests; return true from the listener when the entry is being shown. */
export function onEntryFocusRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
