import type { Milestone } from "../timeline/schemas";
import type { PostmortemDocument, TimelineRow } from "./document";

/**
 * Milestones read from a row's status words ("Impact starts.", "All services
 * resolved. Impact ends.") or, failing that, from a marker the author put in
 * its text ("**OUTAGE BEGINS**", "<START OF OUTAGE>", "(**outage starts**)").
 * Checked in this order, so "Main impact resolved" (mitigated) is not taken
 * for the end when an "Impact ends" row exists.
 */
const MILESTONE_STATUS: [Milestone, RegExp][] = [
  ["impact_start", /^impact\s+(?:starts?|started|begins?|began)\.?$|\b(?:impact|outage|incident|degradation)\s+(?:starts?|started|begins?|began)\b/i],
  ["resolved", /^(?:resolved|impact\s+(?:ends?|ended))\.?$|\b(?:impact|outage|incident)\s+(?:ends?|ended|is\s+over)\b|\ball\s+services\s+(?:resolved|restored)\b/i],
  ["mitigated", /^mitigat(?:ed|ion)\.?$|\bmain\s+impact\s+resolved\b|\bimpact\s+mitigated\b/i],
  ["detected", /^(?:detected|detection)\.?$|\b(?:incident|issue)\s+(?:detected|declared)\b/i],
];
const MILESTONE_MARKERS: [Milestone, RegExp][] = [
  ["impact_start", /\*\*\s*(?:outage|impact|incident)\s+(?:begins|starts|started)\b|<?\s*start\s+of\s+outage\s*>?|\((?:\*\*)?outage\s+starts(?:\*\*)?\)/i],
  ["resolved", /\*\*\s*(?:incident\/)?(?:outage|impact|incident)\s+(?:ends|ended)\b|<?\s*end\s+of\s+outage\s*>?|\((?:\*\*)?outage\s+ends(?:\*\*)?\)/i],
];

export function milestoneOf(statusLabel: string, body = ""): Milestone | null {
  const words = statusLabel.trim();
  if (words) {
    const fromLabel = MILESTONE_STATUS.find(([, re]) => re.test(words))?.[0];
    if (fromLabel) return fromLabel;
  }
  return MILESTONE_MARKERS.find(([, re]) => re.test(body))?.[0] ?? null;
}

/** One milestone per kind: the first row that states it (a later "resolved" mention does not move the end). */
function milestonesOf(rows: TimelineRow[]): (Milestone | null)[] {
  const seen = new Set<Milestone>();
  const order = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.occurredAt.getTime() - b.r.occurredAt.getTime() || a.i - b.i);
  const out: (Milestone | null)[] = rows.map(() => null);
  for (const { r, i } of order) {
    const m = milestoneOf(r.statusLabel, r.body);
    if (m && !seen.has(m)) {
      seen.add(m);
      out[i] = m;
    }
  }
  return out;
}

function firstWith(rows: TimelineRow[], milestones: (Milestone | null)[], milestone: Milestone): Date | null {
  const hits = rows.filter((_, i) => milestones[i] === milestone).map((r) => r.occurredAt.getTime());
  return hits.length ? new Date(Math.min(...hits)) : null;
}

export type ImportedKeyTimes = {
  milestones: (Milestone | null)[];
  startedAt: Date | null;
  detectedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
};

/**
 * An imported incident's key times. Times in the front matter are kept as
 * they are (also when absent); without them they come from the timeline: a
 * milestone row, else the first and last rows. Without a timeline they
 * stay unknown rather than becoming the time of the import.
 */
export function importedKeyTimes(doc: PostmortemDocument): ImportedKeyTimes {
  const rows = doc.timeline;
  const milestones = milestonesOf(rows);
  const given = doc.incident.startedAt !== null;
  const first = rows.reduce<Date | null>((min, r) => (min === null || r.occurredAt < min ? r.occurredAt : min), null);
  const last = rows.reduce<Date | null>((max, r) => {
    const end = r.endedAt ?? r.occurredAt;
    return max === null || end > max ? end : max;
  }, null);
  return {
    milestones,
    startedAt: doc.incident.startedAt ?? firstWith(rows, milestones, "impact_start") ?? first,
    detectedAt: given ? doc.incident.detectedAt : firstWith(rows, milestones, "detected"),
    mitigatedAt: given ? doc.incident.mitigatedAt : firstWith(rows, milestones, "mitigated"),
    resolvedAt: given ? doc.incident.resolvedAt : (firstWith(rows, milestones, "resolved") ?? last),
  };
}
