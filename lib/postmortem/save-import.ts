import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "../db/client";
import { lockIncidentNumbering } from "../db/dialect";
import type { Actor } from "../auth/actor";
import { writeAudit } from "../audit";
import { toIncidentDto } from "../incidents/dto";
import type { Milestone } from "../timeline/schemas";
import type { Incident } from "../generated/prisma/client";
import type { PostmortemDocument, TimelineRow } from "./document";

/** Status words that mean a milestone, so imported timelines still drive the key times. */
const MILESTONE_WORDS: [Milestone, RegExp][] = [
  ["impact_start", /^impact\s+(?:starts?|started|begins?|began)$/i],
  ["detected", /^(?:detected|detection)$/i],
  ["mitigated", /^mitigat(?:ed|ion)$/i],
  ["resolved", /^(?:resolved|impact\s+(?:ends?|ended))$/i],
];

export function milestoneOf(statusLabel: string): Milestone | null {
  const words = statusLabel.trim().replace(/\.+$/, "");
  return MILESTONE_WORDS.find(([, re]) => re.test(words))?.[0] ?? null;
}

function firstWith(rows: TimelineRow[], milestone: Milestone): Date | null {
  const hits = rows.filter((r) => milestoneOf(r.statusLabel) === milestone).map((r) => r.occurredAt.getTime());
  return hits.length ? new Date(Math.min(...hits)) : null;
}

async function nextNumber(tx: Tx, wanted: string | null): Promise<number> {
  await lockIncidentNumbering(tx);
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
  // Key times written in the front matter are kept as they are (also when absent); only
  // without them are they derived from the timeline's milestone rows.
  const given = doc.incident.startedAt !== null;
  const startedAt = doc.incident.startedAt ?? firstWith(rows, "impact_start") ?? rows[0]?.occurredAt ?? now;
  const resolvedAt = given ? doc.incident.resolvedAt : (firstWith(rows, "resolved") ?? rows.at(-1)?.occurredAt ?? now);
  const incident = await tx.incident.create({
    data: {
      id: randomUUID(),
      number: await nextNumber(tx, doc.incident.key),
      title: doc.incident.title,
      severity: doc.incident.severity,
      summary: doc.sections.summary.length <= 20_000 ? doc.sections.summary : "",
      status: resolvedAt ? "resolved" : "monitoring",
      postmortemStatus: doc.incident.postmortemStatus,
      declaredStartedAt: startedAt,
      startedAt,
      detectedAt: given ? doc.incident.detectedAt : firstWith(rows, "detected"),
      mitigatedAt: given ? doc.incident.mitigatedAt : firstWith(rows, "mitigated"),
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
      milestone: milestoneOf(row.statusLabel),
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
