import type { TimelineRow } from "../document";
import { canonicalLine, canonicalLines } from "../text";
import { resolveDate, type DayOrder, type IsoDate } from "./context";
import type { WrittenDate } from "./stamps";
import type { RawRow } from "./timeline-detect";
import { UTC_ZONE, wallTimeToInstant, type Zone } from "./zones";

/**
 * Timeline lines as written → UTC instants. A line's own date wins; a line
 * without one takes the date in force where it stands (a date heading or
 * line above, the section's heading), else the incident's date, else the
 * line before. A time far earlier than the one before it, under the same
 * date, is on the next day (23:55, then 07:00). A date without a time is
 * the whole day: 00:00 UTC to 00:00 the next day.
 */

export type RowReport = {
  /** The time as the author wrote it. */
  written: string;
  occurredAt: string;
  endedAt: string | null;
  /** The zone applied ("PST → America/Los_Angeles", "UTC (none stated)"). */
  zone: string;
  wholeDay: boolean;
};

export type ResolvedRows = {
  rows: TimelineRow[];
  report: RowReport[];
  warnings: string[];
  /** Some line has no date anywhere to take one from. */
  missingDate: boolean;
  zoneAssumed: boolean;
};

const DAY = 86_400_000;
const HALF_DAY = 12 * 3_600_000;

function addDays(iso: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${iso}T00:00:00.000Z`) + days * DAY).toISOString().slice(0, 10);
}

function withYear(date: WrittenDate, year: number | null): WrittenDate {
  if (year === null || date.kind !== "calendar" || date.value.y !== null) return date;
  return { kind: "calendar", value: { ...date.value, y: year } };
}

function zoneLabel(zone: Zone, assumed: boolean): string {
  if (assumed) return "UTC (no time zone stated)";
  return zone.label === zone.tz ? zone.tz : `${zone.label} → ${zone.tz}`;
}

/**
 * `doc.year`: a year the document states without a whole date ("Outage in
 * August 2026"), for rows written with a day and month only when nothing
 * nearer gives their year.
 */
export function resolveRows(raw: RawRow[], doc: { date: IsoDate | null; zone: Zone | null; order: DayOrder; year?: number | null }): ResolvedRows {
  const rows: (TimelineRow | null)[] = [];
  const report: (RowReport | null)[] = [];
  const warnings: string[] = [];
  let missingDate = false;
  let zoneAssumed = false;
  let previous: { instant: number; iso: IsoDate } | null = null;
  // The running day of undated lines under one date context, after midnight crossings.
  const dayOf = new Map<number, { iso: IsoDate; last: number }>();

  raw.forEach((r, index) => {
    const stamp = r.stamp;
    if (!stamp) {
      rows.push(null);
      report.push(null);
      warnings.push(`Timeline entry ${index + 1}: "${r.written.slice(0, 40)}" is not a time; it keeps its place next to the entry before (or after) it`);
      return;
    }
    // A date alone needs no zone (it is kept as that calendar day).
    const assumed = stamp.time !== null && !stamp.zone && !r.columnZone && !r.ctx.zone && !doc.zone;
    const zone = stamp.zone ?? r.columnZone ?? r.ctx.zone ?? doc.zone ?? UTC_ZONE;
    if (assumed) zoneAssumed = true;
    const statedYear = doc.date ? null : (doc.year ?? null);
    const contextIso = r.ctx.date ? resolveDate(withYear(r.ctx.date, r.columnYear ?? statedYear), doc.date, doc.order) : null;
    const reference = contextIso ?? doc.date ?? previous?.iso ?? null;
    let iso: IsoDate | null;
    let explicit = false;
    if (stamp.date) {
      iso = resolveDate(withYear(stamp.date, r.columnYear ?? (reference ? null : statedYear)), reference, doc.order);
      explicit = true;
    } else {
      iso = dayOf.get(r.ctx.key)?.iso ?? reference;
    }
    if (!iso) {
      missingDate = true;
      rows.push(null);
      report.push(null);
      return;
    }
    let occurredAt: Date;
    let endedAt: Date | null = null;
    const wholeDay = !stamp.time;
    if (stamp.time) {
      const time = stamp.time;
      occurredAt = wallTimeToInstant(iso, time.minutes, time.seconds, zone);
      if (!explicit) {
        const running = dayOf.get(r.ctx.key);
        // Under one date, a time far earlier than the line before is on the next day.
        for (let guard = 0; running && occurredAt.getTime() < running.last - HALF_DAY && guard < 3; guard++) {
          iso = addDays(iso, 1);
          occurredAt = wallTimeToInstant(iso, time.minutes, time.seconds, zone);
        }
        dayOf.set(r.ctx.key, { iso, last: occurredAt.getTime() });
      }
      if (stamp.endTime) {
        const endIso = stamp.endDate ? resolveDate(withYear(stamp.endDate, r.columnYear), iso, doc.order) : iso;
        if (endIso) {
          endedAt = wallTimeToInstant(endIso, stamp.endTime.minutes, stamp.endTime.seconds, zone);
          if (endedAt < occurredAt && !stamp.endDate) endedAt = new Date(endedAt.getTime() + DAY);
          if (endedAt < occurredAt) endedAt = null;
        }
      }
    } else {
      occurredAt = new Date(`${iso}T00:00:00.000Z`);
      const endIso = stamp.endDate ? resolveDate(withYear(stamp.endDate, r.columnYear), iso, doc.order) : iso;
      endedAt = new Date(`${endIso && endIso >= iso ? endIso : iso}T00:00:00.000Z`);
      endedAt = new Date(endedAt.getTime() + DAY);
    }
    previous = { instant: occurredAt.getTime(), iso };
    rows.push({ occurredAt, endedAt, statusLabel: canonicalLine(r.statusLabel), body: canonicalLines(r.body) });
    report.push({
      written: r.written,
      occurredAt: occurredAt.toISOString(),
      endedAt: endedAt?.toISOString() ?? null,
      zone: wholeDay ? "date only" : zoneLabel(zone, assumed),
      wholeDay,
    });
  });

  // A line whose time could not be read keeps its place: the time of the line before (or after).
  const out: TimelineRow[] = [];
  const outReport: RowReport[] = [];
  // Nearest resolved row before (else after) each position, found in one pass each way.
  const before: (TimelineRow | null)[] = [];
  let last: TimelineRow | null = null;
  for (const row of rows) {
    before.push(last);
    if (row) last = row;
  }
  const after: (TimelineRow | null)[] = new Array(rows.length).fill(null);
  let next: TimelineRow | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    after[i] = next;
    const row = rows[i];
    if (row) next = row;
  }
  rows.forEach((row, i) => {
    if (row) {
      out.push(row);
      const rep = report[i];
      if (rep) outReport.push(rep);
      return;
    }
    const r = raw[i];
    if (!r || r.stamp) return;
    const neighbour = before[i] ?? after[i];
    if (!neighbour) return;
    out.push({
      occurredAt: neighbour.occurredAt,
      endedAt: null,
      statusLabel: canonicalLine(r.statusLabel),
      // What was written where the time should be stays in front of the words (a list item's is their start already).
      body: canonicalLines(r.written && !r.body.startsWith(r.written) ? `${r.written}: ${r.body}` : r.body),
    });
    outReport.push({ written: r.written, occurredAt: neighbour.occurredAt.toISOString(), endedAt: null, zone: "not a time: placed with its neighbour", wholeDay: false });
  });
  return { rows: out, report: outReport, warnings, missingDate, zoneAssumed };
}
