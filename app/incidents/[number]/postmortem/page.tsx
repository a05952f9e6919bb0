import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listToWire, toWire } from "@/lib/wire";
import { zEventJson } from "@/lib/timeline/wire";
import { zPostmortemJson } from "@/lib/postmortem/wire";
import { getPostmortem } from "@/lib/postmortem/service";
import { listPostmortemTimelineEvents } from "@/lib/timeline/service";
import { loadIncidentByNumberParam } from "../load-incident";
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
  return <PostmortemEditor initial={toWire(zPostmortemJson, postmortem)} initialEvents={listToWire(zEventJson, events)} readOnly={!can(actor, "postmortem.write")} />;
}
