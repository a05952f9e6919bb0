import { z } from "zod";

/**
 * Cursors of the paged timeline API (GET …/events). A cursor is the sort
 * key of an entry, so a page continues exactly after (or before) it however
 * many entries were added, edited or deleted meanwhile, and the database
 * seeks to it on an index instead of counting rows (cost independent of the
 * incident's size). Opaque to clients (base64url), strictly checked when it
 * comes back.
 *
 * - timeline cursors: (occurredAt, recordedAt, id), the timeline's order;
 * - change cursors: (updatedAt, id), the order of a catch-up (`since`).
 */

/** How many entries the incident page renders, and loads at a time as the user scrolls. */
export const TIMELINE_WINDOW = 200;
/** The most entries one GET …/events answers with. */
export const EVENTS_PAGE_MAX = 500;
/** The most changes a live catch-up replays; beyond it the client is told to reload its window. */
export const CATCH_UP_MAX = TIMELINE_WINDOW;

export type TimelineKey = { occurredAt: Date; recordedAt: Date; id: string };
export type ChangeKey = { updatedAt: Date; id: string };
export type Cursor = { kind: "timeline"; key: TimelineKey } | { kind: "changes"; key: ChangeKey };

const CURSOR_MAX_CHARS = 160;
const MS_MAX = 8_640_000_000_000_000; // the largest valid Date
const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const TIMELINE_FORM = new RegExp(`^t\\.(\\d{1,16})\\.(\\d{1,16})\\.(${UUID})$`);
// A change cursor may have no id: "everything changed at or after this instant".
const CHANGES_FORM = new RegExp(`^c\\.(\\d{1,16})\\.(${UUID})?$`);

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
}

function instant(digits: string | undefined): Date | null {
  const ms = Number(digits);
  return Number.isSafeInteger(ms) && ms <= MS_MAX ? new Date(ms) : null;
}

export function encodeCursor(cursor: Cursor): string {
  if (cursor.kind === "timeline") {
    const { occurredAt, recordedAt, id } = cursor.key;
    return toBase64Url(`t.${occurredAt.getTime()}.${recordedAt.getTime()}.${id}`);
  }
  return toBase64Url(`c.${cursor.key.updatedAt.getTime()}.${cursor.key.id}`);
}

/** A cursor from a client, or null when it is not one this API made. */
export function decodeCursor(text: string): Cursor | null {
  if (text.length > CURSOR_MAX_CHARS) return null;
  const plain = fromBase64Url(text);
  if (plain === null) return null;
  const t = TIMELINE_FORM.exec(plain);
  if (t) {
    const occurredAt = instant(t[1]);
    const recordedAt = instant(t[2]);
    if (!occurredAt || !recordedAt || !t[3]) return null;
    return { kind: "timeline", key: { occurredAt, recordedAt, id: t[3] } };
  }
  const c = CHANGES_FORM.exec(plain);
  if (c) {
    const updatedAt = instant(c[1]);
    if (!updatedAt) return null;
    return { kind: "changes", key: { updatedAt, id: c[2] ?? "" } };
  }
  return null;
}

export const zCursor = z
  .string()
  .max(CURSOR_MAX_CHARS, `must be at most ${CURSOR_MAX_CHARS} characters`)
  .transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (!cursor) {
      ctx.addIssue({ code: "custom", message: "is not a cursor from this API (use page.older / page.newer of an earlier answer)" });
      return z.NEVER;
    }
    return cursor;
  });

/** Timeline order: occurredAt, then recordedAt, then id (what the API and the page sort by). */
export function compareTimelineKeys(a: TimelineKey, b: TimelineKey): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
