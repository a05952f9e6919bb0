import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "../db/client";
import type { Actor } from "../auth/actor";
import { writeAudit } from "../audit";
import { toIncidentDto } from "../incidents/dto";
import type { Milestone } from "../timeline/schemas";
import type { Incident } from "../generated/prisma/client";
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
  ["mitigated", /^mitigat(?:ed|ion)\.?$|\bmain\s+impact\s+resolved\b|\bimpact\s+(?:reduced|mitigated)\b/i],
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

async function nextNumber(tx: Tx, wanted: string | null): Promise<number> {
  // Keep the number the export carried (a restore into another instance) when it is free.
  const asked = wanted ? Number(wanted.replace(/^INC-/, "")) : NaN;
  if (Number.isSafeInteger(asked) && asked > 0) {
    const taken = await tx.incident.findUnique({ where: { number: asked }, select: { id: true } });
    if (!taken) return asked;
  }
  const last = await tx.incident.aggregate({ _max: { number: true } });
  return (last._max.number ?? 0) + 1;
}

/**
 * Write an imported document as a new incident with its postmortem,
 * timeline and action items. Call inside one transaction: an import
 * either completes or leaves nothing behind.
 */
export async function saveImportedDocument(tx: Tx, doc: PostmortemDocument, actor: Actor): Promise<Incident> {
  const now = new Date();
  const rows = doc.timeline;
  const milestones = milestonesOf(rows);
  // Key times written in the front matter are kept as they are (also when absent); only
  // without them are they derived from the timeline: a milestone row, else the first and
  // last rows. Without a timeline they stay unknown rather than becoming "now".
  const given = doc.incident.startedAt !== null;
  const first = rows.reduce<Date | null>((min, r) => (min === null || r.occurredAt < min ? r.occurredAt : min), null);
  const last = rows.reduce<Date | null>((max, r) => {
    const end = r.endedAt ?? r.occurredAt;
    return max === null || end > max ? end : max;
  }, null);
  const startedAt = doc.incident.startedAt ?? firstWith(rows, milestones, "impact_start") ?? first;
  const resolvedAt = given ? doc.incident.resolvedAt : (firstWith(rows, milestones, "resolved") ?? last);
  const incident = await tx.incident.create({
    data: {
      id: randomUUID(),
      number: await nextNumber(tx, doc.incident.key),
      title: doc.incident.title,
      severity: doc.incident.severity,
      summary: doc.sections.summary.length <= 20_000 ? doc.sections.summary : "",
      status: resolvedAt || !rows.length ? "resolved" : "monitoring",
      postmortemStatus: doc.incident.postmortemStatus,
      declaredStartedAt: startedAt,
      startedAt,
      detectedAt: given ? doc.incident.detectedAt : firstWith(rows, milestones, "detected"),
      mitigatedAt: given ? doc.incident.mitigatedAt : firstWith(rows, milestones, "mitigated"),
      resolvedAt,
      services: JSON.stringify(doc.incident.services),
      createdById: actor.id,
      eventCount: rows.length,
    },
  });
  // recordedAt one millisecond apart keeps rows with equal times in their written order.
  await tx.timelineEvent.createMany({
    data: rows.map((row, i) => ({
      id: randomUUID(),
      incidentId: incident.id,
      occurredAt: row.occurredAt,
      endedAt: row.endedAt,
      recordedAt: new Date(now.getTime() + i),
      authorId: actor.id,
      authorName: actor.name,
      kind: "note",
      milestone: milestones[i] ?? null,
      statusLabel: row.statusLabel || null,
      body: row.body,
      key: true,
    })),
  });
  const postmortem = await tx.postmortem.create({
    data: {
      incidentId: incident.id,
      ...doc.sections,
      extraSections: JSON.stringify(doc.extraSections),
      layout: JSON.stringify(doc.layout),
      authors: JSON.stringify(doc.authors),
    },
  });
  await tx.impactedService.createMany({
    data: doc.impactedServices.map((s, position) => ({ postmortemId: postmortem.id, position, service: s.service, impact: s.impact })),
  });
  await tx.contributingFactor.createMany({
    data: doc.contributingFactors.map((f, position) => ({
      postmortemId: postmortem.id,
      position,
      title: f.title,
      description: f.description,
      category: f.category,
    })),
  });
  // The action-items service is built separately; the import writes its rows directly, in order.
  await tx.actionItem.createMany({
    data: doc.actionItems.map((a, i) => ({
      incidentId: incident.id,
      title: a.title,
      description: a.description,
      type: a.type,
      owner: a.owner,
      dueDate: a.dueDate,
      status: a.status,
      closedAt: a.status === "done" || a.status === "wont_do" ? now : null,
      createdById: actor.id,
      createdAt: new Date(now.getTime() + i),
    })),
  });
  await writeAudit(tx, actor, {
    incidentId: incident.id,
    entity: "incident",
    entityId: incident.id,
    action: "import",
    after: { ...toIncidentDto(incident), timelineRows: rows.length, actionItems: doc.actionItems.length },
  });
  return incident;
}
