import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listIncidentAudit } from "@/lib/audit/read";
import { loadIncidentByNumberParam } from "../load-incident";
import { AuditFilters, AuditList } from "@/components/audit/audit-list";
import { auditQueryFrom, type AuditSearchParams } from "@/components/audit/audit-query";

type Params = Promise<{ number: string }>;

const ENTITIES = ["incident", "event", "postmortem", "action_item"];

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const incident = await loadIncidentByNumberParam((await params).number);
  return { title: `${incident.key} audit` };
}

/** Who changed what on one incident, newest first. The header and tabs come from the incident layout. */
export default async function IncidentAuditPage({ params, searchParams }: { params: Params; searchParams: Promise<AuditSearchParams> }) {
  const actor = await currentActor();
  const incident = await loadIncidentByNumberParam((await params).number);
  const query = auditQueryFrom(await searchParams);
  const entries = await listIncidentAudit({ incidentId: incident.id, query, actor });
  const basePath = `/incidents/${incident.number}/audit`;
  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">Audit log</h2>
      <p className="text-zinc-600 dark:text-zinc-400">Every change to this incident, its timeline, postmortem and action items: who, when, and what it was before.</p>
      <AuditFilters query={query} basePath={basePath} entities={ENTITIES} />
      <AuditList entries={entries} query={query} basePath={basePath} />
    </div>
  );
}
