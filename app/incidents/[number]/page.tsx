import { connection } from "next/server";
import { currentActor } from "@/lib/auth/current-actor";
import { listTimelineEvents } from "@/lib/timeline/service";
import { eventToJson } from "@/lib/api-client";
import { loadIncidentByNumberParam } from "@/components/incidents/load-incident";
import { Timeline } from "@/components/timeline/timeline";

/** The live timeline of one incident (INC number in the URL). */
export default async function IncidentTimelinePage({ params }: { params: Promise<{ number: string }> }) {
  await connection();
  const incident = await loadIncidentByNumberParam((await params).number);
  const actor = await currentActor();
  const { events } = await listTimelineEvents({ incidentId: incident.id, actor });
  return <Timeline incidentId={incident.id} initialEvents={events.map(eventToJson)} readOnly={actor.role === "viewer"} />;
}
