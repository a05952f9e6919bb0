import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "../db/client";
import { lockIncidentNumbering } from "../db/dialect";
import type { Actor } from "../auth/actor";
import { writeAudit } from "../audit/write";
import { toIncidentDto } from "../incidents/dto";
import type { Incident } from "../generated/prisma/client";
import type { PostmortemDocument } from "./document";
import { importedKeyTimes } from "./import-key-times";
import { insertEvents } from "../timeline/bulk-insert";
import { accountsNamedBy } from "../people/match";
import { personKey } from "../people/person-key";

// 15 bound values a row: well under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const EVENTS_PER_INSERT = 500;

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
  const times = importedKeyTimes(doc);
  const { milestones, startedAt, resolvedAt } = times;
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
      detectedAt: times.detectedAt,
      mitigatedAt: times.mitigatedAt,
      resolvedAt,
      services: JSON.stringify(doc.incident.services),
      createdById: actor.id,
      eventCount: rows.length,
    },
  });
  // recordedAt one millisecond apart keeps rows with equal times in their written order.
  // Bound multi-row INSERTs, not createMany: Prisma builds each row at about 0.7 ms, which
  // held the write lock (and every timeline write behind it) for seconds on a large import.
  const events = rows.map((row, i) => ({
    id: randomUUID(),
    incidentId: incident.id,
    occurredAt: row.occurredAt,
    endedAt: row.endedAt,
    recordedAt: new Date(now.getTime() + i),
    actor,
    kind: "note" as const,
    milestone: milestones[i] ?? null,
    statusLabel: row.statusLabel || null,
    body: row.body,
    key: true,
    visibility: "internal",
  }));
  for (let at = 0; at < events.length; at += EVENTS_PER_INSERT) {
    await insertEvents(tx, events.slice(at, at + EVENTS_PER_INSERT));
    // The driver runs each statement synchronously: let waiting requests (health, reads) in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
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
  // Owners named like exactly one account (an export writes the account's
  // name) are linked to it again, as the action-items service does.
  const accounts = await accountsNamedBy(tx, doc.actionItems.flatMap((a) => (a.owner ? [a.owner] : [])));
  const ownerOf = (name: string | null) => {
    if (!name) return { owner: null, ownerId: null, ownerKey: null };
    const account = accounts.get(personKey(name));
    return account ? { owner: account.name, ownerId: account.id, ownerKey: personKey(account.name) } : { owner: name, ownerId: null, ownerKey: personKey(name) };
  };
  // The action-items service is built separately; the import writes its rows directly, in order.
  await tx.actionItem.createMany({
    data: doc.actionItems.map((a, i) => ({
      incidentId: incident.id,
      title: a.title,
      description: a.description,
      type: a.type,
      ...ownerOf(a.owner),
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
