"use client";

/**
 * "Show this timeline entry": a link elsewhere (a search result) names an
 * entry as `#entry-<id>`. A fresh page load reads the URL's hash; a
 * client-side jump to the incident already on screen changes no page and
 * fires no hashchange, so the link also leaves the id here for the
 * timeline to take.
 */
type Listener = (id: string) => boolean;

const listeners = new Set<Listener>();
let pending: string | null = null;

const ENTRY_HASH = /^#entry-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function entryHash(id: string): string {
  return `#entry-${id}`;
}

/** The entry id of a URL hash ("#entry-<uuid>"), if it is one. */
export function entryIdFromHash(hash: string): string | null {
  return ENTRY_HASH.exec(hash)?.[1]?.toLowerCase() ?? null;
}

/** Ask the timeline on screen (or the next one to mount) to select an entry. */
export function requestEntryFocus(id: string): void {
  pending = id;
  for (const listener of listeners) if (listener(id)) pending = null;
}

/** The entry asked for before this timeline mounted, once. */
export function takePendingEntryFocus(): string | null {
  const id = pending;
  pending = null;
  return id;
}

/** Listen for requests; return true from the listener when the entry was shown. */
export function onEntryFocusRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
