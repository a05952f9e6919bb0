import type { Metadata } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { toWire } from "@/lib/wire";
import { zIncidentJson } from "@/lib/incidents/wire";
import { loadIncidentActionItemCounts, loadIncidentByNumberParam } from "./load-incident";
import { IncidentLiveProvider } from "@/components/incidents/incident-live-provider";
import { IncidentActionItemCountsProvider } from "@/components/incidents/action-item-counts-live";
import { IncidentHeader } from "@/components/incidents/incident-header";
import { IncidentTabs } from "@/components/incidents/incident-tabs";
import { currentActor } from "@/lib/auth/current-actor";
import { personIdOf } from "@/lib/auth/actor";
import { getIncidentRoles } from "@/lib/incident-roles/assignments";
import { can } from "@/lib/auth/capabilities";

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const incident = await loadIncidentByNumberParam((await params).number);
  return { title: `${incident.key} ${incident.title}` };
}

/** The incident header (live) and its tabs, shared by the timeline, postmortem and action-item pages. */
export default async function IncidentLayout({ children, params }: { children: ReactNode; params: Params }) {
  await connection();
  const incident = await loadIncidentByNumberParam((await params).number);
  const actionItemCounts = await loadIncidentActionItemCounts(incident.id);
  const actor = await currentActor();
  const roles = await getIncidentRoles({ incidentId: incident.id, actor });
  const renderedAt = new Date().toISOString();
  // Viewers see status, severity and roles, without controls that would only fail.
  const readOnly = !can(actor, "incidents.write");
  const meId = personIdOf(actor);
  return (
    <IncidentLiveProvider key={incident.id} initialIncident={toWire(zIncidentJson, incident)} initialRoles={roles} renderedAt={renderedAt}>
      <IncidentActionItemCountsProvider incidentId={incident.id} initialCounts={actionItemCounts}>
        <IncidentHeader readOnly={readOnly} me={meId ? { id: meId, name: actor.name } : null} />
        <IncidentTabs number={incident.number} />
        <div className="pt-6">{children}</div>
      </IncidentActionItemCountsProvider>
    </IncidentLiveProvider>
  );
}
