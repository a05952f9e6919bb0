import { TZDateMini, tzOffset } from "@date-fns/tz";

/**
 * Time zones as postmortems state them ("All times PST", "Time (CET)",
 * "times are ET", "(GMT+1)", "US/Pacific") and the instants they give.
 *
 * Abbreviations name a region's wall clock, not a fixed offset: authors
 * write "PST" in June and mean Pacific time (the Chia report's nginx log,
 * 03:28 UTC for a "20:28 PST" row on 28 June, confirms it). So each maps to
 * an IANA zone and daylight-saving time follows the date. Explicit offsets
 * ("UTC-7", "+02:00") are taken as written.
 */
export type Zone = {
  /** What the document said, for the import report ("PST", "Time (CET)"). */
  label: string;
  /** An IANA name or a fixed offset such as "+02:00". */
  tz: string;
};

export const UTC_ZONE: Zone = { label: "UTC", tz: "UTC" };

// Order matters where one name contains another (PST/PDT before PT).
const ABBREVIATIONS: [RegExp, string][] = [
  [/^(?:utc|gmt|z|zulu|coordinated universal time)$/i, "UTC"],
  [/^(?:pst|pdt|pt|pacific(?: time| standard time| daylight time)?|us\/pacific|pst\/pdt|pdt\/pst)$/i, "America/Los_Angeles"],
  [/^(?:mst|mdt|mt|mountain(?: time)?|us\/mountain)$/i, "America/Denver"],
  [/^(?:cst|cdt|ct|central(?: time| standard time)?|us\/central)$/i, "America/Chicago"],
  [/^(?:est|edt|et|eastern(?: time| standard time| daylight time)?|us\/eastern|est\/edt)$/i, "America/New_York"],
  [/^(?:akst|akdt)$/i, "America/Anchorage"],
  [/^(?:hst)$/i, "Pacific/Honolulu"],
  [/^(?:cet|cest|met|mest|central european(?: summer)? time)$/i, "Europe/Berlin"],
  [/^(?:wet|west)$/i, "Europe/Lisbon"],
  [/^(?:bst|uk time|british summer time)$/i, "Europe/London"],
  [/^(?:eet|eest)$/i, "Europe/Athens"],
  [/^(?:msk)$/i, "Europe/Moscow"],
  [/^(?:ist)$/i, "Asia/Kolkata"],
  [/^(?:jst)$/i, "Asia/Tokyo"],
  [/^(?:kst)$/i, "Asia/Seoul"],
  [/^(?:sgt)$/i, "Asia/Singapore"],
  [/^(?:hkt)$/i, "Asia/Hong_Kong"],
  [/^(?:aest|aedt)$/i, "Australia/Sydney"],
  [/^(?:nzst|nzdt)$/i, "Pacific/Auckland"],
  [/^(?:brt)$/i, "America/Sao_Paulo"],
  [/^(?:wat)$/i, "Africa/Lagos"],
  [/^(?:sast)$/i, "Africa/Johannesburg"],
  [/^(?:mez|mesz)$/i, "Europe/Berlin"],
  [/^(?:wib)$/i, "Asia/Jakarta"],
  [/^(?:pht|phst)$/i, "Asia/Manila"],
  [/^(?:awst)$/i, "Australia/Perth"],
  [/^(?:acst|acdt)$/i, "Australia/Adelaide"],
  [/^(?:aet)$/i, "Australia/Sydney"],
  [/^(?:nzt)$/i, "Pacific/Auckland"],
  [/^(?:clt|clst)$/i, "America/Santiago"],
];
// An abbreviation that names two zones keeps its most common reading (CST the
// US, IST India). Left out on purpose: GST, and abbreviations that are also
// everyday capitals (CAT, the Chia Asset Token in a real report; EAT, ICT,
// PKT, AST, ART): a short paragraph that mentions "time" is read for its zone,
// and a wrong one moves every time after it by hours.

/** Words that name a zone inside running text, longest first so "PST/PDT" wins over "PST". */
const ZONE_WORD = String.raw`(?:US\/(?:Pacific|Mountain|Central|Eastern)|PST\/PDT|PDT\/PST|EST\/EDT|Pacific(?: Standard| Daylight)? Time|Eastern(?: Standard| Daylight)? Time|Central European(?: Summer)? Time|Mountain Time|Central Time|UK time|[A-Z][a-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?|UTC|GMT|PST|PDT|PT|MST|MDT|CST|CDT|EST|EDT|ET|AKST|AKDT|HST|CET|CEST|MET|MEST|WET|WEST|BST|EET|EEST|MSK|IST|JST|KST|SGT|HKT|AEST|AEDT|NZST|NZDT|BRT|WAT|SAST|MESZ|MEZ|WIB|PHST|PHT|AWST|ACST|ACDT|AET|NZT|CLST|CLT)`;
const OFFSET = String.raw`(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?`;

/** A zone named by the text as a whole or by its first zone word ("Time (PST)", "all times are in CET"). */
export function zoneIn(text: string): Zone | null {
  const offset = new RegExp(OFFSET, "i").exec(text);
  const word = new RegExp(String.raw`(?<![A-Za-z])(${ZONE_WORD})(?![A-Za-z])`).exec(text);
  // An explicit offset next to its abbreviation ("PDT (UTC-7)") is the more precise of the two.
  if (offset && (!word || /^(?:UTC|GMT)$/i.test(word[1] ?? "") || Math.abs(offset.index - word.index) < 20)) {
    const zone = offsetZone(offset);
    if (zone) return zone;
  }
  if (!word?.[1]) return null;
  return zoneNamed(word[1]);
}

function offsetZone(m: RegExpExecArray): Zone | null {
  const sign = m[1] === "+" ? "+" : "-";
  const hours = Number(m[2]);
  const minutes = m[3] ? Number(m[3]) : 0;
  if (hours > 14 || minutes > 59) return null;
  if (hours === 0 && minutes === 0) return { label: m[0], tz: "UTC" };
  return { label: m[0], tz: `${sign}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}` };
}

/** A zone from one word: an abbreviation, "Pacific Time" or an IANA name. */
export function zoneNamed(word: string): Zone | null {
  const w = word.trim();
  for (const [pattern, tz] of ABBREVIATIONS) if (pattern.test(w)) return { label: w, tz };
  if (/^[A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?$/.test(w) && isIanaZone(w)) return { label: w, tz: w };
  return null;
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * "All times PST", "(all times CET)", "times are ET", "All times in PDT (UTC-7).",
 * "*(All times US/Pacific, 24-hour clock.)*", "Timeline (CET)": a statement
 * of the zone the times around it are written in.
 */
export function zoneNote(text: string): Zone | null {
  const t = text.trim();
  if (!/\btimes?\b|\btimeline\b|\bzone\b/i.test(t) && !/^\(?\s*[A-Z]{2,5}\s*\)?$/.test(t)) return null;
  return zoneIn(t);
}

/** A paragraph that says nothing but the zone ("All times in PST", "All times in UTC."): it can be left out once times are UTC. */
export function isPureZoneNote(text: string): boolean {
  const t = text.replace(/[*_()]/g, " ").replace(/\s+/g, " ").trim();
  if (t.length > 80) return false;
  const rest = t
    .replace(new RegExp(OFFSET, "gi"), " ")
    .replace(new RegExp(String.raw`(?<![A-Za-z])${ZONE_WORD}(?![A-Za-z])`, "g"), " ")
    .replace(/\b(?:all|the|times?|are|is|in|this|post|report|document|blog|given|shown|listed|local|zone|24-hour|clock|approximate|approximately|approx)\b/gi, " ")
    .replace(/[.,:;\/\s-]+/g, "");
  return rest === "" && zoneIn(t) !== null;
}

// Zone rules are looked up once per zone, day and quarter hour (transitions fall on quarter hours):
// a 10,000-line timeline in one zone needs a few dozen lookups, not 10,000.
const OFFSET_CACHE_MAX = 10_000;
const offsetCache = new Map<string, number>();

/** The UTC instant of a wall-clock time in a zone (daylight-saving time from the zone's rules). */
export function wallTimeToInstant(date: string, minutes: number, seconds: number, zone: Zone): Date {
  const [y, m, d] = date.split("-").map(Number);
  const utc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 0, 0, 0) + (minutes * 60 + seconds) * 1000;
  if (zone.tz === "UTC") return new Date(utc);
  const quarter = Math.floor(minutes / 15) * 15;
  const key = `${zone.tz}|${date}|${quarter}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const local = new TZDateMini(y ?? 1970, (m ?? 1) - 1, d ?? 1, Math.floor(quarter / 60), quarter % 60, 0, zone.tz);
    offset = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 0, 0, 0) + quarter * 60_000 - local.getTime();
    if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return new Date(utc - offset);
}

/** Minutes east of UTC for a zone at an instant (for the report). */
export function offsetMinutes(zone: Zone, at: Date): number {
  return zone.tz === "UTC" ? 0 : tzOffset(zone.tz, at);
}
