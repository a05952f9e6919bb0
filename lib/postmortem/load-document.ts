import "server-only";
import type { Tx } from "../db/client";
import type { Db } from "../db/client";
import { parseServices } from "../incidents/dto";
import { incidentKey } from "../incidents/dto";
import { MILESTONE_LABELS, MILESTONES } from "../timeline/schemas";
import { zPostmortemStatus, zSeverity } from "../incidents/schemas";
import type { Incident, TimelineEvent } from "../generated/prisma/client";
import {
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  emptySections,
  type PostmortemDocument,
  type TimelineRow,
} from "./document";
import { factorCategory, parseAuthors, parseExtraSections, parseLayout, sectionsOf } from "./dto";

const TIMELINE_ORDER = [{ occurredAt: "asc" }, { recordedAt: "asc" }, { id: "asc" }] as const;

function milestoneLabel(milestone: string | null): string {
  const known = MILESTONES.find((m) => m === milestone);
  return known ? MILESTONE_LABELS[known] : "";
}

// Rows a page: the database driver reads a page synchronously, so a long
// timeline is read in slices with the thread (and the single SQLite
// connection) free in between, not held for the whole of it. Call it
// outside a transaction for that to help.
const KEY_ENTRIES_PAGE = 1_000;

/** The postmortem's timeline: the incident's key entries (starred ones and milestones), in timeline order. */
export async function loadKeyEntries(db: Db | Tx, incidentId: string, publicOnly = false): Promise<TimelineEvent[]> {
  const where = { incidentId, deletedAt: null, ...(publicOnly ? { visibility: "public" } : {}), OR: [{ key: true }, { milestone: { not: null } }] };
  const rows: TimelineEvent[] = [];
  let after: string | null = null;
  for (;;) {
    const page: TimelineEvent[] = await db.timelineEvent.findMany({
      where,
      orderBy: [...TIMELINE_ORDER],
      take: KEY_ENTRIES_PAGE,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    rows.push(...page);
    const last = page.at(-1);
    if (!last || page.length < KEY_ENTRIES_PAGE) return rows;
    after = last.id;
    // A page resolves without returning to the event loop (the driver is synchronous): let waiting requests in.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Everything the Markdown export needs, read from the database into a plain
 * document. `publicOnly` (the status site): only public key entries, no
 * people's names (authors, action item owners) and action items by title
 * only (their descriptions are working notes of the tracker).
 */
export async function loadPostmortemDocument(db: Db | Tx, incident: Incident, opts: { publicOnly?: boolean } = {}): Promise<PostmortemDocument> {
  const publicOnly = opts.publicOnly ?? false;
  const [postmortem, events, actionItems] = await Promise.all([
    db.postmortem.findUnique({
      where: { incidentId: incident.id },
      include: { impactedServices: { orderBy: { position: "asc" } }, contributingFactors: { orderBy: { position: "asc" } } },
    }),
    loadKeyEntries(db, incident.id, publicOnly),
    db.actionItem.findMany({ where: { incidentId: incident.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const timeline: TimelineRow[] = events.map((e) => ({
    occurredAt: e.occurredAt,
    endedAt: e.endedAt,
    statusLabel: e.statusLabel || milestoneLabel(e.milestone),
    body: e.body,
  }));
  const severity = zSeverity.safeParse(incident.severity);
  const status = zPostmortemStatus.safeParse(incident.postmortemStatus);
  return {
    incident: {
      key: incidentKey(incident.number),
      title: incident.title,
      severity: severity.success ? severity.data : "SEV2",
      postmortemStatus: status.success ? status.data : "draft",
      startedAt: incident.startedAt,
      detectedAt: incident.detectedAt,
      mitigatedAt: incident.mitigatedAt,
      resolvedAt: incident.resolvedAt,
      services: parseServices(incident.services),
    },
    authors: postmortem && !publicOnly ? parseAuthors(postmortem.authors) : [],
    sections: postmortem ? sectionsOf(postmortem) : { ...emptySections(), summary: incident.summary },
    extraSections: postmortem ? parseExtraSections(postmortem.extraSections) : [],
    impactedServices: (postmortem?.impactedServices ?? []).map((s) => ({ service: s.service, impact: s.impact })),
    contributingFactors: (postmortem?.contributingFactors ?? []).map((f) => ({
      title: f.title,
      description: f.description,
      category: factorCategory(f.category),
    })),
    actionItems: actionItems.map((a) => ({
      title: a.title,
      description: publicOnly ? "" : a.description,
      type: ACTION_ITEM_TYPES.find((t) => t === a.type) ?? "prevent",
      owner: publicOnly ? null : a.owner,
      status: ACTION_ITEM_STATUSES.find((s) => s === a.status) ?? "open",
      dueDate: a.dueDate,
    })),
    timeline,
    layout: postmortem ? parseLayout(postmortem.layout) : [],
  };
}
