import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { incidentKey, parseServices } from "../incidents/dto";
import { zIncidentStatus, zSeverity, type IncidentStatus, type Severity } from "../incidents/schemas";
import { loadPostmortemDocument } from "../postmortem/load-document";
import type { PostmortemDocument } from "../postmortem/document";
import type { Incident } from "../generated/prisma/client";
import { historyStart, isPostmortemPublic, OPEN_STATUSES, STATUS_LIMITS } from "./rules";

/** One public update as the site shows it: no author, no internal fields. */
export type PublicUpdate = {
  id: string;
  version: number;
  occurredAt: Date;
  recordedAt: Date;
  updatedAt: Date;
  /** The status label (Investigating, Identified …) when the update has one. */
  label: string | null;
  body: string;
};

export type PublicIncident = {
  id: string;
  number: number;
  key: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  services: string[];
  /** null when the start is unknown (an imported postmortem without a timeline). */
  startedAt: Date | null;
  resolvedAt: Date | null;
  /** Newest first, at most STATUS_LIMITS.updatesPerIncident. */
  updates: PublicUpdate[];
  /** All public updates, including those past the limit. */
  updateCount: number;
  /** The published postmortem (public parts only), or null. */
  postmortem: { document: PostmortemDocument; updatedAt: Date } | null;
};

export type StatusData = {
  open: PublicIncident[];
  recent: PublicIncident[];
  /** Start of the history window (HISTORY_DAYS before `now`). */
  since: Date;
  /** A stable id for this instance's feed. */
  instanceId: string;
};

const PUBLIC_LIVE = { visibility: "public", deletedAt: null } as const;
const NEWEST_FIRST = [{ occurredAt: "desc" }, { recordedAt: "desc" }, { id: "desc" }] as const;

async function publicUpdates(db: Db, incidentId: string): Promise<PublicUpdate[]> {
  const rows = await db.timelineEvent.findMany({
    where: { incidentId, ...PUBLIC_LIVE },
    orderBy: [...NEWEST_FIRST],
    take: STATUS_LIMITS.updatesPerIncident,
    select: { id: true, version: true, occurredAt: true, recordedAt: true, updatedAt: true, statusLabel: true, body: true },
  });
  return rows.map(({ statusLabel, ...r }) => ({ ...r, label: statusLabel?.trim() || null }));
}

async function toPublicIncident(db: Db, row: Incident, updateCount: number): Promise<PublicIncident | null> {
  const status = zIncidentStatus.safeParse(row.status);
  const severity = zSeverity.safeParse(row.severity);
  if (!status.success || !severity.success) return null;
  const [updates, postmortemRow] = await Promise.all([
    publicUpdates(db, row.id),
    isPostmortemPublic(row.postmortemStatus)
      ? db.postmortem.findUnique({ where: { incidentId: row.id }, select: { updatedAt: true } })
      : Promise.resolve(null),
  ]);
  if (updates.length === 0) return null;
  const postmortem = postmortemRow
    ? { document: await loadPostmortemDocument(db, row, { publicOnly: true }), updatedAt: postmortemRow.updatedAt }
    : null;
  return {
    id: row.id,
    number: row.number,
    key: incidentKey(row.number),
    title: row.title,
    status: status.data,
    severity: severity.data,
    services: parseServices(row.services),
    startedAt: row.startedAt,
    resolvedAt: row.resolvedAt,
    updates,
    updateCount,
    postmortem,
  };
}

/** Public update counts of these incidents (index seeks on incidentId + visibility). */
async function publicCounts(db: Db, incidentIds: string[]): Promise<Map<string, number>> {
  if (incidentIds.length === 0) return new Map();
  const groups = await db.timelineEvent.groupBy({
    by: ["incidentId"],
    where: { incidentId: { in: incidentIds }, ...PUBLIC_LIVE },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.incidentId, g._count._all]));
}

async function shown(db: Db, candidates: Incident[], max: number): Promise<PublicIncident[]> {
  const counts = await publicCounts(db, candidates.map((c) => c.id));
  // An incident is on the site only once it has at least one public update.
  const withPublic = candidates.filter((c) => (counts.get(c.id) ?? 0) > 0).slice(0, max);
  const out: PublicIncident[] = [];
  for (const row of withPublic) {
    const incident = await toPublicIncident(db, row, counts.get(row.id) ?? 0);
    if (incident) out.push(incident);
    // SQLite answers synchronously: give requests a turn between incidents.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * A stable id for the feed that needs no setting: derived from the oldest
 * account's id (made once per instance, and carried by a restore), hashed
 * so it reveals nothing.
 */
async function instanceId(db: Db): Promise<string> {
  const first = await db.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return createHash("sha256").update(`debrief-status:${first?.id ?? "new instance"}`).digest("hex");
}

/**
 * What the status site shows, read in a bounded window: open incidents and
 * those resolved since HISTORY_DAYS ago, through the status / resolvedAt
 * indexes, then each one's public updates through (incidentId, visibility).
 * Nothing here reads an incident's internal entries.
 */
export async function loadStatusData(db: Db, now: Date): Promise<StatusData> {
  const since = historyStart(now);
  const [openRows, recentRows, id] = await Promise.all([
    db.incident.findMany({
      where: { deletedAt: null, status: { in: [...OPEN_STATUSES] } },
      orderBy: [{ startedAt: "desc" }, { number: "desc" }],
      take: STATUS_LIMITS.openCandidates,
    }),
    db.incident.findMany({
      where: { deletedAt: null, status: "resolved", resolvedAt: { gte: since } },
      orderBy: [{ resolvedAt: "desc" }, { number: "desc" }],
      take: STATUS_LIMITS.recentCandidates,
    }),
    instanceId(db),
  ]);
  const open = await shown(db, openRows, STATUS_LIMITS.openShown);
  const recent = await shown(db, recentRows, STATUS_LIMITS.recentShown);
  return { open, recent, since, instanceId: id };
}
