/**
 * The one-line timeline entry language: an optional time, an optional kind
 * prefix, then the text. Pure (no React, no clock: `now` is passed in), so
 * the composer, the paste preview and the tests agree.
 *
 * Time (at the start of the line, optionally in [brackets], optionally
 * followed by "Z" or " UTC", and by a ":" / "-" separator):
 *   14:24, 9:05, 14:24:30        today in UTC; yesterday when that would be
 *                                more than FUTURE_TOLERANCE_MS in the future
 *   11:32-13:05                  a span (endedAt); an end before the start is
 *                                on the next day
 *   -5m, -90s, -2h, -1h30m       that long before now
 *   2026-03-03 23:50[:10]        a UTC date and time
 *   2026-03-03T23:50:00Z         ISO 8601 (an offset such as +02:00 is
 *                                honoured; no zone means UTC)
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
import { addDays, isValid } from "date-fns";

export const ENTRY_KINDS = ["note", "action", "decision", "communication", "alert"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** A bare clock time this far ahead of now is still "today" (clock skew, typing ahead). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** A relative time further back than this is surely a typo. */
export const RELATIVE_MAX_MS = 30 * 24 * 3_600_000;

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
  body: string;
};

export type ParseResult = { ok: true; entry: ParsedEntry } | { ok: false; error: string };

type TimeMatch = { occurredAt: Date; endedAt: Date | null; text: string; rest: string };
type TimeAttempt = TimeMatch | { error: string } | null;

const ZONE = String.raw`(?:\s*(?:Z|UTC))?`;
// After a time: end of line, or whitespace / a separator and then the text.
const AFTER = String.raw`(?=$|[\s,;:\]-])`;

const ISO_RE = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?` + AFTER,
  "i",
);
const DATE_TIME_RE = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})[ ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*[-–]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?` + ZONE + AFTER,
  "i",
);
const CLOCK_RE = new RegExp(
  String.raw`^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*[-–]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?` + ZONE + AFTER,
  "i",
);
const RELATIVE_RE = /^-(?=\d)(?:(\d{1,5})h)?(?:(\d{1,6})m(?!s))?(?:(\d{1,7})s)?(?=$|\s)/i;

const KIND_PREFIXES: Array<[RegExp, EntryKind]> = [
  [/^(?:a|action):\s*/i, "action"],
  [/^(?:d|decision):\s*/i, "decision"],
  [/^(?:c|comm|communication):\s*/i, "communication"],
  [/^(?:alert:\s*|!\s*)/i, "alert"],
  [/^(?:n|note):\s*/i, "note"],
];

const PUBLIC_PREFIX = /^public:\s*/i;

function matchPublic(text: string): string | null {
  const m = PUBLIC_PREFIX.exec(text);
  return m ? text.slice(m[0].length) : null;
}

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): Date | null {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls 2026-02-30 over to March; a roll-over means the input was invalid.
  const sane =
    isValid(date) &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return sane ? date : null;
}

function clockOk(h: number, m: number, s: number): boolean {
  return h <= 23 && m <= 59 && s <= 59;
}

/** The end of a span given as a clock time: same day as the start, or the next day when earlier. */
function spanEnd(start: Date, h: number, m: number, s: number): Date | null {
  if (!clockOk(h, m, s)) return null;
  const end = utc(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), h, m, s);
  if (!end) return null;
  return end < start ? addDays(end, 1) : end;
}

function matchIso(text: string): TimeAttempt {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [all, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const base = utc(num(y), num(mo), num(d), num(h), num(mi), num(s), ms);
  if (!base) return { error: `"${all}" is not a valid date and time` };
  let offsetMin = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z || num(z[2]) > 23 || num(z[3]) > 59) return { error: `"${zone}" is not a valid time zone offset` };
    offsetMin = (z[1] === "-" ? -1 : 1) * (num(z[2]) * 60 + num(z[3]));
  }
  const occurredAt = new Date(base.getTime() - offsetMin * 60_000);
  return { occurredAt, endedAt: null, text: all, rest: text.slice(all.length) };
}

function matchDateTime(text: string): TimeAttempt {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return null;
  const [all, y, mo, d, h, mi, s, eh, emi, es] = m;
  const occurredAt = utc(num(y), num(mo), num(d), num(h), num(mi), num(s));
  if (!occurredAt) return { error: `"${all.trim()}" is not a valid date and time` };
  let endedAt: Date | null = null;
  if (eh !== undefined) {
    endedAt = spanEnd(occurredAt, num(eh), num(emi), num(es));
    if (!endedAt) return { error: `"${all.trim()}" has an invalid end time` };
  }
  return { occurredAt, endedAt, text: all.trim(), rest: text.slice(all.length) };
}

function matchClock(text: string, now: Date): TimeAttempt {
  const m = CLOCK_RE.exec(text);
  if (!m) return null;
  const [all, h, mi, s, eh, emi, es] = m;
  if (!clockOk(num(h), num(mi), num(s))) return { error: `"${all.trim()}" is not a valid time (use 00:00–23:59)` };
  let occurredAt = utc(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), num(h), num(mi), num(s));
  if (!occurredAt) return { error: `"${all.trim()}" is not a valid time` };
  if (occurredAt.getTime() - now.getTime() > FUTURE_TOLERANCE_MS) occurredAt = addDays(occurredAt, -1);
  let endedAt: Date | null = null;
  if (eh !== undefined) {
    endedAt = spanEnd(occurredAt, num(eh), num(emi), num(es));
    if (!endedAt) return { error: `"${all.trim()}" has an invalid end time (use 00:00–23:59)` };
  }
  return { occurredAt, endedAt, text: all.trim(), rest: text.slice(all.length) };
}

function matchRelative(text: string, now: Date): TimeAttempt {
  const m = RELATIVE_RE.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  const ms = (num(m[1]) * 3600 + num(m[2]) * 60 + num(m[3])) * 1000;
  if (ms > RELATIVE_MAX_MS) return { error: `"${m[0]}" is more than 30 days ago; type the date instead` };
  return { occurredAt: new Date(now.getTime() - ms), endedAt: null, text: m[0], rest: text.slice(m[0].length) };
}

function matchTime(text: string, now: Date): TimeAttempt {
  // Chat logs often bracket the time: "[14:02] paged".
  const bracketed = /^\[([^\]\n]{1,40})\]/.exec(text);
  if (bracketed?.[1] !== undefined) {
    const inner = matchTimeBare(bracketed[1].trim(), now);
    if (inner && "error" in inner) return inner;
    if (inner && !inner.rest.trim()) return { ...inner, rest: text.slice(bracketed[0].length) };
    return null;
  }
  return matchTimeBare(text, now);
}

function matchTimeBare(text: string, now: Date): TimeAttempt {
  return matchIso(text) ?? matchDateTime(text) ?? matchClock(text, now) ?? matchRelative(text, now);
}

function matchKind(text: string): { kind: EntryKind; rest: string } | null {
  for (const [re, kind] of KIND_PREFIXES) {
    const m = re.exec(text);
    if (m) return { kind, rest: text.slice(m[0].length) };
  }
  return null;
}

/** Drop the separator people put between a time and the text: "14:02 - paged", "14:02: paged". */
function stripSeparator(text: string): string {
  return text.replace(/^\s*(?:[-–—|:,;]\s+|[:,;](?=\S))?/, "").replace(/^\s+/, "");
}

/**
 * Parse one typed line. `now` decides what "today" and "-5m" mean.
 * An empty body is allowed (a milestone supplies its own text).
 */
export function parseEntryLine(line: string, now: Date): ParseResult {
  let text = line.trim();
  let kind: EntryKind | null = null;
  let isPublic = false;
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
  if (time) text = stripSeparator(time.rest);
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

export type PastedLine = {
  /** The line as pasted. */
  raw: string;
  /** Set when the line could not be read (the text is kept for editing). */
  error: string | null;
  /** No time at the start of the line: it takes the previous line's time. */
  missingTime: boolean;
  occurredAt: Date;
  endedAt: Date | null;
  kind: EntryKind | null;
  /** "public:": a public update. */
  isPublic: boolean;
  body: string;
};

function nonEmptyLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
}

/**
 * Parse a pasted chat log, one entry per non-empty line. A line without a
 * time is flagged and placed at the previous line's time (or `now` when it
 * is first), so the log's order survives.
 */
export function parsePastedLines(text: string, now: Date): PastedLine[] {
  let previous: Date | null = null;
  return nonEmptyLines(text).map((raw): PastedLine => {
    const parsed = parseEntryLine(raw, now);
    if (!parsed.ok) {
      return { raw, error: parsed.error, missingTime: false, occurredAt: previous ?? now, endedAt: null, kind: null, isPublic: false, body: raw.trim() };
    }
    const { entry } = parsed;
    const occurredAt = entry.occurredAt ?? previous ?? now;
    previous = occurredAt;
    const error = entry.body ? null : "No text after the time";
    return { raw, error, missingTime: entry.occurredAt === null, occurredAt, endedAt: entry.endedAt, kind: entry.kind, isPublic: entry.isPublic, body: entry.body };
  });
}

/** A paste that should be previewed as several timed entries rather than typed into the box. */
export function isTimedPaste(text: string, now: Date): boolean {
  const lines = nonEmptyLines(text);
  if (lines.length < 2) return false;
  const timed = lines.filter((l) => {
    const p = parseEntryLine(l, now);
    return !p.ok || p.entry.occurredAt !== null;
  }).length;
  return timed * 2 >= lines.length;
}
