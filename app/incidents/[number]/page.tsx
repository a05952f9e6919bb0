import { connection } from "next/server";
import { currentActor } from "@/lib/auth/current-actor";
import { listKeyTimelineEvents, listTimelineEvents } from "@/lib/timeline/service";
import { listToWire } from "@/lib/wire";
import { zEventJson } from "@/lib/timeline/wire";
import { loadIncidentByNumberParam } from "./load-incident";
import { Timeline } from "@/components/timeline/timeline";
import { can } from "@/lib/auth/capabilities";

/**
 * The live timeline of one incident (INC number in the URL). Only the
 * newest window of entries is rendered and sent (older ones load as the
 * list scrolls), plus the starred entries the overview draws, so the page
 * costs the same at 10 entries as at 100,000.
 */
export default async function IncidentTimelinePage({ params }: { params: Promise<{ number: string }> }) {
  await connection();
  const incident = await loadIncidentByNumberParam((await params).number);
  const actor = await currentActor();
  const [{ events, page }, keyEvents] = await Promise.all([
    listTimelineEvents({ incidentId: incident.id, actor }),
    listKeyTimelineEvents({ incidentId: incident.id, actor }),
  ]);
  return (
    <Timeline
      incidentId={incident.id}
      initialPage={{ events: listToWire(zEventJson, events), page }}
      initialKeyEvents={listToWire(zEventJson, keyEvents)}
      readOnly={!can(actor, "timeline.write")}
    />
  );
}
