import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listInstanceAudit } from "@/lib/audit/read";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";
import { AuditFilters, AuditList } from "@/components/audit/audit-list";
import { auditQueryFrom, type AuditSearchParams } from "@/components/audit/audit-query";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Audit log" };

const ENTITIES = ["incident", "event", "postmortem", "action_item", "user", "api_key", "incident_role"];

/** The whole instance's audit log (admins): filters and "older" paging live in the URL. */
export default async function AuditSettingsPage({ searchParams }: { searchParams: Promise<AuditSearchParams> }) {
  const actor = await currentActor();
  if (!can(actor, "audit.read_all")) return <NotAllowed role={actor.role} />;
  const query = auditQueryFrom(await searchParams);
  const entries = await listInstanceAudit({ query, actor });
  return (
    <div className="space-y-6">
      <SettingsHeader current="audit" title="Audit log" />
      <AuditFilters query={query} basePath="/settings/audit" entities={ENTITIES} />
      <AuditList entries={entries} query={query} basePath="/settings/audit" showIncident />
    </div>
  );
}
