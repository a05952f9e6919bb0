import type { ImportedPostmortem } from "./markdown/report";
import { importedKeyTimes } from "./import-key-times";
import { formatUtcDate } from "../time-format";

/**
 * What an import would create, shown before anything is written: the
 * incident (title, severity and where each came from, key times), the
 * timeline rows with the time as written, the UTC time and the zone
 * applied, the sections (mapped to ours or kept), follow-ups, impacted
 * services and warnings. Long lists are cut to a window; the totals say how
 * many there are.
 */
export const PREVIEW_ROWS_MAX = 500;
export const PREVIEW_ITEMS_MAX = 200;
const TEXT_MAX = 280;

function clip(text: string): string {
  return text.length <= TEXT_MAX ? text : `${text.slice(0, TEXT_MAX - 1)}…`;
}

export type ImportPreview = ReturnType<typeof importPreview>;

export function importPreview(doc: ImportedPostmortem) {
  const times = importedKeyTimes(doc);
  const { report } = doc;
  return {
    incident: {
      title: doc.incident.title,
      titleSource: report.title.source,
      severity: doc.incident.severity,
      severitySource: report.severity.source,
      severityPhrase: report.severity.phrase,
      date: report.date,
      startedAt: times.startedAt?.toISOString() ?? null,
      detectedAt: times.detectedAt?.toISOString() ?? null,
      mitigatedAt: times.mitigatedAt?.toISOString() ?? null,
      resolvedAt: times.resolvedAt?.toISOString() ?? null,
      services: doc.incident.services,
    },
    timeline: doc.timeline.slice(0, PREVIEW_ROWS_MAX).map((row, i) => ({
      written: report.timeline[i]?.written ?? "",
      occurredAt: row.occurredAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      zone: report.timeline[i]?.zone ?? "",
      milestone: times.milestones[i] ?? null,
      statusLabel: clip(row.statusLabel),
      body: clip(row.body),
    })),
    timelineTotal: doc.timeline.length,
    sections: report.sections.slice(0, PREVIEW_ITEMS_MAX),
    sectionsTotal: report.sections.length,
    followUps: doc.actionItems.slice(0, PREVIEW_ITEMS_MAX).map((a) => ({
      title: a.title,
      owner: a.owner,
      status: a.status,
      type: a.type,
      dueDate: a.dueDate ? formatUtcDate(a.dueDate) : null,
    })),
    followUpsTotal: doc.actionItems.length,
    impactedServices: doc.impactedServices.slice(0, PREVIEW_ITEMS_MAX).map((s) => ({ service: s.service, impact: clip(s.impact) })),
    contributingFactors: doc.contributingFactors.length,
    warnings: report.warnings,
  };
}
