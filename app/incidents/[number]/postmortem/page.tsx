import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { eventToJson } from "@/lib/api-client";
import { getPostmortem } from "@/lib/postmortem/service";
import { listPostmortemTimelineEvents } from "@/lib/timeline/service";
import { loadIncidentByNumberParam } from "../load-incident";
import { postmortemToJson } from "@/components/postmortem/api";
import { PostmortemEditor } from "@/components/postmortem/postmortem-editor";
import { can } from "@/lib/auth/capabilities";

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const incident = await loadIncidentByNumberParam((await params).number);
  return { title: `${incident.key} postmortem` };
}

/** The postmortem tab: drafting, key entries, status and Markdown export. The header and tabs come from the incident layout. */
export default async function PostmortemPage({ params }: { params: Params }) {
  const actor = await currentActor();
  const incident = await loadIncidentByNumberParam((await params).number);
  const [postmortem, events] = await Promise.all([
    getPostmortem({ incidentId: incident.id, actor }),
    listPostmortemTimelineEvents({ incidentId: incident.id, actor }),
  ]);
  return <PostmortemEditor initial={postmortemToJson(postmortem)} initialEvents={events.map(eventToJson)} readOnly={!can(actor, "postmortem.write")} />;
}
