import type { Metadata } from "next";
import { connection } from "next/server";
import { currentActor } from "@/lib/auth/current-actor";
import { listIncidents } from "@/lib/incidents/service";
import { getActionItemCounts } from "@/lib/action-items/counts";
import { zIncidentStatus, zSeverity } from "@/lib/incidents/schemas";
import { LIMITS, zOptionalText } from "@/lib/validation";
import { listToWire } from "@/lib/wire";
import { zIncidentJson } from "@/lib/incidents/wire";
import { DeclareIncidentForm } from "@/components/incidents/declare-incident-form";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { IncidentFilters } from "@/components/incidents/incident-filters";
import { LiveIncidentTable } from "@/components/incidents/live-incident-table";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Incidents" };

/** Rows the page shows; the live list keeps to it as incidents arrive. */
const INCIDENT_LIST_LIMIT = 100;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IncidentsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const params = await searchParams;
  // An unknown filter value is ignored rather than an error page.
  const status = zIncidentStatus.safeParse(params.status).data;
  const severity = zSeverity.safeParse(params.severity).data;
  const q = zOptionalText(LIMITS.queryMax).safeParse(params.q).data || undefined;
  const renderedAt = new Date().toISOString();
  const actor = await currentActor();
  const incidents = await listIncidents({ query: { status, severity, q, limit: INCIDENT_LIST_LIMIT }, actor });
  // One query for every listed incident, never one per row.
  const actionItemCounts = await getActionItemCounts({ incidentIds: incidents.map((i) => i.id), actor });

  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Incidents</h1>
      {!can(actor, "incidents.write") ? <ReadOnlyNote /> : <DeclareIncidentForm />}
      <IncidentFilters status={status} severity={severity} q={q} />
      <LiveIncidentTable
        initialIncidents={listToWire(zIncidentJson, incidents)}
        actionItemCounts={actionItemCounts}
        renderedAt={renderedAt}
        filters={{ status, severity, q }}
        limit={INCIDENT_LIST_LIMIT}
      />
    </div>
  );
}
