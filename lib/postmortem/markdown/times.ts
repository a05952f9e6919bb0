import { formatUtcDate, formatUtcHourMinute } from "../../time-format";
/**
 * Times in the timeline table, and the incident's date that rows without a
 * date take. All UTC.
 */

/** "2026-03-03" for an instant. */
export const utcDate = (d: Date): string => formatUtcDate(d);
const utcTime = (d: Date): string => formatUtcHourMinute(d);

/**
 * The Time cell: `09:12`, a span `09:20-09:44`; with dates
 * `2026-03-03 23:50`, and an end on another day `2026-03-03 23:50-2026-03-04 00:10`.
 */
export function formatTimeCell(occurredAt: Date, endedAt: Date | null, withDates: boolean): string {
  const start = withDates ? `${utcDate(occurredAt)} ${utcTime(occurredAt)}` : utcTime(occurredAt);
  if (!endedAt) return start;
  const endNeedsDate = withDates && utcDate(endedAt) !== utcDate(occurredAt);
  return `${start}-${endNeedsDate ? `${utcDate(endedAt)} ${utcTime(endedAt)}` : utcTime(endedAt)}`;
}

export type ParsedTime = { date: string | null; minutes: number; seconds: number };
export type ParsedTimeCell = { start: ParsedTime; end: ParsedTime | null };

const DATE = String.raw`(\d{4}-\d{2}-\d{2})`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?`;
const CELL = new RegExp(String.raw`^(?:${DATE}[ T]+)?${TIME}(?:\s*[-–—]\s*(?:${DATE}[ T]+)?${TIME})?$`);

function validDate(value: string | undefined): string | null {
  if (!value) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && utcDate(d) === value ? value : null;
}

function time(date: string | undefined, h: string | undefined, m: string | undefined, s: string | undefined): ParsedTime | null {
  const hours = Number(h);
  const minutes = Number(m);
  const seconds = s === undefined ? 0 : Number(s);
  if (!(hours < 24 && minutes < 60 && seconds < 60)) return null;
  if (date !== undefined && !validDate(date)) return null;
  return { date: date ?? null, minutes: hours * 60 + minutes, seconds };
}

/** Read a Time cell as written by us or by hand ("09:05 UTC", "~11:32 – 13:05"); null when unreadable. */
export function parseTimeCell(text: string): ParsedTimeCell | null {
  const cleaned = text
    .replace(/\(?\bUTC\b\)?/gi, "")
    .replace(/^[~≈]|^(?:approx\.?|about|ca\.)\s*/i, "")
    .trim();
  const m = CELL.exec(cleaned);
  if (!m) return null;
  const start = time(m[1], m[2], m[3], m[4]);
  if (!start) return null;
  if (m[6] === undefined) return { start, end: null };
  const end = time(m[5], m[6], m[7], m[8]);
  return end ? { start, end } : null;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const MONTH_DAY_YEAR = new RegExp(String.raw`\b${MONTH}\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, "i");
const DAY_MONTH_YEAR = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}\.?,?\s+(\d{4})\b`, "i");

function ymd(year: string | undefined, monthIndex: number, day: string | undefined): string | null {
  const y = Number(year);
  const d = Number(day);
  if (!(monthIndex >= 0 && monthIndex < 12 && d >= 1 && d <= 31 && y >= 1970 && y <= 9999)) return null;
  return validDate(`${String(y).padStart(4, "0")}-${String(monthIndex + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
}

function monthIndex(name: string | undefined): number {
  return MONTHS.indexOf((name ?? "").slice(0, 3).toLowerCase());
}

/** The first date written in some text: `November 18, 2025`, `18 Nov 2025` or `2025-11-18`. */
export function firstDateIn(text: string): string | null {
  const found: { at: number; date: string | null }[] = [];
  const iso = ISO_DATE.exec(text);
  if (iso) found.push({ at: iso.index, date: ymd(iso[1], Number(iso[2]) - 1, iso[3]) });
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) found.push({ at: mdy.index, date: ymd(mdy[3], monthIndex(mdy[1]), mdy[2]) });
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) found.push({ at: dmy.index, date: ymd(dmy[3], monthIndex(dmy[2]), dmy[1]) });
  const valid = found.filter((f) => f.date !== null).sort((a, b) => a.at - b.at);
  return valid[0]?.date ?? null;
}

/**
 * The date rows without one take: from front matter, else the first date
 * in the title, else in the first paragraph. Exporter and importer both use
 * this, so the exporter knows when it may leave dates out.
 */
export function incidentDate(source: { frontMatterDate: string | null; title: string; firstParagraph: string }): string | null {
  return source.frontMatterDate ?? firstDateIn(source.title) ?? firstDateIn(source.firstParagraph);
}

/** An instant from a row's date and time. */
export function instantOf(date: string, t: ParsedTime): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + (t.minutes * 60 + t.seconds) * 1000);
}

export function addDays(date: string, days: number): string {
  return utcDate(new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000));
}
