/**
 * The one-line timeline entry language: an optional time, an optional kind
 * prefix, then the text. Pure (no React, no clock: `now` is passed in), so
 * the composer, the paste preview and the tests agree.
 *
 * Time (at the start of the line, optionally in [brackets], optionally
 * followed by "Z" or " UTC", and by a ":" / "-" separator):
 *   14:24, 9:05, 14:24:30        today in UTC; yesterday when that would be
 *   6:21 PM, 6:21pm              more than FUTURE_TOLERANCE_MS in the future
 *   11:32-13:05                  a span (endedAt); an end before the start is
 *                                on the next day
 *   -5m, -90s, -2h, -1h30m       that long before now
 *   2026-03-03 23:50[:10]        a UTC date and time (also "Mar 3 6:21 PM",
 *                                "Yesterday 23:50": every form in stamp.ts)
 *   2026-03-03T23:50:00Z         ISO 8601 (an offset such as +02:00 is
 *                                honoured; no zone means UTC)
 *
 * Speaker (after a chat-like time: bracketed or with AM/PM), the entry's
 * attribution: "[6:21 PM] alice: seeing errors", "18:21 <alice> seeing errors".
 *
 * Kind (after the time, or before it), case-insensitive:
 *   a: / action:                 action
 *   d: / decision:               decision
 *   c: / comm: / communication:  communication
 *   ! / alert:                   alert
 *   n: / note:                   note (the default)
 *
 * Visibility: "public:" (at the start, after the time or after the kind)
 * makes the entry a public update, shown on the status page. Only the whole
 * word counts, so a public entry is never made by a slip of one letter.
 */
import { isStampError, matchRelative, matchStamp, RELATIVE_MAX_MS, type Stamp } from "./stamp";
import { dayOfBareTime, dayOfStamp, resolveOnDay, FUTURE_TOLERANCE_MS } from "./stamp-instant";
import { ENTRY_KINDS, matchKind, matchPublic, stripSeparator, takeSpeaker, type EntryKind } from "./entry-prefixes";

export { ENTRY_KINDS, FUTURE_TOLERANCE_MS, RELATIVE_MAX_MS, type EntryKind };

export type ParsedEntry = {
  /** null: no time was typed; the caller stamps the current time. */
  occurredAt: Date | null;
  endedAt: Date | null;
  /** The time as typed, for previews. */
  timeText: string | null;
  /** null: no prefix; the caller uses its selected kind. */
  kind: EntryKind | null;
  /** The line asked to be a public update ("public:"). */
  isPublic: boolean;
  /** Who said it, from a chat line ("[6:21 PM] alice: …"): the entry's attribution. */
  speaker: string | null;
  body: string;
};

export type ParseResult = { ok: true; entry: ParsedEntry } | { ok: false; error: string };

type TimeMatch = { occurredAt: Date; endedAt: Date | null; text: string; rest: string; stamp: Stamp | null };
type TimeAttempt = TimeMatch | { error: string } | null;

function relativeTime(text: string, now: Date): TimeAttempt {
  const rel = matchRelative(text);
  if (!rel || "error" in rel) return rel;
  return { occurredAt: new Date(now.getTime() - rel.ms), endedAt: null, text: rel.text, rest: text.slice(rel.length), stamp: null };
}

/** A typed time is UTC (the entry box says so); a bare clock time is today, or yesterday when today is in the future. */
function matchTime(text: string, now: Date): TimeAttempt {
  const stamp = matchStamp(text);
  if (isStampError(stamp)) return stamp;
  if (!stamp) return relativeTime(text, now);
  const named = dayOfStamp(stamp, now, "UTC");
  if (named && "error" in named) return named;
  const day = named ?? dayOfBareTime(stamp.time, stamp.offsetMin, now, "UTC");
  const resolved = resolveOnDay(stamp, day, "UTC");
  if ("error" in resolved) return resolved;
  return { ...resolved, text: stamp.text, rest: text.slice(stamp.length), stamp };
}

/**
 * Parse one typed line. `now` decides what "today" and "-5m" mean.
 * An empty body is allowed (a milestone supplies its own text).
 */
export function parseEntryLine(line: string, now: Date): ParseResult {
  let text = line.trim();
  let kind: EntryKind | null = null;
  let isPublic = false;
  let speaker: string | null = null;
  const takePublic = () => {
    const rest = isPublic ? null : matchPublic(text);
    if (rest !== null) {
      isPublic = true;
      text = rest.trimStart();
    }
  };

  takePublic();
  let time = matchTime(text, now);
  if (!time) {
    // The kind may come first: "a: 14:24 rolled back".
    const k = matchKind(text);
    if (k) {
      kind = k.kind;
      text = k.rest.trimStart();
      takePublic();
      time = matchTime(text, now);
    }
  }
  if (time && "error" in time) return { ok: false, error: time.error };
  if (time) {
    text = time.rest.trimStart();
    // A chat line names its speaker after the time: "[6:21 PM] alice: …", "18:21 <alice> …".
    const said = kind ? null : takeSpeaker(text, Boolean(time.stamp && (time.stamp.bracketed || time.stamp.twelveHour)));
    if (said) {
      speaker = said.speaker;
      text = said.rest;
    }
    text = stripSeparator(text);
  }
  takePublic();
  if (!kind) {
    const k = matchKind(text);
    if (k) {
      kind = k.kind;
      text = k.rest;
    }
  }
  takePublic();
  return {
    ok: true,
    entry: {
      occurredAt: time?.occurredAt ?? null,
      endedAt: time?.endedAt ?? null,
      timeText: time?.text ?? null,
      kind,
      isPublic,
      speaker,
      body: text.trim(),
    },
  };
}

/** Parse a time typed on its own (the edit form's time field). */
export function parseTimeText(text: string, now: Date): { ok: true; occurredAt: Date; endedAt: Date | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  const time = matchTime(trimmed, now);
  if (!time) return { ok: false, error: "Type a time such as 14:24, -5m or 2026-03-03 23:50" };
  if ("error" in time) return { ok: false, error: time.error };
  if (time.rest.trim()) return { ok: false, error: `Unexpected text after the time: "${time.rest.trim()}"` };
  return { ok: true, occurredAt: time.occurredAt, endedAt: time.endedAt };
}

export { parsePastedLines, isTimedPaste, type PastedLine } from "./chat-log";
