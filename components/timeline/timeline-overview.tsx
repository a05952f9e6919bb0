"use client";

import { memo, useMemo } from "react";
import type { EventJson } from "@/lib/timeline/wire";
import type { IncidentJson } from "@/lib/incidents/wire";
import { VisualTimeline, type VisualTimelineEntry } from "@/components/postmortem/visual-timeline";
import { useNow } from "@/components/ui/use-now";

/** Long bodies would only be cut by the tooltip anyway. */
const LABEL_MAX = 60;

/** The entries the postmortem timeline would show: starred or milestones, not deleted. */
function overviewEntries(events: ReadonlyMap<string, EventJson>): VisualTimelineEntry[] {
  const entries: VisualTimelineEntry[] = [];
  for (const e of events.values()) {
    if (e.deletedAt || !(e.key || e.milestone)) continue;
    // Public updates say so in their label (the ticks' tooltips), not by colour alone.
    const text = `${e.visibility === "public" ? "[Public] " : ""}${e.statusLabel || e.body.replace(/\s+/g, " ").trim()}`;
    entries.push({
      id: e.id,
      occurredAt: e.occurredAt,
      endedAt: e.endedAt,
      label: text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text,
      milestone: e.milestone,
    });
  }
  return entries;
}

/**
 * The incident at a glance above the live timeline, drawn from the same
 * state the list shows (committed events and the live incident), so it moves
 * as entries arrive. While impact lasts, the shaded window grows with the
 * clock; a minute's step is plenty at this scale.
 */
export const TimelineOverview = memo(function TimelineOverview({
  incident,
  events,
  renderedAt,
}: {
  incident: IncidentJson;
  events: ReadonlyMap<string, EventJson>;
  renderedAt: string;
}) {
  const now = useNow(renderedAt, 60_000);
  const entries = useMemo(() => overviewEntries(events), [events]);
  return (
    <section aria-label="Incident at a glance" className="mb-4 rounded-lg border border-zinc-200 px-3 pt-2 dark:border-zinc-800">
      <VisualTimeline
        startedAt={incident.startedAt}
        detectedAt={incident.detectedAt}
        mitigatedAt={incident.mitigatedAt}
        resolvedAt={incident.resolvedAt}
        entries={entries}
        now={new Date(now).toISOString()}
      />
    </section>
  );
});
