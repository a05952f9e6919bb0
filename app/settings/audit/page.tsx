import { listInstanceAudit } from "@/lib/audit/read";
import { AuditFilters, AuditList } from "@/components/audit/audit-list";
import { auditQueryFrom, type AuditSearchParams } from "@/components/audit/audit-query";
import { settingsMetadata, settingsPage } from "@/components/settings/settings-page";

export const metadata = settingsMetadata("audit");

const ENTITIES = ["incident", "event", "postmortem", "action_item", "user", "api_key", "incident_role"];

/** The whole instance's audit log (admins): filters and "older" paging live in the URL. */
export default async function AuditSettingsPage({ searchParams }: { searchParams: Promise<AuditSearchParams> }) {
  return settingsPage("audit", async (actor) => {
    const query = auditQueryFrom(await searchParams);
    const entries = await listInstanceAudit({ query, actor });
    return (
      <>
        <AuditFilters query={query} basePath="/settings/audit" entities={ENTITIES} />
        <AuditList entries={entries} query={query} basePath="/settings/audit" showIncident />
      </>
    );
  });
}
